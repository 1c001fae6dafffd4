"""Scheduling, moving and cancelling meetings on SQLite and PostgreSQL: the conflict rules refuse
naming their rule and change nothing; every write is audited; the historical record loads once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cica.access.actors import Actor
from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.core.errors import Conflict, InvalidInput, PermissionDenied
from cica.meetings import operations, queries, record
from cica.meetings.models import Meeting
from cica.meetings.rules import MeetingStatus
from tests.factories import delegate, make_meeting


def _count(context: Context) -> int:
    with context.unit_of_work(write=False) as session:
        return session.scalar(select(func.count()).select_from(Meeting)) or 0


def test_scheduling_is_audited_in_the_same_transaction(cica: Context) -> None:
    with cica.unit_of_work() as session:
        meeting = make_meeting(session, day="2030-03-03")
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None and entry.action == "meeting.schedule"
        assert f"meeting:{meeting.id}" in entry.objects
        assert [step.status for step in meeting.history] == [MeetingStatus.PLANNED]


@pytest.mark.parametrize(
    ("kwargs", "refusal"),
    [
        ({"day": "2030-03-04"}, "one meeting of an organ at a time"),
        ({"day": "1999-09-13"}, "an organ meets only while it exists"),
        ({"day": "2012-01-10", "host": "SAU"}, "the host is a participant on the day"),
    ],
)
def test_conflicts_are_refused_naming_the_rule_and_change_nothing(
    cica: Context, kwargs: dict[str, str], refusal: str
) -> None:
    with cica.unit_of_work() as session:
        make_meeting(session, day="2030-03-03", last_day="2030-03-05")
    before = _count(cica)
    with pytest.raises(Conflict, match=refusal), cica.unit_of_work() as session:
        make_meeting(session, **kwargs)
    assert _count(cica) == before


def test_another_organ_may_meet_at_the_same_time(cica: Context) -> None:
    with cica.unit_of_work() as session:
        make_meeting(session, day="2030-03-03")
        make_meeting(session, organ="swg", day="2030-03-03")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"day": "2030-03-05", "last_day": "2030-03-04"}, "ends_at"),
        ({"time_zone": "Asia/Atlantis"}, "time_zone"),
    ],
)
def test_bad_input_is_refused_naming_its_field(cica: Context, kwargs: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput, match=f"^{field}: "), cica.unit_of_work() as session:
        make_meeting(session, **kwargs)
    assert _count(cica) == 0


def test_only_the_secretariat_schedules(cica: Context) -> None:
    with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
        make_meeting(session, actor=delegate("IND", "head_of_delegation"))
    assert _count(cica) == 0


def test_cancelling_keeps_the_meeting_with_a_higher_sequence_and_its_history(cica: Context) -> None:
    with cica.unit_of_work() as session:
        meeting_id = make_meeting(session, day="2030-03-03").id
    with cica.unit_of_work() as session:
        operations.cancel(session, meeting_id, reason="no quorum of hosts", actor=Actor.system())
    with cica.unit_of_work(write=False) as session:
        detail = queries.meeting(session, meeting_id)
    assert detail.status is MeetingStatus.CANCELLED and detail.sequence == 1
    assert [(s.previous_status, s.status) for s in detail.history] == [
        (None, MeetingStatus.PLANNED),
        (MeetingStatus.PLANNED, MeetingStatus.CANCELLED),
    ]
    # A cancelled meeting holds no time: another may take its days; it cannot come back.
    with cica.unit_of_work() as session:
        make_meeting(session, day="2030-03-03")
    with pytest.raises(Conflict, match=r"^status: "), cica.unit_of_work() as session:
        operations.update(
            session, meeting_id, operations.plan_of_id(session, meeting_id), status=MeetingStatus.PLANNED,
            actor=Actor.system(),
        )  # fmt: skip


def test_the_historical_record_loads_once(cica: Context) -> None:
    meetings = record.load("cica", "Asia/Almaty")
    with cica.unit_of_work() as session:
        assert operations.load_record(session, meetings, actor=Actor.system()) == len(meetings) == 20
    with cica.unit_of_work() as session:
        assert operations.load_record(session, meetings, actor=Actor.system()) == 0
    assert _count(cica) == 20


def test_a_body_without_a_record_has_no_historical_meetings() -> None:
    assert record.load("pacifica", "Pacific/Fiji") == ()
