"""Stored rows as the pure rules' values: a draft's state, a consensus board, a silence procedure,
an amendment.

Shared by operations (which apply the rules before writing) and queries (which show what the
rules would say now, e.g. the outcome if the chair closed the board at this moment).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.core.errors import NotFound
from cica.deliberation import rules
from cica.deliberation.amendments import Amendment as AmendmentRule
from cica.deliberation.amendments import AmendmentKind
from cica.deliberation.consensus import Board, BoardEntry, Position, Stance
from cica.deliberation.facts import Facts
from cica.deliberation.models import (
    Amendment,
    Draft,
    DraftRevision,
    Procedure,
    RevisionText,
    SessionAttendance,
    SessionRecord,
    SilenceBreak,
)
from cica.deliberation.models import Position as PositionRow
from cica.deliberation.rules import ProcedureStatus
from cica.deliberation.silence import BreakKind, SilenceProcedure, SilenceStatus
from cica.deliberation.silence import SilenceBreak as SilenceBreakValue
from cica.deliberation.texts import split_paragraphs


@dataclass(frozen=True)
class FrozenText:
    """A revision's text in one language, as a decision keeps it (and an audit entry covers it)."""

    lang: str
    original: bool
    title: str
    body: str


def frozen_texts_by(session: Session, owner: Any, ids: Sequence[int]) -> dict[int, list[FrozenText]]:
    """The texts (in every language, by language) of each of `ids`, the owner column of a text
    table (`RevisionText.revision_id`, `DecisionText.decision_id`), read as columns in one query:
    a batch finalising thousands of procedures reads them all at once."""
    model = owner.class_
    found: dict[int, list[FrozenText]] = {number: [] for number in ids}
    rows = session.execute(
        select(owner, model.lang, model.original, model.title, model.body)
        .where(owner.in_(ids))
        .order_by(owner, model.lang)
    )
    for number, lang, original, title, body in rows:
        found[number].append(FrozenText(lang, original, title, body))
    return found


def revision_texts(session: Session, revision_ids: Sequence[int]) -> dict[int, list[FrozenText]]:
    return frozen_texts_by(session, RevisionText.revision_id, revision_ids)


class StagedDraft(Protocol):
    """A draft as stored or as read (`Draft` row, `DraftDetail`): what the lifecycle needs."""

    @property
    def kind(self) -> str: ...
    @property
    def stage(self) -> str: ...
    @property
    def forwarded_by(self) -> str | None: ...
    @property
    def recommended(self) -> bool: ...


class PendingLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def recommend_to(self) -> str | None: ...
    @property
    def status(self) -> str: ...


def lifecycle_state(draft: StagedDraft, organ: str, procedure: PendingLike | None) -> rules.DraftState:
    """The draft as the lifecycle rules see it; `procedure` is its latest procedure, if any (it
    counts only while open). One mapping for operations (rows) and pages (read models)."""
    pending = (
        rules.PendingProcedure(rules.ProcedureKind(procedure.kind), procedure.recommend_to)
        if procedure is not None and procedure.status == ProcedureStatus.OPEN
        else None
    )
    return rules.DraftState(
        draft.kind,
        rules.Stage(draft.stage),
        organ,
        pending,
        forwarded_by=draft.forwarded_by,
        recommended=draft.recommended,
    )


def draft_state(draft: Draft, procedure: Procedure | None) -> rules.DraftState:
    """The stored draft as the lifecycle rules see it."""
    return lifecycle_state(draft, draft.organ_id, procedure)


def present_delegations(
    known: Facts, attendance: Iterable[tuple[str, str]], held_on: date
) -> tuple[rules.Delegation, ...]:
    """The delegations present (code, category at the session), with that category's rights."""
    categories = {category.id: category for category in known.charter.categories}
    present = []
    for code, category_id in attendance:
        category = categories.get(category_id)
        present.append(
            rules.Delegation.of(code, category) if category is not None else known.delegation(code, held_on)
        )
    return tuple(present)


def _held_on(session: Session, procedure: Procedure) -> date:
    held_on = session.scalar(select(SessionRecord.held_on).where(SessionRecord.id == procedure.session_id))
    if held_on is None:  # pragma: no cover - the check constraint requires a session for consensus
        raise LookupError(f"procedure {procedure.id} has no session record")
    return held_on


def session_of(session: Session, procedure: Procedure) -> tuple[SessionRecord, list[SessionAttendance]]:
    record = session.get(SessionRecord, procedure.session_id)
    if record is None:  # pragma: no cover - the check constraint requires one for consensus
        raise LookupError(f"procedure {procedure.id} has no session record")
    attendance = session.scalars(
        select(SessionAttendance)
        .where(SessionAttendance.session_id == record.id)
        .order_by(SessionAttendance.participant_code)
    ).all()
    return record, list(attendance)


def paragraph_count(session: Session, revision_id: int) -> int:
    body = session.scalar(
        select(RevisionText.body).where(
            RevisionText.revision_id == revision_id, RevisionText.original.is_(True)
        )
    )
    return len(split_paragraphs(body or ""))


def board_of(
    session: Session, known: Facts, procedure: Procedure, record: SessionRecord | None = None
) -> Board:
    """The consensus board of a procedure: who is present, and each current position.

    Read with plain column selects, not ORM objects: the live board is read every 2 seconds by
    every reader, for up to a couple of hundred delegations."""
    held_on = record.held_on if record is not None else _held_on(session, procedure)
    attendance = session.execute(
        select(SessionAttendance.participant_code, SessionAttendance.category)
        .where(SessionAttendance.session_id == procedure.session_id)
        .order_by(SessionAttendance.participant_code)
    ).all()
    present = present_delegations(known, attendance, held_on)
    rows = session.execute(
        select(
            PositionRow.participant_code,
            PositionRow.stance,
            PositionRow.text,
            PositionRow.paragraphs,
            PositionRow.version,
        )
        .where(PositionRow.procedure_id == procedure.id)
        .order_by(PositionRow.participant_code)
    ).all()
    entries = tuple(
        BoardEntry(code, Position(Stance(stance), text, tuple(paragraphs)), version)
        for code, stance, text, paragraphs, version in rows
    )
    return Board(
        tuple(sorted(present, key=lambda d: d.code)),
        max(paragraph_count(session, procedure.revision_id), 1),
        entries,
        closed=procedure.status != ProcedureStatus.OPEN,
    )


def silence_of(procedure: Procedure, broken: SilenceBreak | None = None) -> SilenceProcedure:
    """A silence procedure's row as the silence rules see it."""
    assert procedure.deadline is not None
    if procedure.status == ProcedureStatus.BROKEN and broken is not None:
        return SilenceProcedure(
            procedure.opened_at,
            procedure.deadline,
            SilenceStatus.BROKEN,
            SilenceBreakValue(broken.participant_code, BreakKind(broken.kind), broken.at, broken.text),
            ended_at=broken.at,
        )
    if procedure.status == ProcedureStatus.ADOPTED:
        return SilenceProcedure(
            procedure.opened_at,
            procedure.deadline,
            SilenceStatus.ADOPTED,
            ended_at=procedure.deadline,
            finalised_at=procedure.finalised_at or procedure.deadline,
        )
    return SilenceProcedure(procedure.opened_at, procedure.deadline)


def amendment_rule(amendment: Amendment, revision_number: int) -> AmendmentRule:
    """The stored amendment as the pure rules see it."""
    ref = f"A-{amendment.number}"
    kind = AmendmentKind(amendment.kind)
    if kind is AmendmentKind.INSERT:
        return AmendmentRule.insert(
            revision_number, amendment.after or 0, amendment.text, amendment.justification, ref=ref
        )
    if kind is AmendmentKind.DELETE:
        return AmendmentRule.delete(revision_number, amendment.paragraphs, amendment.justification, ref=ref)
    return AmendmentRule.replace(
        revision_number, amendment.paragraphs, amendment.text, amendment.justification, ref=ref
    )


def revision_row(session: Session, draft: Draft, number: int | None = None) -> DraftRevision:
    """Revision `number` of the draft (its current one by default)."""
    wanted = draft.current_revision if number is None else number
    found = session.scalars(
        select(DraftRevision).where(DraftRevision.draft_id == draft.id, DraftRevision.number == wanted)
    ).first()
    if found is None:
        raise NotFound(
            f"draft {draft.id} has no revision {wanted}; it is at revision {draft.current_revision}"
        )
    return found
