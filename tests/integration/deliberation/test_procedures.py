"""Consensus in session, the silence procedure and the decision register through the operations,
on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from cica.core.context import Context
from cica.core.errors import CicaError, Conflict, InvalidInput, PermissionDenied
from cica.deliberation import operations, queries
from cica.deliberation.models import (
    Decision,
    DecisionText,
    Draft,
    Notification,
    Position,
    PositionChange,
    Procedure,
)
from cica.deliberation.narration import ENGLISH, Event
from cica.deliberation.texts import LanguageVersion
from tests.factories import CHAIR, SECRETARIAT, delegate, make_draft, make_silence
from tests.integration.deliberation.helpers import snapshot

IND, CHN, PAK = delegate("IND"), delegate("CHN"), delegate("PAK")
JPN = delegate("JPN", "observer_delegate")


def in_council(context: Context, **draft: object) -> int:
    """A declaration under negotiation in the Ministerial Council (members and observers sit there)."""
    with context.unit_of_work() as session:
        return make_draft(session, organ="ministerial_council", **draft).id  # type: ignore[arg-type]


def open_session(context: Context, draft_id: int, present: list[str] | None = None, **options: object) -> int:
    with context.unit_of_work() as session:
        return operations.open_consensus(session, draft_id, present=present, actor=CHAIR, **options).id  # type: ignore[arg-type]


def test_a_text_is_adopted_by_consensus_with_its_reservation_and_statement_attached(cica: Context) -> None:
    draft_id = in_council(cica, texts={"ru": ("Проект декларации", "Первый.\n\nВторой.\n\nТретий.")})
    procedure_id = open_session(cica, draft_id)
    with cica.unit_of_work() as session:
        operations.record_position(session, procedure_id, stance="join", actor=IND)
        operations.record_position(
            session, procedure_id, stance="reservation", text="On paragraph 3", paragraphs=[3], actor=CHN
        )
        operations.record_position(session, procedure_id, stance="statement", text="We welcome it", actor=JPN)
        closed = operations.close_consensus(session, procedure_id, actor=CHAIR)
        assert closed.decision is not None
        decision_id = closed.decision.id
        draft = session.get(Draft, draft_id)
        assert draft is not None and draft.stage == "adopted"
    with cica.unit_of_work(write=False) as session:
        found = queries.decision_detail(session, queries.reader(session, None), decision_id)
        notices = session.scalars(select(Notification.kind).where(Notification.recipient.is_(None))).all()
    year = datetime.now(UTC).year
    assert found.symbol == f"CICA/MC/DEC/{year}/1" and found.procedure_kind == "consensus"
    assert [(r.code, r.text, r.paragraphs) for r in found.reservation_list] == [
        ("CHN", "On paragraph 3", [3])
    ]
    assert [(r.code, r.text) for r in found.statement_list] == [("JPN", "We welcome it")]
    assert [t.lang for t in found.texts] == ["en", "ru"]
    positions = {p.code: (p.capacity, p.position) for p in found.participants}
    assert positions["IND"] == ("member", "join") and positions["CHN"] == ("member", "reservation")
    assert positions["KAZ"] == ("member", "silent") and positions["JPN"] == ("observer", "statement")
    assert notices == ["adopted"]


def test_one_member_objection_blocks_and_the_draft_returns_to_negotiation(cica: Context) -> None:
    draft_id = in_council(cica)
    procedure_id = open_session(cica, draft_id)
    with cica.unit_of_work() as session:
        operations.record_position(session, procedure_id, stance="object", text="Not acceptable", actor=PAK)
        closed = operations.close_consensus(session, procedure_id, actor=CHAIR)
        draft = session.get(Draft, draft_id)
        assert draft is not None and (draft.stage, closed.decision) == ("under_negotiation", None)
        assert closed.procedure.status == "not_adopted"
        assert session.scalar(select(func.count()).select_from(Decision)) == 0
    assert closed.outcome.summary() == "not adopted: objection by PAK"


def test_an_observer_cannot_object_and_its_statement_never_blocks(cica: Context) -> None:
    draft_id = in_council(cica)
    procedure_id = open_session(cica, draft_id)
    with cica.unit_of_work() as session, pytest.raises(PermissionDenied):
        operations.record_position(session, procedure_id, stance="object", text="No", actor=JPN)


def test_a_recommendation_forwards_the_draft_with_no_decision(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session, organ="swg").id
    procedure_id = open_session(cica, draft_id, recommend_to="soc")
    with cica.unit_of_work() as session:
        closed = operations.close_consensus(session, procedure_id, actor=CHAIR)
        draft = session.get(Draft, draft_id)
        assert draft is not None
        assert (draft.stage, draft.organ_id, draft.recommended, closed.decision) == (
            "forwarded",
            "soc",
            True,
            None,
        )


def test_the_swg_cannot_adopt_a_declaration(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session, organ="swg").id
    before = snapshot(cica)
    with (
        cica.unit_of_work() as session,
        pytest.raises(
            Conflict, match=r"may only recommend a declaration, not adopt it \(charter: organs\.swg\.adopts\)"
        ),
    ):
        operations.open_consensus(session, draft_id, actor=CHAIR)
    assert snapshot(cica) == before


def test_attendance_is_checked_against_the_organs_composition(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session, organ="soc").id
    with (
        cica.unit_of_work() as session,
        pytest.raises(Conflict, match=r"USA does not sit in the Senior Officials Committee"),
    ):
        operations.open_consensus(
            session, draft_id, present=["IND", "USA"], recommend_to="ministerial_council", actor=CHAIR
        )


def test_two_open_procedures_on_one_draft_are_refused_and_nothing_changes(cica: Context) -> None:
    draft_id = in_council(cica)
    open_session(cica, draft_id)
    before = snapshot(cica)
    with cica.unit_of_work() as session, pytest.raises(Conflict, match="rule: one open procedure per draft"):
        operations.start_silence(session, draft_id, actor=SECRETARIAT)
    with cica.unit_of_work() as session, pytest.raises(Conflict, match="rule: one open procedure per draft"):
        operations.open_consensus(session, draft_id, actor=CHAIR)
    assert snapshot(cica) == before


def test_the_database_itself_refuses_a_second_open_procedure(cica: Context) -> None:
    draft_id = in_council(cica)
    procedure_id = open_session(cica, draft_id)
    with cica.unit_of_work() as session:
        row = session.get(Procedure, procedure_id)
        assert row is not None
        values = {c.name: getattr(row, c.key) for c in Procedure.__table__.columns if c.name != "id"}
    with pytest.raises(IntegrityError), cica.unit_of_work() as session:
        session.execute(insert(Procedure).values(**values))


def test_positions_on_a_closed_procedure_are_refused(cica: Context) -> None:
    draft_id = in_council(cica)
    procedure_id = open_session(cica, draft_id)
    with cica.unit_of_work() as session:
        operations.close_consensus(session, procedure_id, actor=CHAIR)
    before = snapshot(cica)
    with cica.unit_of_work() as session, pytest.raises(Conflict, match="the consensus procedure is closed"):
        operations.record_position(session, procedure_id, stance="join", actor=IND)
    with cica.unit_of_work() as session, pytest.raises(Conflict):
        operations.close_consensus(session, procedure_id, actor=CHAIR)
    assert snapshot(cica) == before


def test_a_change_of_position_is_recorded_and_a_stale_one_refused(cica: Context) -> None:
    draft_id = in_council(cica)
    procedure_id = open_session(cica, draft_id)
    with cica.unit_of_work() as session:
        operations.record_position(
            session, procedure_id, stance="object", text="No", expected_version=0, actor=IND
        )
        operations.record_position(session, procedure_id, stance="join", expected_version=1, actor=IND)
    with (
        cica.unit_of_work() as session,
        pytest.raises(Conflict, match="stale position: IND's position is at version 2"),
    ):
        operations.record_position(
            session, procedure_id, stance="object", text="No", expected_version=1, actor=IND
        )
    with cica.unit_of_work(write=False) as session:
        changes = session.execute(
            select(PositionChange.version, PositionChange.stance, PositionChange.previous_stance).order_by(
                PositionChange.id
            )
        ).all()
        current = session.scalars(select(Position)).one()
    assert [tuple(c) for c in changes] == [(1, "object", None), (2, "join", "object")]
    assert (current.stance, current.version) == ("join", 2)


@pytest.mark.parametrize("expected", [0, None])
def test_two_delegates_of_one_state_at_once_never_make_two_positions(
    cica: Context, expected: int | None
) -> None:
    """Written at the same moment from the same version: one is refused as stale (expected 0) or
    the later is a recorded change (no version given) — either way one position, never lost."""
    draft_id = in_council(cica)
    procedure_id = open_session(cica, draft_id)
    start, outcomes = threading.Barrier(2), []

    def write(stance: str, who: str) -> None:
        start.wait()
        try:
            with cica.unit_of_work() as session:
                operations.record_position(
                    session, procedure_id, stance=stance, text="No" if stance == "object" else "",
                    expected_version=expected, actor=delegate("IND", who),
                )  # fmt: skip
            outcomes.append("ok")
        except Conflict as error:
            outcomes.append(error.message)

    threads = [
        threading.Thread(target=write, args=a)
        for a in (("join", "delegate"), ("object", "head_of_delegation"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with cica.unit_of_work(write=False) as session:
        rows = session.scalars(select(Position)).all()
        changes = session.scalar(select(func.count()).select_from(PositionChange))
    assert len(rows) == 1
    if expected == 0:
        assert sorted(o == "ok" for o in outcomes) == [False, True]
        assert "stale position" in next(o for o in outcomes if o != "ok")
        assert (rows[0].version, changes) == (1, 1)
    else:
        assert outcomes.count("ok") + sum("stale" in o for o in outcomes) == 2
        assert rows[0].version == changes == outcomes.count("ok")


def test_a_reservation_on_a_missing_paragraph_is_refused(cica: Context) -> None:
    draft_id = in_council(cica)
    procedure_id = open_session(cica, draft_id)
    with (
        cica.unit_of_work() as session,
        pytest.raises(InvalidInput, match="paragraph 9 of the reservation does not exist"),
    ):
        operations.record_position(
            session, procedure_id, stance="reservation", text="R", paragraphs=[9], actor=IND
        )


def test_decision_numbers_run_per_organ_and_year(cica: Context) -> None:
    symbols = []
    for _ in range(2):
        procedure_id = open_session(cica, in_council(cica))
        with cica.unit_of_work() as session:
            closed = operations.close_consensus(session, procedure_id, actor=CHAIR)
            assert closed.decision is not None
            symbols.append(closed.decision.symbol)
    with cica.unit_of_work() as session:
        soc = make_draft(session, organ="soc", kind="report", title="Report")
        procedure_id = operations.open_consensus(session, soc.id, actor=CHAIR).id
        closed = operations.close_consensus(session, procedure_id, actor=CHAIR)
        assert closed.decision is not None
        symbols.append(closed.decision.symbol)
    year = datetime.now(UTC).year
    assert symbols == [f"CICA/MC/DEC/{year}/1", f"CICA/MC/DEC/{year}/2", f"CICA/SOC/DEC/{year}/1"]


def test_a_decision_cannot_be_changed_or_deleted_even_directly(cica: Context) -> None:
    procedure_id = open_session(cica, in_council(cica))
    with cica.unit_of_work() as session:
        operations.close_consensus(session, procedure_id, actor=CHAIR)
    with pytest.raises(DBAPIError, match="decisions are immutable"), cica.unit_of_work() as session:
        session.execute(update(Decision).values(title="Rewritten"))
    with pytest.raises(DBAPIError, match="decisions are immutable"), cica.unit_of_work() as session:
        session.execute(update(DecisionText).values(body="Rewritten"))


def test_a_later_decision_amends_an_earlier_one_and_the_register_shows_both_ways(cica: Context) -> None:
    procedure_id = open_session(cica, in_council(cica))
    with cica.unit_of_work() as session:
        first = operations.close_consensus(session, procedure_id, actor=CHAIR).decision
        assert first is not None
        later = make_draft(session, organ="ministerial_council", title="Amending declaration")
        later.amends_id = first.id  # as create_draft(amends=symbol) records it
    with cica.unit_of_work() as session:
        amending = operations.create_draft(
            session, kind="decision", organ="ministerial_council", texts=[LanguageVersion("en", "Amendment", "Text.")],
            original_lang="en", sponsor="chair", amends=first.symbol, actor=CHAIR,
        )  # fmt: skip
        operations.circulate(session, amending.id, actor=CHAIR)
        procedure = operations.open_consensus(session, amending.id, actor=CHAIR)
        second = operations.close_consensus(session, procedure.id, actor=CHAIR).decision
        assert second is not None
    with cica.unit_of_work(write=False) as session:
        register = queries.list_decisions(session, queries.reader(session, None))
    by_symbol = {item.symbol: item for item in register.items}
    assert (
        by_symbol[second.symbol].amends is not None and by_symbol[second.symbol].amends.symbol == first.symbol
    )
    assert [ref.symbol for ref in by_symbol[first.symbol].amended_by] == [second.symbol]


def test_a_draft_amending_a_missing_decision_is_refused(cica: Context) -> None:
    with (
        cica.unit_of_work() as session,
        pytest.raises(CicaError, match="no decision 'CICA/MC/DEC/1999/9' in the register"),
    ):
        operations.create_draft(
            session, kind="decision", organ="ministerial_council", texts=[LanguageVersion("en", "A", "Text.")],
            original_lang="en", sponsor="chair", amends="CICA/MC/DEC/1999/9", actor=CHAIR,
        )  # fmt: skip


# --- Silence ----------------------------------------------------------------------------------


def test_silence_notifies_every_member_and_runs_the_charters_period_by_default(cica: Context) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    with cica.unit_of_work() as session:
        procedure = make_silence(session, started=now, period="P14D")
        deadline = procedure.deadline
        notices = session.scalars(select(Notification).where(Notification.kind == "silence_started")).all()
    assert deadline == now + timedelta(days=14)
    assert "IND" in {n.recipient for n in notices} and "USA" not in {n.recipient for n in notices}
    told = [ENGLISH.event(Event.from_dict(n.payload["event"])) for n in notices]
    assert all("14 days" in line or "2 weeks" in line for line in told)


def test_a_deadline_in_the_past_is_refused(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session, organ="soc", kind="report").id
    before = snapshot(cica)
    with cica.unit_of_work() as session, pytest.raises(InvalidInput, match="is not in the future"):
        operations.start_silence(
            session, draft_id, deadline=datetime(2020, 1, 1, tzinfo=UTC), actor=SECRETARIAT
        )
    assert snapshot(cica) == before


def test_a_member_breaks_silence_and_the_draft_returns_to_negotiation(cica: Context) -> None:
    now = datetime.now(UTC)
    with cica.unit_of_work() as session:
        procedure_id = make_silence(session, started=now).id
        operations.break_silence(
            session,
            procedure_id,
            kind="amendment",
            text="Replace paragraph 2",
            actor=IND,
            now=now + timedelta(days=1),
        )
        procedure = session.get(Procedure, procedure_id)
        draft = session.get(Draft, procedure.draft_id if procedure else 0)
        assert procedure is not None and draft is not None
        assert (procedure.status, draft.stage) == ("broken", "under_negotiation")
        told = session.scalars(select(Notification.kind).where(Notification.recipient.is_(None))).all()
    assert told == ["silence_broken"]


def test_observers_cannot_break_silence(cica: Context) -> None:
    now = datetime.now(UTC)
    with cica.unit_of_work() as session:
        procedure_id = make_silence(session, started=now, organ="ministerial_council", kind="declaration").id
    with cica.unit_of_work() as session, pytest.raises(PermissionDenied):
        operations.break_silence(session, procedure_id, kind="objection", text="No", actor=JPN)


def test_a_break_in_the_deadlines_own_second_is_late_and_changes_nothing(cica: Context) -> None:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=14)
    with cica.unit_of_work() as session:
        procedure = make_silence(session, started=start)
        procedure_id, deadline = procedure.id, procedure.deadline
        assert deadline is not None
    before = snapshot(cica)
    with cica.unit_of_work() as session, pytest.raises(Conflict, match="too late to break silence"):
        operations.break_silence(
            session,
            procedure_id,
            kind="objection",
            text="No",
            actor=IND,
            now=deadline + timedelta(microseconds=999_999),
        )
    assert snapshot(cica) == before
    with cica.unit_of_work() as session:
        operations.break_silence(
            session,
            procedure_id,
            kind="objection",
            text="No",
            actor=IND,
            now=deadline - timedelta(microseconds=1),
        )


def test_a_deadline_with_a_fraction_of_a_second_is_stored_and_compared_exactly(cica: Context) -> None:
    # The Chair announced …:55.900: an objection at …:55.5 is in time; the scheduler at …:55.5
    # adopts nothing, at …:55.900 it adopts.
    start = datetime.now(UTC) - timedelta(days=1)
    deadline = (start + timedelta(days=2)).replace(microsecond=900_000)
    with cica.unit_of_work() as session:
        first, second = (make_draft(session, organ="soc", kind="report", now=start).id for _ in range(2))
        ids = [
            operations.start_silence(session, draft, deadline=deadline, actor=SECRETARIAT, now=start).id
            for draft in (first, second)
        ]
    with cica.unit_of_work() as session:
        stored = session.get(Procedure, ids[0])
        assert stored is not None and stored.deadline == deadline
    with cica.unit_of_work() as session:
        operations.break_silence(
            session,
            ids[0],
            kind="objection",
            text="No",
            actor=IND,
            now=deadline - timedelta(milliseconds=400),
        )
    with cica.unit_of_work() as session:
        assert operations.finalise_due(session, now=deadline - timedelta(microseconds=1)) == []
    with cica.unit_of_work() as session:
        assert [f.procedure_id for f in operations.finalise_due(session, now=deadline)] == [ids[1]]


def test_silence_is_finalised_at_the_deadline_exactly_once(cica: Context) -> None:
    start = datetime.now(UTC) - timedelta(days=20)
    with cica.unit_of_work() as session:
        procedure = make_silence(session, started=start)
        procedure_id, deadline = procedure.id, procedure.deadline
        assert deadline is not None
    with cica.unit_of_work() as session:
        assert operations.finalise_due(session, now=deadline - timedelta(seconds=1)) == []
    with cica.unit_of_work() as session:
        done = operations.finalise_due(session, now=deadline)
    with cica.unit_of_work() as session:
        again = operations.finalise_due(session)
    assert [item.procedure_id for item in done] == [procedure_id] and again == []
    with cica.unit_of_work(write=False) as session:
        decision = session.scalars(select(Decision)).one()
        row = session.get(Procedure, procedure_id)
        assert row is not None and (row.status, row.closed_at, row.finalised_at) == (
            "adopted",
            deadline,
            deadline,
        )
    assert (decision.procedure_kind, decision.adopted_at) == ("silence", deadline)
    assert decision.adopted_on == deadline.astimezone(ZoneInfo("Asia/Almaty")).date()


def test_a_break_after_finalisation_is_refused(cica: Context) -> None:
    start = datetime.now(UTC) - timedelta(days=20)
    with cica.unit_of_work() as session:
        procedure_id = make_silence(session, started=start).id
    with cica.unit_of_work() as session:
        operations.finalise_due(session)
    with cica.unit_of_work() as session, pytest.raises(Conflict, match="ended with adoption"):
        operations.break_silence(session, procedure_id, kind="objection", text="No", actor=IND)


def test_silence_cannot_be_called_by_someone_the_charter_does_not_name(pacifica: Context) -> None:
    # The fictional charter lets only the chair call silence; its members are FJI, PNG, …
    with pacifica.unit_of_work() as session:
        draft = operations.create_draft(
            session, kind="resolution", organ="ministers", texts=[LanguageVersion("en", "R", "Text.")],
            original_lang="en", sponsor="secretariat", actor=SECRETARIAT,
        )  # fmt: skip
        operations.circulate(session, draft.id, actor=SECRETARIAT)
        draft_id = draft.id
    with (
        pacifica.unit_of_work() as session,
        pytest.raises(
            PermissionDenied,
            match=r"called by the chair, not by the secretariat \(charter: silence_procedure\.called_by\)",
        ),
    ):
        operations.start_silence(session, draft_id, actor=SECRETARIAT)
