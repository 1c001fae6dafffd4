"""Where each state taking part in a measure stands: declared until an event of the measure's area
it hosted or took part in, active while the last such event is within the period (24 months, an
example for states to agree), lapsed after; cancelled events do not count."""

from __future__ import annotations

from datetime import date

from cica.access.actors import Actor
from cica.cbm import operations, queries, setup
from cica.cbm.models import Measure, NotificationForm
from cica.cbm.rules import EventKind, EventStatus, MeasureStatus
from cica.core.context import Context
from tests.factories import SECRETARIAT, delegate


def test_declared_active_then_lapsed(cica: Context) -> None:
    with cica.unit_of_work() as session:
        setup.load_catalogue(session, Actor.system())
        form = session.get(NotificationForm, "military_activity")
        assert form is not None
        measure = session.get(Measure, form.measure_id)
        assert measure is not None
        for code in ("IND", "KAZ", "CHN"):
            operations.declare(session, measure.id, code, since=date(2025, 1, 1), actor=delegate(code))
        for host, status in (("KAZ", EventStatus.HELD), ("CHN", EventStatus.CANCELLED)):
            event = operations.add_event(
                session, measure.area_id, kind=EventKind.SEMINAR, title="Seminar", host=host,
                starts=date(2026, 1, 10), ends=date(2026, 1, 11), plan_year=2026, actor=SECRETARIAT,
            )  # fmt: skip
            operations.set_event_status(session, event.id, status, actor=SECRETARIAT)

    def standing(day: date) -> dict[str, MeasureStatus]:
        with cica.unit_of_work(write=False) as session:
            shown = queries.standing(session, day)
        assert shown.active_months == 24 and shown.active_months_example
        return {row.participant: row.status for row in shown.rows if row.measure == measure.id}

    assert standing(date(2025, 6, 1)) == {code: MeasureStatus.DECLARED for code in ("IND", "KAZ", "CHN")}
    assert standing(date(2026, 6, 1)) == {
        "IND": MeasureStatus.DECLARED, "KAZ": MeasureStatus.ACTIVE, "CHN": MeasureStatus.DECLARED,
    }  # fmt: skip
    assert standing(date(2028, 1, 10))["KAZ"] is MeasureStatus.LAPSED
    assert standing(date(2028, 1, 9))["KAZ"] is MeasureStatus.ACTIVE
