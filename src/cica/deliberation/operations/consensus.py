"""Consensus in session: the chair opens a procedure at a session, delegations take positions,
the chair closes it, and the outcome becomes a decision, a recommendation or a return to
negotiation.

Positions are written under optimistic concurrency: the writer names the version it saw (or
takes the current one), the board rules refuse a stale version, and the database write is
conditional on that version too, so two delegates of one state writing at once never produce
two positions — the later write is a recorded change or is refused as stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import authorize
from cica.core.errors import Conflict, InvalidInput
from cica.deliberation import consensus as consensus_rules
from cica.deliberation import participants, rules
from cica.deliberation.consensus import (
    ConsensusOutcome,
    Position,
    Stance,
    apply_position,
    close_board,
    open_board,
)
from cica.deliberation.facts import Facts
from cica.deliberation.models import (
    Draft,
    DraftRevision,
    PositionChange,
    Procedure,
    SessionAttendance,
    SessionRecord,
)
from cica.deliberation.models import Position as PositionRow
from cica.deliberation.narration import Event, EventKind, NoticeKind
from cica.deliberation.operations.common import (
    Entry,
    EventDetails,
    Notice,
    act_on_draft,
    acting_for,
    add_event,
    announce,
    apply_state,
    authorized_moment,
    check_version,
    check_visible,
    frozen_texts,
    load_procedure,
    lock_procedure,
    opening,
    original_revision,
    record,
    record_on,
)
from cica.deliberation.operations.decisions import Adoption, Recorded, Remark, record_decisions
from cica.deliberation.records import board_of, draft_state, revision_row, session_of
from cica.deliberation.rules import ProcedureStatus
from cica.meetings import operations as meeting_operations

ONE_OPEN = "the draft already has a procedure open; close it first (rule: one open procedure per draft)"


def insert_procedure(session: Session, procedure: Procedure) -> None:
    """Adds the procedure; the partial unique index refuses a second open one on the draft even
    when two requests pass the rules at the same moment."""
    try:
        with session.begin_nested():
            session.add(procedure)
            session.flush()
    except IntegrityError:
        raise Conflict(ONE_OPEN) from None


def start_procedure(
    session: Session,
    draft: Draft,
    procedure: Procedure,
    state: rules.DraftState,
    told: Event,
    *,
    actor: Actor,
    now: datetime,
) -> None:
    """Adds the procedure opened on the draft's current revision (`insert_procedure`), moves the
    draft into it, and tells so in its history."""
    insert_procedure(session, procedure)
    apply_state(draft, state, now)
    details: EventDetails = {"revision": draft.current_revision, "procedure_id": procedure.id}
    add_event(session, draft, actor=actor, now=now, event=told, **details)


def open_consensus(
    session: Session,
    draft_id: int,
    *,
    held_on: date | None = None,
    present: Sequence[str] | None = None,
    recommend_to: str | None = None,
    expected_version: int | None = None,
    agenda_item_id: int | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> Procedure:
    """The chair puts the current revision to adoption (or to a recommendation to `recommend_to`)
    at a session of the holding organ on `held_on`, with the delegations `present` (everyone who
    sits in the organ by default). Under `agenda_item_id`: an item of a meeting of the holding
    organ, on one of its days (its first by default), with the delegations registered for it
    present unless `present` says otherwise."""
    now, known, today, draft, state = act_on_draft(session, draft_id, "consensus.open", actor=actor, now=now)
    day = held_on or today
    check_version(draft, expected_version)
    where = None
    if agenda_item_id is not None:
        where, day = meeting_operations.sitting(session, agenda_item_id, draft.organ_id, held_on)
        present = present if present is not None or not where.attending else list(where.attending)
    rules.check_session_day(day, today, known.day_of(revision_row(session, draft).created_at))
    event = rules.OpenProcedure(rules.ProcedureKind.CONSENSUS, recommend_to or None)
    opened = rules.transition(state, event, known.competences(day))
    delegations = participants.delegations_present(known.charter, draft.organ_id, day, present)
    open_board(delegations, len(original_revision(session, draft).paragraphs))
    record_row = SessionRecord(
        organ_id=draft.organ_id,
        held_on=day,
        created_at=now,
        meeting_id=where.meeting_id if where else None,
        agenda_item_id=where.item_id if where else None,
    )
    session.add(record_row)
    session.flush()
    session.add_all(
        SessionAttendance(session_id=record_row.id, participant_code=d.code, category=d.category)
        for d in delegations
    )
    columns = opening(session, draft, rules.ProcedureKind.CONSENSUS, event.recommend_to, actor=actor, now=now)
    procedure = Procedure(**columns, session_id=record_row.id)
    facts_told = {
        "revision": draft.current_revision,
        "to": event.recommend_to,
        "held_on": day.isoformat(),
        "present": len(delegations),
    }
    start_procedure(
        session, draft, procedure, opened, Event(EventKind.CONSENSUS_OPENED, facts_told), actor=actor, now=now
    )
    what = f"recommendation to {event.recommend_to}" if event.recommend_to else "adoption"
    told = (
        f"consensus procedure {procedure.id} on draft {draft.id} revision {draft.current_revision} "
        f"({what}; session {day.isoformat()})"
    )
    record_on(session, draft, told, f"procedure:{procedure.id}", action="consensus.open", actor=actor)
    return procedure


def record_position(
    session: Session,
    procedure_id: int,
    *,
    stance: str,
    text: str = "",
    paragraphs: Sequence[int] = (),
    delegation: str | None = None,
    expected_version: int | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> PositionRow:
    """Sets a delegation's position. `expected_version` is the version the writer saw (0: none
    yet); without it the current one is taken, and the change is recorded against it."""
    now, known, day, code = acting_for(
        session,
        actor,
        delegation,
        now,
        missing="a position is taken for a delegation: give its participant code",
    )
    try:
        chosen = Stance(stance)
    except ValueError:
        raise InvalidInput(f"a position is join, object, reservation or statement, not {stance!r}") from None
    action = "consensus.statement" if chosen is Stance.STATEMENT else "consensus.position"
    authorization = authorize(
        session, actor, action, delegation=code, day=day, objects=[f"procedure:{procedure_id}"]
    )
    procedure = lock_procedure(session, procedure_id)
    draft = session.get(Draft, procedure.draft_id)
    assert draft is not None
    check_visible(session, actor, draft, day)
    consensus_rules.check_consensus_procedure(procedure.id, procedure.kind)
    board = board_of(session, known, procedure)
    position = Position(chosen, text, tuple(paragraphs))
    current = board.version_of(code)
    expected = current if expected_version is None else expected_version
    with authorization.refusals():
        updated = apply_position(board, code, position, expected)
    entry = updated.entry(code)
    assert entry is not None
    previous = board.entry(code)
    _write_position(session, procedure.id, code, position, current, actor, now)
    procedure.version += 1  # in this transaction: the board's poll sees the change with it
    session.add(
        PositionChange(
            procedure_id=procedure.id,
            participant_code=code,
            version=entry.version,
            stance=position.stance,
            text=position.text,
            paragraphs=list(position.paragraphs),
            previous_stance=previous.position.stance if previous else None,
            at=now,
            by=actor.email,
        )
    )
    changed = f" (was {previous.position.stance.value})" if previous else ""
    record(
        session,
        actor=actor,
        action=action,
        objects=[f"procedure:{procedure.id}", f"participant:{code}"],
        summary=f"{code}: {position.stance.value}{changed} on procedure {procedure.id}, version {entry.version}",
    )
    row = session.scalars(
        select(PositionRow).where(
            PositionRow.procedure_id == procedure.id, PositionRow.participant_code == code
        )
    ).one()
    return row


def _stale(code: str) -> Conflict:
    return Conflict(
        f"stale position: another delegate of {code} changed its position at the same moment; reload "
        "the board and try again (rule: a change of position is applied to the position it replaces, "
        "never lost silently)"
    )


def _write_position(
    session: Session,
    procedure_id: int,
    code: str,
    position: Position,
    current: int,
    actor: Actor,
    now: datetime,
) -> None:
    """The write is conditional on the version the rules checked: whoever writes second finds the
    row taken (insert) or its version moved on (update), and is refused as stale."""
    values = {
        "stance": position.stance.value,
        "text": position.text,
        "paragraphs": list(position.paragraphs),
        "updated_at": now,
        "updated_by": actor.email,
    }
    if current == 0:
        try:
            with session.begin_nested():
                session.execute(
                    insert(PositionRow).values(
                        procedure_id=procedure_id, participant_code=code, version=1, **values
                    )
                )
        except IntegrityError:
            raise _stale(code) from None
        return
    result = session.execute(
        update(PositionRow)
        .where(
            PositionRow.procedure_id == procedure_id,
            PositionRow.participant_code == code,
            PositionRow.version == current,
        )
        .values(version=current + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise _stale(code)


@dataclass(frozen=True)
class Closed:
    procedure: Procedure
    outcome: ConsensusOutcome
    decision: Recorded | None


def close_consensus(
    session: Session, procedure_id: int, *, actor: Actor, now: datetime | None = None
) -> Closed:
    """The chair closes the procedure: adopted if no member present objects (and any quorum is met)."""
    now, known, day = authorized_moment(
        session, actor, "consensus.close", now, on=f"procedure:{procedure_id}"
    )
    procedure, draft = load_procedure(session, procedure_id, actor, day)
    consensus_rules.check_consensus_procedure(procedure.id, procedure.kind)
    _, outcome = close_board(board_of(session, known, procedure), known.quorum)
    record_row, _ = session_of(session, procedure)
    state = rules.transition(
        draft_state(draft, procedure), rules.CloseProcedure(outcome.adopted), known.competences(day)
    )
    status = rules.ProcedureStatus.ADOPTED if outcome.adopted else rules.ProcedureStatus.NOT_ADOPTED
    result = session.execute(
        update(Procedure)
        .where(Procedure.id == procedure.id, Procedure.status == ProcedureStatus.OPEN)
        .values(status=status, closed_at=now, outcome=outcome.to_dict(), version=Procedure.version + 1)
        .execution_options(synchronize_session="fetch")
    )
    if getattr(result, "rowcount", 0) != 1:  # pragma: no cover - the row lock above queues closers
        raise Conflict("the consensus procedure is already closed (rule: a procedure closes once)")
    organ = draft.organ_id
    apply_state(draft, state, now)
    decision = None
    objects = [f"draft:{draft.id}", f"procedure:{procedure.id}"]
    payload: dict[str, Any] = {"draft": draft.id, "procedure": procedure.id}
    if outcome.adopted and procedure.recommend_to is None:
        decision = _decide(session, known, procedure, draft, outcome, record_row.held_on, now)
        objects.append(f"decision:{decision.id}")
        told = Event(EventKind.ADOPTED, {"symbol": decision.symbol, "procedure": "consensus"})
        notice = Notice(NoticeKind.ADOPTED, payload | {"decision": decision.id, "symbol": decision.symbol})
    elif outcome.adopted:
        told = Event(EventKind.RECOMMENDED, {"to": procedure.recommend_to, "procedure": "consensus"})
        notice = Notice(NoticeKind.RECOMMENDED, payload | {"to": procedure.recommend_to})
    else:
        told = Event(EventKind.RETURNED, {"procedure": "consensus", "outcome": outcome.to_dict()})
        notice = Notice(NoticeKind.NOT_ADOPTED, payload)
    summary = f"procedure {procedure.id} on draft {draft.id}: {outcome.summary()}" + (
        f" — {decision.symbol}" if decision else ""
    )
    details: EventDetails = {
        "organ": organ,
        "to_organ": procedure.recommend_to if outcome.adopted else None,
        "procedure_id": procedure.id,
    }
    entry = Entry(action="consensus.close", objects=objects, summary=summary)
    announce(session, draft, told, notice, entry, actor=actor, now=now, **details)
    return Closed(procedure, outcome, decision)


def _decide(
    session: Session,
    known: Facts,
    procedure: Procedure,
    draft: Draft,
    outcome: ConsensusOutcome,
    held_on: date,
    now: datetime,
) -> Recorded:
    _, attendance = session_of(session, procedure)
    reserving = {r.participant for r in outcome.reservations}
    stating = {r.participant for r in outcome.statements}
    silent = set(outcome.silent)
    members = set(outcome.joined)
    taking_part = []
    for row in attendance:
        code = row.participant_code
        if code in members:
            capacity = "member"
            position = (
                "reservation"
                if code in reserving
                else "statement"
                if code in stating
                else "silent"
                if code in silent
                else "join"
            )
        else:
            capacity, position = "observer", "statement" if code in stating else "silent"
        taking_part.append({"code": code, "capacity": capacity, "position": position})
    remarks = [Remark(r.participant, "reservation", r.text, r.paragraphs) for r in outcome.reservations] + [
        Remark(r.participant, "statement", r.text) for r in outcome.statements
    ]
    revision = revision_number(session, procedure)
    adoption = Adoption(
        procedure_id=procedure.id,
        procedure_kind=procedure.kind,
        draft=draft,
        revision=revision,
        texts=frozen_texts(session, procedure.revision_id),
        adopted_at=now,
        adopted_on=held_on,
        participants=taking_part,
        remarks=remarks,
    )
    return record_decisions(session, [adoption], known=known, now=now)[0]


def revision_number(session: Session, procedure: Procedure) -> int:
    """The number of the revision put to the procedure."""
    number = session.scalar(select(DraftRevision.number).where(DraftRevision.id == procedure.revision_id))
    assert number is not None
    return int(number)
