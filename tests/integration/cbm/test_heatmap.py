"""The dashboard's heatmap: per state and dimension the declarations active and the events hosted or
taken part in (cancelled events not counted), events per year and dimension, on both backends;
its data version changes with every cbm write."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.cbm import operations, queries, setup
from cica.cbm.models import CatalogueVersion, Dimension, PriorityArea
from cica.cbm.queries import HeatmapCell
from cica.cbm.rules import EventKind, EventStatus
from cica.core.context import Context
from tests.factories import SECRETARIAT, delegate


def _area_of(session: Session, dimension: str) -> PriorityArea:
    """The first priority area of a dimension of the latest catalogue."""
    latest = session.scalar(select(CatalogueVersion.id).order_by(CatalogueVersion.adopted.desc()))
    area = session.scalars(
        select(PriorityArea)
        .join(Dimension)
        .where(Dimension.key == dimension, Dimension.version_id == latest)
        .order_by(PriorityArea.position)
    ).first()
    assert area is not None
    return area


def test_the_heatmap_counts_declarations_and_events_by_state_and_dimension(cica: Context) -> None:
    with cica.unit_of_work() as session:
        setup.load_catalogue(session, Actor.system())
        military, economic = _area_of(session, "military_political"), _area_of(session, "economic")
        operations.declare(
            session, military.measures[0].id, "KAZ", since=date(2020, 1, 1), actor=delegate("KAZ")
        )
        version = queries.data_version(session)

        def event(area: PriorityArea, host: str, starts: date, participants: list[str]) -> int:
            return operations.add_event(
                session, area.id, kind=EventKind.SEMINAR, title="Seminar", host=host, starts=starts,
                ends=starts, plan_year=starts.year, participants=participants, actor=SECRETARIAT,
            ).id  # fmt: skip

        event(economic, "KAZ", date(2021, 4, 1), ["CHN", "IND"])
        event(economic, "CHN", date(2022, 4, 1), ["KAZ"])
        event(military, "IND", date(2022, 6, 1), [])
        cancelled = event(military, "IND", date(2022, 7, 1), ["KAZ"])
        operations.set_event_status(session, cancelled, EventStatus.CANCELLED, actor=SECRETARIAT)
        assert queries.data_version(session) != version

    with cica.unit_of_work(write=False) as session:
        shown = queries.heatmap(session, lang="zh")
        assert [d.key for d in shown.dimensions][:1] == ["military_political"]
        assert shown.dimensions[0].name == "军事政治领域"
        assert shown.participants == ["CHN", "IND", "KAZ"]
        assert shown.cells == [
            HeatmapCell(participant="CHN", dimension="economic", declarations=0, events=2),
            HeatmapCell(participant="IND", dimension="economic", declarations=0, events=1),
            HeatmapCell(participant="IND", dimension="military_political", declarations=0, events=1),
            HeatmapCell(participant="KAZ", dimension="economic", declarations=0, events=2),
            HeatmapCell(participant="KAZ", dimension="military_political", declarations=1, events=0),
        ]
        per_year = {(c.year, c.dimension): c.events for c in shown.per_year}
        assert per_year == {(2021, "economic"): 1, (2022, "economic"): 1, (2022, "military_political"): 1}
        # In 2022 alone: KAZ's declaration (active since 2020) and the events of 2022.
        in_2022 = {
            (c.participant, c.dimension): c.total for c in queries.heatmap(session, years=(2022, 2022)).cells
        }
        assert in_2022 == {
            ("CHN", "economic"): 1,
            ("IND", "military_political"): 1,
            ("KAZ", "economic"): 1,
            ("KAZ", "military_political"): 1,
        }
        row = shown.participants.index("KAZ")
        column = [d.key for d in shown.dimensions].index("economic")
        assert shown.matrix()[row][column] == 2
