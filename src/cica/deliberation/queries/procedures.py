"""Reads of procedures: one procedure with its consensus board or its silence deadline.

The board is rebuilt from the database on every read, so every server process shows the same
positions: the page polls it, and what one delegate writes in one process shows in all.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.core.errors import NotFound
from cica.deliberation.consensus import Stance
from cica.deliberation.models import Decision, Draft, DraftRevision, Procedure, SessionRecord, SilenceBreak
from cica.deliberation.queries.common import Reader, names
from cica.deliberation.queries.drafts import DecisionRef, ProcedureSummary, _ref
from cica.deliberation.records import board_of, silence_of
from cica.deliberation.rules import ProcedureKind, ProcedureStatus, Stage
from cica.deliberation.silence import BreakKind, describe_period, period_of


class BoardRowItem(BaseModel):
    code: str
    name: str
    capacity: str  # member or observer
    stance: Stance | None  # the position taken, None if silent
    counts_as: Stance | None  # what the rules count it as: a silent member joins
    text: str
    paragraphs: list[int]
    version: int


class BoardView(BaseModel):
    held_on: date
    closed: bool
    quorum: int | None
    members_present: int
    counts: dict[str, int]
    would_adopt: bool
    outcome: str  # what closing now would give
    rows: list[BoardRowItem]


class BreakItem(BaseModel):
    by: str
    kind: BreakKind
    text: str
    at: datetime


class SilenceView(BaseModel):
    deadline: datetime
    deadline_text: str
    period: str
    broken: BreakItem | None


class DraftRef(BaseModel):
    id: int
    title: str
    kind: str
    stage: Stage
    version: int


class ProcedureDetail(ProcedureSummary):
    draft: DraftRef
    board: BoardView | None
    silence: SilenceView | None
    decision: DecisionRef | None


def _visible(session: Session, who: Reader, procedure_id: int) -> tuple[Procedure, Draft]:
    procedure = session.get(Procedure, procedure_id)
    if procedure is None:
        raise NotFound(f"no procedure {procedure_id}")
    return procedure, who.shown(session.get(Draft, procedure.draft_id), f"procedure {procedure_id}")


def board(session: Session, who: Reader, procedure_id: int) -> BoardView:
    """The live consensus board: one row per delegation present, members first."""
    procedure, _ = _visible(session, who, procedure_id)
    if procedure.kind != ProcedureKind.CONSENSUS:
        raise NotFound(f"procedure {procedure_id} is a silence procedure: it has no consensus board")
    return _board(session, who, procedure)


def _board(session: Session, who: Reader, procedure: Procedure) -> BoardView:
    record = session.get(SessionRecord, procedure.session_id)
    assert record is not None
    current = board_of(session, who.facts, procedure, record)
    named = names(session, who)
    outcome = current.outcome(who.facts.quorum)
    rows = [
        BoardRowItem(
            code=row.delegation.code,
            name=named.get(row.delegation.code, row.delegation.code),
            capacity="member" if row.delegation.may_object else "observer",
            stance=row.position.stance.value if row.position else None,
            counts_as=row.counts_as.value if row.counts_as else None,
            text=row.position.text if row.position else "",
            paragraphs=list(row.position.paragraphs) if row.position else [],
            version=row.version,
        )
        for row in current.rows()
    ]
    counts = {stance.value: 0 for stance in Stance} | {"silent": len(outcome.silent)}
    for item in rows:
        if item.stance is not None:
            counts[item.stance] += 1
    return BoardView(
        held_on=record.held_on,
        closed=current.closed,
        quorum=outcome.quorum,
        members_present=outcome.members_present,
        counts=counts,
        would_adopt=outcome.adopted,
        outcome=procedure.summary if current.closed and procedure.summary else outcome.summary(),
        rows=rows,
    )


def procedure_detail(session: Session, who: Reader, procedure_id: int) -> ProcedureDetail:
    procedure, draft = _visible(session, who, procedure_id)
    number = (
        session.scalar(select(DraftRevision.number).where(DraftRevision.id == procedure.revision_id)) or 0
    )
    silence = None
    if procedure.kind == ProcedureKind.SILENCE and procedure.deadline is not None:
        broken = session.scalars(
            select(SilenceBreak).where(SilenceBreak.procedure_id == procedure.id)
        ).first()
        silence = SilenceView(
            deadline=procedure.deadline,
            deadline_text=who.deadline(procedure.deadline),
            period=describe_period(period_of(silence_of(procedure))),
            broken=BreakItem(by=broken.participant_code, kind=broken.kind, text=broken.text, at=broken.at)
            if broken
            else None,
        )
    decision = session.execute(
        select(Decision.id, Decision.symbol).where(Decision.procedure_id == procedure.id)
    ).first()
    reference = _ref(who, procedure)
    assert reference is not None
    return ProcedureDetail(
        **reference.model_dump(),
        revision=int(number),
        organ=procedure.organ_id,
        opened_at=procedure.opened_at,
        closed_at=procedure.closed_at,
        summary=procedure.summary,
        draft=DraftRef(
            id=draft.id, title=draft.title, kind=draft.kind, stage=draft.stage, version=draft.version
        ),
        board=_board(session, who, procedure) if procedure.kind == ProcedureKind.CONSENSUS else None,
        silence=silence,
        decision=DecisionRef(id=decision[0], symbol=decision[1]) if decision else None,
    )


class SilenceItem(BaseModel):
    id: int
    draft_id: int
    title: str
    organ: str
    status: ProcedureStatus
    deadline: datetime
    deadline_text: str
    summary: str | None


class SilenceList(BaseModel):
    count: int
    items: list[SilenceItem]


def silence_procedures(session: Session, who: Reader, *, open_only: bool = True) -> SilenceList:
    """Silence procedures the reader may see, soonest deadline first."""
    query = (
        select(Procedure, Draft)
        .join(Draft, Draft.id == Procedure.draft_id)
        .where(Procedure.kind == ProcedureKind.SILENCE, who.where_visible(Draft.classification, Draft.named))
    )
    if open_only:
        query = query.where(Procedure.status == ProcedureStatus.OPEN)
    found = []
    for procedure, draft in session.execute(query.order_by(Procedure.deadline, Procedure.id)).all():
        assert procedure.deadline is not None
        found.append(
            SilenceItem(
                id=procedure.id,
                draft_id=draft.id,
                title=draft.title,
                organ=procedure.organ_id,
                status=procedure.status,
                deadline=procedure.deadline,
                deadline_text=who.deadline(procedure.deadline),
                summary=procedure.summary,
            )
        )
    return SilenceList(count=len(found), items=found)
