"""The silence procedure: circulating a revision with a deadline, breaking silence, and adopting
at the deadline — exactly once, however many schedulers run.

Finalising claims due procedures with `SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite's
write units already hold the database lock) and then a conditional
`UPDATE … WHERE status = 'open' … RETURNING id`: only the ids that statement returns are this
process's to adopt. A decision is unique per procedure besides. Everything else is written in
bulk, so thousands of procedures expiring in the same second finalise in one pass per batch.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, insert, select, update
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import authorize
from cica.audit import content
from cica.audit import operations as audit
from cica.core import clock
from cica.core.errors import CicaError, Conflict
from cica.deliberation import endings, rules
from cica.deliberation import silence as silence_rules
from cica.deliberation.facts import Facts, facts
from cica.deliberation.models import (
    Draft,
    DraftEvent,
    DraftRevision,
    Notification,
    Procedure,
    SilenceBreak,
)
from cica.deliberation.narration import ENGLISH, Ending, Event, EventKind, NoticeKind
from cica.deliberation.operations.common import (
    Entry,
    EventDetails,
    Notice,
    act_for_delegation,
    announce,
    apply_state,
    event_row,
    load_draft,
    load_procedure,
    notice_row,
    state_values,
)
from cica.deliberation.operations.consensus import insert_procedure
from cica.deliberation.operations.decisions import Adoption, Recorded, record_decisions, table
from cica.deliberation.records import draft_state, revision_row, revision_texts, silence_of
from cica.deliberation.rules import ProcedureStatus

SYSTEM = Actor.system()
# Procedures finalised per transaction: large enough to amortise each statement over many rows,
# small enough that the write lock is never held for long.
BATCH = 1000


def start_silence(
    session: Session,
    draft_id: int,
    *,
    deadline: datetime | None = None,
    period: str | timedelta | None = None,
    recommend_to: str | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> Procedure:
    """Circulates the current revision under silence until `deadline` (or for `period`; by
    default the charter's period) and tells every member of the holding organ."""
    now = now or clock.now(session)
    known = facts(session)
    day = known.day_of(now)
    authorization = authorize(session, actor, "silence.start", day=day, objects=[f"draft:{draft_id}"])
    with authorization.refusals():
        silence_rules.check_may_call_silence(
            "secretariat" if actor.is_secretariat else "chair", known.silence_called_by
        )
    draft, state = load_draft(session, draft_id, actor, day)
    event = rules.OpenProcedure(rules.ProcedureKind.SILENCE, recommend_to or None)
    opened = rules.transition(state, event, known.competences(day))
    started = silence_rules.start_silence(
        now, default_period=known.default_silence_period, deadline=deadline, period=period
    )
    procedure = Procedure(
        draft_id=draft.id,
        kind=rules.ProcedureKind.SILENCE,
        purpose=rules.Purpose.of(event.recommend_to),
        recommend_to=event.recommend_to,
        revision_id=revision_row(session, draft).id,
        organ_id=draft.organ_id,
        status=ProcedureStatus.OPEN,
        opened_at=now,
        opened_by=actor.email,
        deadline=started.deadline,
    )
    insert_procedure(session, procedure)
    apply_state(draft, opened, now)
    what = f"a recommendation to {event.recommend_to}" if event.recommend_to else "adoption"
    told = Event(
        EventKind.SILENCE_STARTED,
        {
            "revision": draft.current_revision,
            "to": event.recommend_to,
            "deadline": started.deadline.isoformat(),
            "period_seconds": int(silence_rules.period_of(started).total_seconds()),
        },
    )
    payload = {
        "draft": draft.id,
        "procedure": procedure.id,
        "deadline": started.deadline.isoformat(),
        "revision": draft.current_revision,
    }
    members = [d.code for d in known.members(draft.organ_id, day)]
    summary = (
        f"silence procedure {procedure.id} on draft {draft.id} revision {draft.current_revision} "
        f"until {started.deadline.isoformat()} ({what})"
    )
    entry = Entry(
        action="silence.start", objects=[f"draft:{draft.id}", f"procedure:{procedure.id}"], summary=summary
    )
    notice = Notice(NoticeKind.SILENCE_STARTED, payload, members)
    details: EventDetails = {"revision": draft.current_revision, "procedure_id": procedure.id}
    announce(session, draft, told, notice, entry, actor=actor, now=now, **details)
    return procedure


def break_silence(
    session: Session,
    procedure_id: int,
    *,
    kind: str,
    text: str,
    delegation: str | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> SilenceBreak:
    """A member's written objection or proposed amendment ends the procedure at once, not adopted;
    the draft returns to negotiation and everyone is told. The server's clock decides lateness."""
    now, known, day, code, authorization = act_for_delegation(
        session,
        actor,
        delegation,
        "silence.break",
        now,
        on=f"procedure:{procedure_id}",
        missing="silence is broken by a delegation: give its participant code",
    )
    procedure, draft = load_procedure(session, procedure_id, actor, day)
    silence_rules.check_breakable_procedure(procedure.id, procedure.kind, procedure.status)
    existing = session.scalars(select(SilenceBreak).where(SilenceBreak.procedure_id == procedure.id)).first()
    delegation_now = known.delegation(code, day)
    with authorization.refusals():
        broken = silence_rules.break_silence(silence_of(procedure, existing), delegation_now, kind, now, text)
    if code not in {d.code for d in known.sitting(procedure.organ_id, day)}:
        raise Conflict(
            f"{code} does not sit in the organ deciding ({procedure.organ_id}), so it cannot break its silence "
            f"(charter: organs.{procedure.organ_id}.composition)"
        )
    assert broken.broken is not None
    # The draft's new state is worked out while the procedure is still open in this session.
    state = rules.transition(
        draft_state(draft, procedure), rules.CloseProcedure(False), known.competences(day)
    )
    result = session.execute(
        update(Procedure)
        .where(Procedure.id == procedure.id, Procedure.status == ProcedureStatus.OPEN)
        .values(
            status=ProcedureStatus.BROKEN,
            closed_at=now,
            ending={"kind": Ending.BROKEN, "by": code, "break": broken.broken.kind.value},
            version=Procedure.version + 1,
        )
        .execution_options(synchronize_session="fetch")
    )
    if getattr(result, "rowcount", 0) != 1:  # pragma: no cover - the row lock above queues writers
        raise Conflict(f"silence procedure {procedure.id} has already ended (rule: a procedure ends once)")
    row = SilenceBreak(
        procedure_id=procedure.id,
        participant_code=code,
        kind=broken.broken.kind,
        text=broken.broken.text,
        at=now,
        by=actor.email,
    )
    session.add(row)
    apply_state(draft, state, now)
    how = broken.broken.kind.value
    told = Event(EventKind.SILENCE_BROKEN, {"by": code, "break": how})
    notice = Notice(
        NoticeKind.SILENCE_BROKEN, {"draft": draft.id, "procedure": procedure.id, "by": code, "kind": how}
    )
    summary = (
        f"{code} broke silence procedure {procedure.id} on draft {draft.id} ({how}) at {now.isoformat()}"
    )
    entry = Entry(
        action="silence.break", objects=[f"procedure:{procedure.id}", f"draft:{draft.id}"], summary=summary
    )
    announce(session, draft, told, notice, entry, actor=actor, now=now, procedure_id=procedure.id)
    session.flush()
    endings.ended(session, [endings.ProcedureEnded(procedure.id, draft.id, adopted=False)])
    return row


# --- Finalising at the deadline ---------------------------------------------------------------


@dataclass(frozen=True)
class Finalised:
    """One procedure this call ended at its deadline: adopted (with its decision's symbol, or
    the organ it recommended the text to), or not adopted with the reason."""

    procedure_id: int
    draft_id: int
    adopted: bool
    symbol: str | None = None
    recommended_to: str | None = None
    reason: str | None = None

    def describe(self) -> str:
        if self.symbol:
            return f"procedure {self.procedure_id}: draft {self.draft_id} adopted as {self.symbol}"
        if self.recommended_to:
            return (
                f"procedure {self.procedure_id}: draft {self.draft_id} recommended to {self.recommended_to}"
            )
        return f"procedure {self.procedure_id}: draft {self.draft_id} not adopted ({self.reason})"


def due(cutoff: datetime) -> Select[int]:
    """The ids of the open silence procedures whose deadline has come by `cutoff`, deadline first:
    what the scheduler asks about and what `finalise_due` claims."""
    return (
        select(Procedure.id)
        .where(
            Procedure.kind == rules.ProcedureKind.SILENCE,
            Procedure.status == ProcedureStatus.OPEN,
            Procedure.deadline <= cutoff,
        )
        .order_by(Procedure.deadline, Procedure.id)
    )


def finalise_due(
    session: Session, *, now: datetime | None = None, limit: int = BATCH, actor: Actor = SYSTEM
) -> list[Finalised]:
    """Adopts, at their deadlines, up to `limit` open silence procedures whose deadline has
    come. Safe to run in several processes at once: each procedure is finalised once."""
    with _collector_paused():
        return _finalise_due(session, now=now, limit=limit, actor=actor)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for one batch. A batch builds tens of thousands of
    objects that all live until it ends (rows, documents, entries); each full collection meanwhile
    walks all of them and the whole heap again: a quarter to a third of the batch's time in
    bench_deliberation. Nothing is lost: what the batch leaves unreachable (reference cycles) is
    collected once the collector is back on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Back on only if this call turned it off: a caller (or another thread's batch) that had
        # it off keeps it off.
        if was_on:
            gc.enable()


def _finalise_due(session: Session, *, now: datetime | None, limit: int, actor: Actor) -> list[Finalised]:
    now = now or clock.now(session)
    known = facts(session)
    authorize(session, actor, "silence.close", day=known.day_of(now), objects=["procedures:due"])
    claimed = session.scalars(due(now).limit(limit).with_for_update(skip_locked=True)).all()
    if not claimed:
        return []
    procedures = {p.id: p for p in session.scalars(select(Procedure).where(Procedure.id.in_(claimed)))}
    # Locked like every other write to a draft (procedure first, then draft): an amendment
    # settled meanwhile must not give two states of the draft the same version.
    drafts = {
        d.id: d
        for d in session.scalars(
            select(Draft).where(Draft.id.in_({p.draft_id for p in procedures.values()})).with_for_update()
        )
    }
    winners: list[tuple[Procedure, Draft, rules.DraftState]] = []
    failures: list[tuple[Procedure, Draft, str]] = []
    for procedure_id in claimed:
        procedure = procedures[procedure_id]
        draft = drafts[procedure.draft_id]
        try:
            silence_rules.finalise(silence_of(procedure), now)
            assert procedure.deadline is not None
            day = known.day_of(procedure.deadline)
            state = rules.transition(
                draft_state(draft, procedure), rules.CloseProcedure(True), known.competences(day)
            )
        except CicaError as error:
            # The charter changed while silence ran (the organ may no longer adopt the kind): the
            # text cannot be adopted; it goes back to negotiation, with the reason on record.
            failures.append((procedure, draft, error.message))
            continue
        winners.append((procedure, draft, state))
    won = _claim(
        session,
        [p.id for p, _, _ in winners],
        now,
        status=ProcedureStatus.ADOPTED,
        ending={"kind": Ending.ADOPTED_AT_DEADLINE},
    )
    results = _adopt(session, known, [w for w in winners if w[0].id in won], now, actor)
    for procedure, draft, reason in failures:
        if _claim(
            session,
            [procedure.id],
            now,
            status=ProcedureStatus.NOT_ADOPTED,
            ending={"kind": Ending.FAILED_AT_DEADLINE, "reason": reason},
        ):
            results.append(_fail(session, known, procedure, draft, reason, now, actor))
    endings.ended(session, [endings.ProcedureEnded(r.procedure_id, r.draft_id, r.adopted) for r in results])
    return results


def _claim(
    session: Session,
    ids: Sequence[int],
    now: datetime,
    *,
    status: ProcedureStatus,
    ending: dict[str, Any],
) -> set[int]:
    """Ends those of `ids` still open and due; the ids returned are the ones this call ended."""
    if not ids:
        return set()
    ended = session.execute(
        update(Procedure)
        .where(Procedure.id.in_(ids), Procedure.status == ProcedureStatus.OPEN, Procedure.deadline <= now)
        .values(
            status=status,
            closed_at=Procedure.deadline,
            finalised_at=now,
            ending=ending,
            version=Procedure.version + 1,
        )
        .returning(Procedure.id)
        .execution_options(synchronize_session=False)
    ).scalars()
    return set(ended)


def _adopt(
    session: Session,
    known: Facts,
    winners: Sequence[tuple[Procedure, Draft, rules.DraftState]],
    now: datetime,
    actor: Actor,
) -> list[Finalised]:
    if not winners:
        return []
    texts = revision_texts(session, [p.revision_id for p, _, _ in winners])
    numbers: dict[int, int] = dict(
        session.execute(
            select(DraftRevision.id, DraftRevision.number).where(
                DraftRevision.id.in_([p.revision_id for p, _, _ in winners])
            )
        ).all()
    )
    adoptions = []
    # Every member, silent: the same list for all the procedures of an organ ending on one day.
    silent: dict[tuple[str, date], list[dict[str, str]]] = {}
    for procedure, draft, _state in winners:
        if procedure.recommend_to is not None:
            continue
        assert procedure.deadline is not None
        day = known.day_of(procedure.deadline)
        participants = silent.get((draft.organ_id, day))
        if participants is None:
            participants = silent[draft.organ_id, day] = [
                {"code": d.code, "capacity": "member", "position": "silent"}
                for d in known.members(draft.organ_id, day)
            ]
        adoptions.append(
            Adoption(
                procedure_id=procedure.id,
                procedure_kind=rules.ProcedureKind.SILENCE,
                draft=draft,
                revision=numbers[procedure.revision_id],
                texts=texts[procedure.revision_id],
                adopted_at=procedure.deadline,
                adopted_on=day,
                participants=participants,
            )
        )
    decisions = {d.procedure_id: d for d in record_decisions(session, adoptions, known=known, now=now)}
    named = {
        procedure.id: [f"procedure:{procedure.id}", f"draft:{draft.id}"]
        + ([f"decision:{decisions[procedure.id].id}"] if procedure.id in decisions else [])
        for procedure, draft, _state in winners
    }
    # The entries' content digests, read for the whole batch at once rather than with several
    # statements per entry; the decisions are flushed first so that the read sees them.
    session.flush()
    with content.prefetched(session, [reference for objects in named.values() for reference in objects]):
        return _finish(session, winners, decisions, named, numbers, now, actor)


def _finish(
    session: Session,
    winners: Sequence[tuple[Procedure, Draft, rules.DraftState]],
    decisions: dict[int, Recorded],
    named: dict[int, list[str]],
    numbers: dict[int, int],
    now: datetime,
    actor: Actor,
) -> list[Finalised]:
    """The adopted procedures' audit entries, then their drafts, history steps and notices in bulk."""
    drafts: list[dict[str, Any]] = []
    events, notices, results = [], [], []
    entries: list[audit.Pending] = []
    for procedure, draft, state in winners:
        decision = decisions.get(procedure.id)
        changed = state_values(draft, state, now)
        drafts.append(
            {"changed_id": draft.id} | {f"new_{column}": value for column, value in changed.items()}
        )
        if decision is not None:
            kind = NoticeKind.ADOPTED
            told = Event(EventKind.ADOPTED, {"symbol": decision.symbol, "procedure": "silence"})
            payload = {
                "draft": draft.id,
                "procedure": procedure.id,
                "decision": decision.id,
                "symbol": decision.symbol,
            }
        else:
            kind = NoticeKind.RECOMMENDED
            told = Event(EventKind.RECOMMENDED, {"to": procedure.recommend_to, "procedure": "silence"})
            payload = {"draft": draft.id, "procedure": procedure.id, "to": procedure.recommend_to}
        subject = f"{ENGLISH.event(told)}: {draft.title}"
        events.append(
            event_row(
                draft,
                actor=actor,
                now=now,
                event=told,
                to_organ=procedure.recommend_to,
                revision=numbers[procedure.revision_id],
                procedure_id=procedure.id,
            )
        )
        notices.append(notice_row(draft, None, kind=kind, event=told, payload=payload, now=now))
        entries.append(
            audit.Pending(actor, action="silence.finalise", objects=named[procedure.id], summary=subject)
        )
        results.append(
            Finalised(
                procedure.id,
                draft.id,
                True,
                symbol=decision.symbol if decision else None,
                recommended_to=procedure.recommend_to,
            )
        )
    # One move of the chain's head and one insert for the batch's entries, each the entry
    # `record` would have written.
    audit.record_many(session, entries)
    # Bulk writes by primary key: the drafts were not changed by anyone else meanwhile, since
    # every other change to a draft under an open procedure is refused by the rules.
    # (Core's executemany names its parameters apart from the columns they set.)
    drafts_table = table(Draft)
    session.execute(
        update(drafts_table)
        .where(drafts_table.c.id == bindparam("changed_id"))
        .values(
            {column.removeprefix("new_"): bindparam(column) for column in drafts[0] if column != "changed_id"}
        ),
        drafts,
    )
    session.execute(insert(table(DraftEvent)), events)
    session.execute(insert(table(Notification)), notices)
    return results


def _fail(
    session: Session,
    known: Facts,
    procedure: Procedure,
    draft: Draft,
    reason: str,
    now: datetime,
    actor: Actor,
) -> Finalised:
    day = known.day_of(now)
    state = rules.transition(
        draft_state(draft, procedure), rules.CloseProcedure(False), known.competences(day)
    )
    apply_state(draft, state, now)
    told = Event(EventKind.RETURNED, {"procedure": "silence", "reason": reason})
    subject = f"{ENGLISH.event(told)}: {draft.title}"
    notice = Notice(NoticeKind.NOT_ADOPTED, {"draft": draft.id, "procedure": procedure.id})
    entry = Entry(
        action="silence.finalise", objects=[f"procedure:{procedure.id}", f"draft:{draft.id}"], summary=subject
    )
    announce(session, draft, told, notice, entry, actor=actor, now=now, procedure_id=procedure.id)
    return Finalised(procedure.id, draft.id, False, reason=reason)
