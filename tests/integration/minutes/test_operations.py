"""Minutes through their operations on SQLite and PostgreSQL: every version kept, approval at a
later meeting, approval by silence through the deliberation engine and the scheduler's tick, the
links to the meeting's decisions and attendance, and refusals that change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text, update

from cica.access.actors import Actor
from cica.audit import queries as audit_queries
from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.core.errors import Conflict, InvalidInput, PermissionDenied
from cica.deliberation import operations as deliberation
from cica.deliberation import scheduler
from cica.deliberation.models import Decision, Draft, Procedure
from cica.deliberation.rules import ProcedureStatus
from cica.minutes import operations, queries
from cica.minutes.models import Minutes, MinutesStep, MinutesVersion
from cica.minutes.rules import Approval, Audience, MinutesState
from tests.factories import CHAIR, SECRETARIAT, delegate, make_draft, make_meeting

TEXT = "The Committee met in Astana.\n\nThe Chair opened the meeting.\n\nThe agenda was adopted."
CORRECTED = (
    "The Committee met in Astana.\n\nThe Chair opened the meeting on 4 June.\n\nThe agenda was adopted."
)


def _state(context: Context) -> dict[str, Any]:
    with context.unit_of_work(write=False) as session:
        return {
            "minutes": sorted(
                session.execute(select(Minutes.id, Minutes.state, Minutes.current_version)).all()
            ),
            "versions": session.scalar(select(func.count()).select_from(MinutesVersion)),
            "steps": session.scalar(select(func.count()).select_from(MinutesStep)),
            "audit_ok": session.scalar(select(func.count()).where(AuditEntry.outcome == "ok")),
        }


def _drafted(context: Context, day: str = "2026-06-04") -> int:
    with context.unit_of_work() as session:
        meeting = make_meeting(session, day=day)
        operations.draft_minutes(session, meeting.id, text=TEXT, lang="en", actor=SECRETARIAT)
        return meeting.id


def _circulated(context: Context, day: str = "2026-06-04") -> int:
    meeting_id = _drafted(context, day)
    with context.unit_of_work() as session:
        operations.circulate_minutes(session, meeting_id, actor=SECRETARIAT)
    return meeting_id


def test_every_version_is_kept_and_corrections_are_new_versions(cica: Context) -> None:
    meeting_id = _circulated(cica)
    with cica.unit_of_work() as session:
        operations.correct_minutes(session, meeting_id, text=CORRECTED, note="date", actor=SECRETARIAT)
    with cica.unit_of_work(write=False) as session:
        shown = queries.minutes_of(session, meeting_id, audience=Audience.SECRETARIAT, lang="en")
        assert shown.state is MinutesState.CORRECTED
        assert [v.number for v in shown.versions] == [1, 2]
        assert shown.versions[0].paragraphs == TEXT.split("\n\n")
        assert shown.current.paragraphs[1] == "The Chair opened the meeting on 4 June."
        assert shown.current.note == "date" and shown.current.lang == "en"
        assert [step.act for step in shown.steps] == ["draft", "circulate", "correct"]
        diff = queries.diff(session, meeting_id, 1, 2, audience=Audience.DELEGATION)
        assert diff.counts()["changed"] == 1 and diff.counts()["unchanged"] == 2


def test_delegations_see_circulated_versions_and_the_public_only_frozen_ones(cica: Context) -> None:
    meeting_id = _drafted(cica)
    with cica.unit_of_work() as session:
        operations.correct_minutes(session, meeting_id, text=CORRECTED, actor=SECRETARIAT)  # still a draft
        with pytest.raises(Exception, match="no minutes"):
            queries.minutes_of(session, meeting_id, audience=Audience.DELEGATION, lang="en")
        operations.circulate_minutes(session, meeting_id, actor=SECRETARIAT)
        shown = queries.minutes_of(session, meeting_id, audience=Audience.DELEGATION, lang="en")
        assert [v.number for v in shown.versions] == [2]
        with pytest.raises(Exception, match="no minutes"):
            queries.minutes_of(session, meeting_id, audience=Audience.PUBLIC, lang="en")


def test_approved_at_a_later_meeting_then_frozen_and_refusals_change_nothing(cica: Context) -> None:
    meeting_id = _circulated(cica)
    with cica.unit_of_work() as session:
        later = make_meeting(session, day="2026-10-06").id
        other_organ = make_meeting(session, organ="swg", day="2026-10-07").id
    after = datetime(2026, 10, 6, 12, tzinfo=UTC)
    for at, match in ((other_organ, "same organ"), (meeting_id, "not later")):
        before = _state(cica)
        with pytest.raises(Conflict, match=match), cica.unit_of_work() as session:
            operations.approve_at_meeting(session, meeting_id, at_meeting=at, actor=SECRETARIAT, now=after)
        assert _state(cica) == before
    with cica.unit_of_work() as session:
        operations.approve_at_meeting(session, meeting_id, at_meeting=later, actor=CHAIR, now=after)
    with cica.unit_of_work(write=False) as session:
        shown = queries.minutes_of(session, meeting_id, audience=Audience.PUBLIC, lang="en")
        assert shown.state is MinutesState.FROZEN and shown.approval is Approval.AT_MEETING
        assert shown.approved_at_meeting == later and [v.number for v in shown.versions] == [1]
        assert [s.act for s in shown.steps][-2:] == ["approve", "freeze"]
    before = _state(cica)
    for attempt, match in (
        (lambda s: operations.approve_at_meeting(s, meeting_id, at_meeting=later, actor=SECRETARIAT, now=after),
         "frozen minutes are immutable"),
        (lambda s: operations.correct_minutes(s, meeting_id, text=CORRECTED, actor=SECRETARIAT),
         "frozen minutes are immutable"),
        (lambda s: operations.submit_to_silence(s, meeting_id, actor=SECRETARIAT), "frozen minutes are immutable"),
    ):  # fmt: skip
        with pytest.raises(Conflict, match=match), cica.unit_of_work() as session:
            attempt(session)
    assert _state(cica) == before


def test_the_database_refuses_to_rewrite_a_version(cica: Context) -> None:
    meeting_id = _circulated(cica)
    with pytest.raises(Exception, match="immutable"), cica.unit_of_work() as session:
        session.execute(update(MinutesVersion).where(MinutesVersion.number == 1).values(body="rewritten"))
    with pytest.raises(Exception, match="immutable"), cica.unit_of_work() as session:
        session.execute(text("DELETE FROM minutes_version"))
    with cica.unit_of_work(write=False) as session:
        assert (
            queries.minutes_of(session, meeting_id, audience=Audience.SECRETARIAT, lang="en").current.body
            == TEXT
        )


def test_only_the_secretariat_drafts_and_bad_input_is_refused(cica: Context) -> None:
    with cica.unit_of_work() as session:
        meeting_id = make_meeting(session, day="2026-06-04").id
    before = _state(cica)
    with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
        operations.draft_minutes(session, meeting_id, text=TEXT, lang="en", actor=delegate("IND"))
    with pytest.raises(InvalidInput, match="lang"), cica.unit_of_work() as session:
        operations.draft_minutes(session, meeting_id, text=TEXT, lang="English", actor=SECRETARIAT)
    with pytest.raises(InvalidInput, match="paragraph"), cica.unit_of_work() as session:
        operations.draft_minutes(session, meeting_id, text=" \n\n ", lang="en", actor=SECRETARIAT)
    assert _state(cica) == before
    with cica.unit_of_work() as session:
        operations.draft_minutes(session, meeting_id, text=TEXT, lang="en", actor=SECRETARIAT)
    with pytest.raises(Conflict, match="one set of minutes per meeting"), cica.unit_of_work() as session:
        operations.draft_minutes(session, meeting_id, text=TEXT, lang="en", actor=SECRETARIAT)


def test_approval_by_silence_through_the_engine_and_the_scheduler(cica: Context) -> None:
    meeting_id = _circulated(cica)
    with cica.unit_of_work() as session:
        procedure = operations.submit_to_silence(session, meeting_id, period="P14D", actor=SECRETARIAT)
        deadline = procedure.deadline
        assert deadline is not None
    with pytest.raises(Conflict, match="under a silence procedure"), cica.unit_of_work() as session:
        operations.correct_minutes(session, meeting_id, text=CORRECTED, actor=SECRETARIAT)
    assert scheduler.tick(cica, now=deadline - timedelta(seconds=1)) == []
    done = scheduler.tick(cica, now=deadline + timedelta(seconds=1))
    assert [item.procedure_id for item in done] == [procedure.id] and done[0].adopted
    with cica.unit_of_work(write=False) as session:
        shown = queries.minutes_of(session, meeting_id, audience=Audience.PUBLIC, lang="en")
        assert shown.state is MinutesState.FROZEN and shown.approval is Approval.BY_SILENCE
        assert shown.procedure == procedure.id
        assert [s.act for s in shown.steps][-3:] == ["submit_to_silence", "silence_adopted", "freeze"]
        decision = session.scalars(select(Decision).where(Decision.procedure_id == procedure.id)).one()
        assert decision.kind == "report" and decision.organ_id == "soc"
        assert shown.decision_symbol == decision.symbol
        settled = session.scalars(select(AuditEntry).where(AuditEntry.action == "minutes.settle")).all()
        assert len(settled) == 1 and f"minutes:{shown.id}" in settled[0].objects
    # A second tick finds nothing: the minutes were approved once.
    assert scheduler.tick(cica, now=deadline + timedelta(days=1)) == []


def test_broken_silence_sends_the_minutes_back_for_correction_and_they_may_go_again(cica: Context) -> None:
    meeting_id = _circulated(cica)
    with cica.unit_of_work() as session:
        first = operations.submit_to_silence(session, meeting_id, actor=SECRETARIAT).id
    with cica.unit_of_work() as session:
        deliberation.break_silence(
            session, first, kind="objection", text="Paragraph 2 is wrong", actor=delegate("IND")
        )
    with cica.unit_of_work() as session:
        minutes = session.scalars(select(Minutes)).one()
        assert minutes.state is MinutesState.CIRCULATED and minutes.procedure_id is None
        operations.correct_minutes(session, meeting_id, text=CORRECTED, actor=SECRETARIAT)
        second = operations.submit_to_silence(session, meeting_id, actor=SECRETARIAT)
        assert second.draft_id == minutes.draft_id  # the same draft, revised
        assert session.scalar(select(func.count()).select_from(Draft)) == 1
        deadline = second.deadline
        assert deadline is not None
    scheduler.tick(cica, now=deadline + timedelta(seconds=1))
    with cica.unit_of_work(write=False) as session:
        assert session.get(Procedure, first).status is ProcedureStatus.BROKEN  # type: ignore[union-attr]
        shown = queries.minutes_of(session, meeting_id, audience=Audience.PUBLIC, lang="en")
        assert shown.state is MinutesState.FROZEN and shown.current.number == 2


def test_decisions_and_attendance_of_the_meeting_are_linked_in(cica: Context) -> None:
    meeting_id = _circulated(cica)
    held = datetime(2026, 6, 4, 6, tzinfo=UTC)
    with cica.unit_of_work() as session:
        adopted = make_draft(session, kind="report", organ="soc", title="Report on CBMs", now=held)
        procedure = deliberation.open_consensus(
            session, adopted.id, present=["IND", "KAZ"], actor=CHAIR, now=held
        )
        deliberation.close_consensus(session, procedure.id, actor=CHAIR, now=held)
        elsewhere = make_draft(session, kind="report", organ="soc", title="Another day", now=held)
        later = held + timedelta(days=20)
        other = deliberation.open_consensus(session, elsewhere.id, present=["PAK"], actor=CHAIR, now=later)
        deliberation.close_consensus(session, other.id, actor=CHAIR, now=later)
    with cica.unit_of_work(write=False) as session:
        shown = queries.minutes_of(session, meeting_id, audience=Audience.DELEGATION, lang="ru")
        assert [d.title for d in shown.decisions] == ["Report on CBMs"]
        assert [a.code for a in shown.attendance] == ["IND", "KAZ"]
        assert shown.attendance[0].name != "IND"  # named from the registry in the reader's language


def test_audit_verify_finds_minutes_rewritten_behind_the_operations(cica: Context) -> None:
    meeting_id = _circulated(cica)
    with cica.unit_of_work() as session:
        assert audit_queries.verify(session, actor=Actor.command_line()).ok
        session.execute(
            update(Minutes).where(Minutes.meeting_id == meeting_id).values(state=MinutesState.FROZEN)
        )
    with cica.unit_of_work(write=False) as session:
        found = audit_queries.verify(session, actor=Actor.command_line())
    assert not found.ok and any("minutes:" in problem for problem in found.problems)
