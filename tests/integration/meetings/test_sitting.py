"""Participation, the agenda and the speakers' list on SQLite and PostgreSQL: each act is audited,
refusals name their rule and change nothing, the list keeps the charter's order."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cica.access.actors import Actor
from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.core.errors import Conflict, PermissionDenied
from cica.meetings import operations, queries
from cica.meetings.rules import AgendaState, FloorKind, Group, SpeakerState
from cica.registry import snapshot
from tests.factories import SECRETARIAT, delegate, make_meeting


def _last_action(session: object) -> str:
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()  # type: ignore[attr-defined]
    assert entry is not None
    return str(entry.action)


def _sitting(cica: Context) -> tuple[int, int, str]:
    """A meeting with one agenda item; IND and the presiding delegation registered."""
    with cica.unit_of_work() as session:
        meeting = make_meeting(session, day="2030-03-03")
        chair = operations.presiding(snapshot.current(session), meeting)
        assert chair is not None
        item = operations.add_item(session, meeting.id, "Confidence-building measures", actor=SECRETARIAT)
        for code in {"IND", chair}:
            operations.register(session, meeting.id, code, actor=SECRETARIAT)
        return meeting.id, item.id, chair


def test_a_delegation_registers_its_own_participation_and_is_listed_in_its_group(cica: Context) -> None:
    with cica.unit_of_work() as session:
        meeting = make_meeting(session, day="2030-03-03")
        operations.register(
            session, meeting.id, "IND", head="A. Head", members=["B", "C"], actor=delegate("IND")
        )
        assert _last_action(session) == "meeting.attend"
        with pytest.raises(PermissionDenied, match="acts for IND only"):
            operations.register(session, meeting.id, "CHN", actor=delegate("IND"))
        attended = queries.attendance(session, meeting.id)
    assert [(a.code, a.group, a.head, a.members) for a in attended] == [
        ("IND", Group.MEMBERS, "A. Head", ["B", "C"])
    ]


def test_a_non_participant_on_the_day_is_refused_naming_the_rule(cica: Context) -> None:
    with cica.unit_of_work() as session:
        meeting = make_meeting(session, day="2000-03-03", host=None)
        with pytest.raises(Conflict, match="a delegation attends only as a participant on the day"):
            operations.register(session, meeting.id, "QAT", actor=SECRETARIAT)
        assert queries.attendance(session, meeting.id) == []


def test_the_agenda_is_circulated_then_adopted_and_then_closed_to_changes(cica: Context) -> None:
    with cica.unit_of_work() as session:
        meeting = make_meeting(session, day="2030-03-03")
        with pytest.raises(Conflict, match="an agenda has at least one item"):
            operations.advance_agenda(session, meeting.id, AgendaState.CIRCULATED, actor=SECRETARIAT)
        first = operations.add_item(session, meeting.id, "Opening", actor=SECRETARIAT)
        second = operations.add_item(session, meeting.id, "Adoption of the agenda", actor=SECRETARIAT)
        operations.reorder_items(session, meeting.id, [second.id, first.id], actor=SECRETARIAT)
        with pytest.raises(Conflict, match="provisional, then circulated, then adopted"):
            operations.advance_agenda(session, meeting.id, AgendaState.ADOPTED, actor=SECRETARIAT)
        operations.advance_agenda(session, meeting.id, AgendaState.CIRCULATED, actor=SECRETARIAT)
        operations.advance_agenda(session, meeting.id, AgendaState.ADOPTED, actor=SECRETARIAT)
        assert _last_action(session) == "meeting.agenda"
        with pytest.raises(Conflict, match="before adoption only"):
            operations.add_item(session, meeting.id, "Late", actor=SECRETARIAT)
        with pytest.raises(Conflict, match="before adoption only"):
            operations.reorder_items(session, meeting.id, [first.id, second.id], actor=SECRETARIAT)
        agenda = queries.agenda(session, meeting.id, lang="fr")
    assert agenda.state is AgendaState.ADOPTED and agenda.adopted_at is not None
    assert [item.title for item in agenda.items] == ["Adoption of the agenda", "Opening"]
    with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
        operations.add_item(session, meeting.id, "By a delegate", actor=delegate("IND"))


def test_members_speak_before_observers_and_replies_after_both(cica: Context) -> None:
    meeting_id, item_id, chair = _sitting(cica)
    with cica.unit_of_work() as session:
        operations.register(session, meeting_id, "USA", actor=SECRETARIAT)  # an observer state
        operations.ask_floor(session, item_id, "IND", kind=FloorKind.REPLY, actor=delegate("IND"))
        operations.ask_floor(session, item_id, "USA", actor=delegate("USA", "observer_delegate"))
        operations.ask_floor(session, item_id, chair, actor=delegate(chair))
        listed = queries.speakers(session, item_id)
    assert [(s.code, s.kind) for s in listed.waiting] == [
        (chair, FloorKind.FLOOR),
        ("USA", FloorKind.FLOOR),
        ("IND", FloorKind.REPLY),
    ]


def test_a_delegation_asks_for_itself_only_and_the_presiding_chair_runs_the_list(cica: Context) -> None:
    meeting_id, item_id, chair = _sitting(cica)
    with cica.unit_of_work() as session:
        with pytest.raises(PermissionDenied, match="acts for IND only"):
            operations.ask_floor(session, item_id, chair, actor=delegate("IND"))
        asked = operations.ask_floor(session, item_id, "IND", actor=delegate("IND"))
        version = queries.live_version(session, meeting_id)
        with pytest.raises(PermissionDenied, match="the presiding chair gives the floor"):
            operations.give_floor(session, item_id, actor=delegate("IND"))
        given = operations.give_floor(session, item_id, actor=delegate(chair, "head_of_delegation"))
        assert given.id == asked.id and given.state is SpeakerState.SPEAKING and given.started_at is not None
        assert _last_action(session) == "meeting.preside"
        assert queries.live_version(session, meeting_id) > version
        operations.close_list(session, item_id, actor=SECRETARIAT)
        with pytest.raises(Conflict, match="no one is added to a closed speakers' list"):
            operations.ask_floor(session, item_id, chair, actor=delegate(chair))
        operations.end_intervention(session, item_id, actor=SECRETARIAT)
        listed = queries.speakers(session, item_id)
    assert [s.code for s in listed.spoken] == ["IND"] and listed.speaking is None
    assert listed.time_limit is None and not listed.spoken[0].overran


def test_an_unregistered_delegation_may_not_ask_for_the_floor(cica: Context) -> None:
    _meeting_id, item_id, _chair = _sitting(cica)
    with pytest.raises(Conflict, match="only a registered participant"), cica.unit_of_work() as session:
        operations.ask_floor(session, item_id, "CHN", actor=Actor(None, "d@chn.example", "delegate", "CHN"))
