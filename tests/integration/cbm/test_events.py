"""Events of the Plan of Implementation: the Secretariat adds a planned workshop of a priority area
and records it held; one outside the plan has no plan year; a refused event (dated before its
plan's year, ending before it starts, a measure of another area, from a delegate) writes nothing,
and a held event cannot be cancelled. Each write leaves one audit entry."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from cica.access.actors import Actor
from cica.audit.models import AuditEntry
from cica.cbm import operations, setup
from cica.cbm.capability import AuditAction
from cica.cbm.models import Event, PriorityArea
from cica.cbm.rules import EventKind, EventStatus
from cica.core.context import Context
from cica.core.errors import InvalidInput, PermissionDenied
from tests.factories import SECRETARIAT, delegate


@pytest.fixture
def area(cica: Context) -> tuple[int, str]:
    """A priority area with measures, and the number of its first measure."""
    with cica.unit_of_work() as session:
        setup.load_catalogue(session, Actor.system())
        row = next(a for a in session.scalars(select(PriorityArea).order_by(PriorityArea.id)) if a.measures)
        return row.id, row.measures[0].number


def _audit_actions(cica: Context) -> list[str]:
    with cica.unit_of_work(write=False) as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_a_planned_workshop_is_held_and_each_write_is_audited(cica: Context, area: tuple[int, str]) -> None:
    area_id, measure = area
    before = len(_audit_actions(cica))
    with cica.unit_of_work() as session:
        event = operations.add_event(
            session, area_id, kind=EventKind.WORKSHOP, title="Workshop on disaster response",
            host="KAZ", starts=date(2026, 5, 12), ends=date(2026, 5, 13), plan_year=2026,
            measures=[measure], organisers=["CICA Secretariat"], venue="Astana",
            participants=["CHN", "IND", "KAZ"], actor=SECRETARIAT,
        )  # fmt: skip
        event_id = event.id
    with cica.unit_of_work() as session:
        operations.set_event_status(
            session, event_id, EventStatus.HELD, outcome="Recommendations adopted", actor=SECRETARIAT
        )
    with cica.unit_of_work(write=False) as session:
        stored = session.get(Event, event_id)
        assert stored is not None
        assert (stored.status, stored.outcome, stored.plan_year) == (
            EventStatus.HELD,
            "Recommendations adopted",
            2026,
        )
        assert stored.participants == ["CHN", "IND"]  # the host takes part by hosting
        assert stored.kind is EventKind.WORKSHOP and stored.measures == [measure]
    assert _audit_actions(cica)[before:] == [AuditAction.CBM_EVENT_ADD, AuditAction.CBM_EVENT_STATUS]


def test_an_event_outside_the_plan_has_no_plan_year(cica: Context, area: tuple[int, str]) -> None:
    with cica.unit_of_work() as session:
        event = operations.add_event(
            session, area[0], kind=EventKind.VISIT, title="Visit", host="IND",
            starts=date(2019, 1, 1), ends=date(2019, 1, 1), plan_year=None, actor=SECRETARIAT,
        )  # fmt: skip
        assert event.plan_year is None and event.status is EventStatus.PLANNED


def test_refused_events_and_transitions_write_nothing(cica: Context, area: tuple[int, str]) -> None:
    area_id, measure = area
    with cica.unit_of_work() as session:
        held = operations.add_event(
            session, area_id, kind=EventKind.SEMINAR, title="Seminar", host="KAZ",
            starts=date(2026, 3, 1), ends=date(2026, 3, 1), plan_year=2026, actor=SECRETARIAT,
        )  # fmt: skip
        operations.set_event_status(session, held.id, EventStatus.HELD, actor=SECRETARIAT)
        held_id = held.id
    before = len(_audit_actions(cica))
    refused: list[tuple[type[Exception], str, dict[str, object]]] = [
        (InvalidInput, "before that year", {"starts": date(2025, 12, 1), "ends": date(2026, 1, 2), "plan_year": 2026}),
        (InvalidInput, "before it starts", {"starts": date(2026, 2, 2), "ends": date(2026, 2, 1), "plan_year": 2026}),
        (InvalidInput, "not a measure of the area", {"measures": ["99.99.99"]}),
        (InvalidInput, "no participant", {"participants": ["XXX"]}),
    ]  # fmt: skip
    for error, message, changes in refused:
        fields: dict[str, object] = {"starts": date(2026, 2, 1), "ends": date(2026, 2, 2), "plan_year": 2026}
        with pytest.raises(error, match=message), cica.unit_of_work() as session:
            operations.add_event(
                session, area_id, kind=EventKind.TRAINING, title="Training", host="KAZ",
                actor=SECRETARIAT, **{**fields, **changes},  # type: ignore[arg-type]
            )  # fmt: skip
    with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
        operations.add_event(
            session, area_id, kind=EventKind.TRAINING, title="Training", host="KAZ", measures=[measure],
            starts=date(2026, 2, 1), ends=date(2026, 2, 2), plan_year=2026, actor=delegate("KAZ"),
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="cannot become cancelled"), cica.unit_of_work() as session:
        operations.set_event_status(session, held_id, EventStatus.CANCELLED, actor=SECRETARIAT)
    with cica.unit_of_work(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 1
        stored = session.get(Event, held_id)
        assert stored is not None and stored.status is EventStatus.HELD
    # A permission refusal is audited as a refusal (by the guard); the rules' refusals are not.
    assert [a for a in _audit_actions(cica)[before:] if a.startswith("cbm.")] == []
