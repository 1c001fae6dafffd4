"""A notification round on the built-in form for planned military activities (measure 2.1.1 (d),
whose example lead time is 42 days): a state notifies an exercise 10 days ahead, so it is marked
late; two of the three other states taking part acknowledge; once the reply deadline has passed,
the third is shown missing on the compliance panel. Only the states taking part see or
acknowledge it; every refusal changes nothing."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from cica.access.actors import Actor
from cica.audit.models import AuditEntry
from cica.cbm import operations, queries, setup
from cica.cbm.models import NotificationForm
from cica.core.context import Context
from cica.core.errors import InvalidInput, PermissionDenied
from cica.core.settings import Settings
from tests.factories import SECRETARIAT, delegate

START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 11:00 in Astana
TAKING_PART = ("IND", "KAZ", "CHN", "RUS")


def _at(settings: Settings, moment: datetime) -> Context:
    return Context.create(dataclasses.replace(settings, frozen_time=moment.isoformat()))


@pytest.fixture
def round_trip(cica: Context, settings: Settings) -> int:
    with _at(settings, START) as context, context.unit_of_work() as session:
        setup.load_catalogue(session, Actor.system())
        measure = session.scalars(
            select(NotificationForm.measure_id).where(NotificationForm.key == "military_activity")
        ).one()
        for code in TAKING_PART:
            operations.declare(session, measure, code, actor=delegate(code))
        values = {
            "title": "Peace Mission",
            "starts_on": (START + timedelta(days=10)).date().isoformat(),
            "ends_on": (START + timedelta(days=14)).date().isoformat(),
            "area": "Eastern region",
            "troops": 12000,
        }
        notification = operations.notify(session, "military_activity", "IND", values, actor=delegate("IND"))
        for code in ("KAZ", "CHN"):
            operations.acknowledge(session, notification.id, code, actor=delegate(code))
        return notification.id


def test_a_notification_10_days_ahead_is_late_and_a_missing_acknowledgement_shows_after_the_deadline(
    settings: Settings, round_trip: int
) -> None:
    with _at(settings, START + timedelta(days=1)) as context, context.unit_of_work(write=False) as session:
        shown = queries.notification(session, SECRETARIAT, round_trip)
        assert shown.late and shown.days_ahead == 10 and shown.lead_time_days == 42
        assert shown.obligatory  # 12,000 troops: over the form's threshold
        assert sorted(r.participant for r in shown.recipients) == ["CHN", "KAZ", "RUS"]
        # Before the reply deadline nobody is missing yet; the notification is on the panel as late.
        (early,) = queries.compliance(session, SECRETARIAT).rows
        assert early.late and early.missing == []
    with _at(settings, START + timedelta(days=15)) as context, context.unit_of_work(write=False) as session:
        (late,) = queries.compliance(session, SECRETARIAT).rows
        assert (late.notification, late.sender, late.missing) == (round_trip, "IND", ["RUS"])
        acknowledged = {r.participant: r.acknowledged_at is not None for r in queries.notification(
            session, SECRETARIAT, round_trip).recipients}  # fmt: skip
        assert acknowledged == {"KAZ": True, "CHN": True, "RUS": False}


def test_only_the_states_taking_part_see_or_acknowledge_it(
    cica: Context, settings: Settings, round_trip: int
) -> None:
    with _at(settings, START + timedelta(days=1)) as context:
        with context.unit_of_work(write=False) as session:
            entries = session.scalar(select(func.count()).select_from(AuditEntry))
            assert [n.id for n in queries.notifications(session, delegate("RUS")).items] == [round_trip]
            assert queries.notifications(session, delegate("PAK")).items == []
            assert queries.notifications(session, None).items == []
        with (
            pytest.raises(PermissionDenied, match="only the states taking part"),
            context.unit_of_work() as session,
        ):
            operations.acknowledge(session, round_trip, "PAK", actor=delegate("PAK"))
        with pytest.raises(PermissionDenied), context.unit_of_work() as session:
            operations.acknowledge(session, round_trip, "RUS", actor=delegate("IND"))  # not its own
        with pytest.raises(InvalidInput), context.unit_of_work() as session:
            operations.notify(session, "military_activity", "IND", {"title": "x"}, actor=delegate("IND"))
        with context.unit_of_work(write=False) as session:
            assert session.scalar(select(func.count()).select_from(AuditEntry)) == entries
            still = queries.notification(session, SECRETARIAT, round_trip)
            assert {r.participant for r in still.recipients if r.acknowledged_at} == {"KAZ", "CHN"}
