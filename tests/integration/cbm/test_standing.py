"""Where each state taking part in a measure stands: declared until an event of the measure's area
it hosted or took part in, active while the last such event is within the period (24 months, an
example for states to agree), lapsed after; cancelled events do not count."""

from __future__ import annotations

from datetime import date

import pytest

from cica.access.actors import Actor
from cica.cbm import operations, queries, setup
from cica.cbm.models import Measure, NotificationForm
from cica.cbm.rules import EventKind, EventStatus, MeasureStatus
from cica.core.context import Context
from cica.core.errors import Conflict, InvalidInput, PermissionDenied
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


def test_a_withdrawal_ends_the_declaration_and_keeps_it(cica: Context) -> None:
    with cica.unit_of_work() as session:
        setup.load_catalogue(session, Actor.system())
        form = session.get(NotificationForm, "military_activity")
        assert form is not None
        measure = form.measure_id
        operations.declare(session, measure, "IND", since=date(2025, 1, 1), actor=delegate("IND"))
    refusals = [
        ("IND", date(2025, 1, 1), InvalidInput, "it withdraws after that day"),
        ("KAZ", date(2026, 1, 1), Conflict, "nothing to withdraw"),
    ]
    for code, day, error, rule in refusals:
        with pytest.raises(error, match=rule), cica.unit_of_work() as session:
            operations.withdraw(session, measure, code, on=day, actor=delegate(code))
    with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
        operations.withdraw(session, measure, "IND", on=date(2026, 1, 1), actor=delegate("KAZ"))
    with cica.unit_of_work() as session:
        operations.withdraw(session, measure, "IND", on=date(2026, 1, 1), actor=delegate("IND"))
    with cica.unit_of_work(write=False) as session:
        assert queries.participants(session, measure, date(2025, 12, 31)) == ["IND"]
        assert queries.participants(session, measure, date(2026, 1, 1)) == []
        assert [r.participant for r in queries.standing(session, date(2026, 1, 1)).rows] == []
    with cica.unit_of_work() as session:  # and may take part again
        operations.declare(session, measure, "IND", since=date(2026, 3, 1), actor=delegate("IND"))
