"""Reads of procedures: one procedure with its consensus board or its silence deadline.

The board is rebuilt from the database on every read, so every server process shows the same
positions: the page polls it, and what one delegate writes in one process shows in all.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.core.db import get_or_not_found
from cica.core.errors import NotFound
from cica.deliberation.consensus import Stance
from cica.deliberation.models import Decision, Draft, DraftRevision, Procedure, SessionRecord, SilenceBreak
from cica.deliberation.queries.common import Reader, by_name, hidden, names, narrator, told_ending
from cica.deliberation.queries.drafts import DecisionRef, ProcedureSummary, _ref, ending_fields, titles_in
from cica.deliberation.records import board_of, silence_of
from cica.deliberation.rules import ProcedureKind, ProcedureStatus, Stage
from cica.deliberation.silence import BreakKind, period_of

NO_BOARD = "procedure {} is a silence procedure: it has no consensus board"


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
    outcome: str  # what closing now would give, or how it ended, in `outcome_lang`
    outcome_lang: str
    rows: list[BoardRowItem]
    recommending: bool = False  # the round recommends the text to another organ, not adopts it
    version: int = Field(
        description="The procedure's version: it grows with every position, statement and close, "
        "so a poller that saw this number has nothing new to fetch while it stays."
    )


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
    title_lang: str
    kind: str
    stage: Stage
    version: int


class ProcedureDetail(ProcedureSummary):
    draft: DraftRef
    board: BoardView | None
    silence: SilenceView | None
    decision: DecisionRef | None


def _visible(session: Session, who: Reader, procedure_id: int) -> tuple[Procedure, Draft]:
    procedure = get_or_not_found(session, Procedure, procedure_id, "procedure")
    return procedure, who.shown(session.get(Draft, procedure.draft_id), f"procedure {procedure_id}")


def board(session: Session, who: Reader, procedure_id: int) -> BoardView:
    """The live consensus board: one row per delegation present, members first."""
    procedure, _ = _visible(session, who, procedure_id)
    if procedure.kind != ProcedureKind.CONSENSUS:
        raise NotFound(NO_BOARD.format(procedure_id))
    return _board(session, who, procedure)


def board_version(session: Session, who: Reader, procedure_id: int) -> int:
    """The board's version alone, for a poll: one read by primary key, with the same answers as
    `board` for a procedure that is missing, hidden from the reader or has no board."""
    found = session.execute(
        select(Procedure.version, Procedure.kind, Draft.classification, Draft.named)
        .join(Draft, Draft.id == Procedure.draft_id)
        .where(Procedure.id == procedure_id)
    ).first()
    if found is None:
        raise NotFound(f"no procedure {procedure_id}")
    if not who.may_see(found.classification, found.named):
        raise hidden(f"procedure {procedure_id}")
    if found.kind != ProcedureKind.CONSENSUS:
        raise NotFound(NO_BOARD.format(procedure_id))
    return int(found.version)


def _board(session: Session, who: Reader, procedure: Procedure) -> BoardView:
    record = session.get(SessionRecord, procedure.session_id)
    assert record is not None
    current = board_of(session, who.facts, procedure, record)
    named = names(session, who)
    outcome = current.outcome(who.facts.quorum)
    narrating = narrator(session, who)
    ended = told_ending(narrating, procedure) if current.closed else None
    recommending = procedure.recommend_to is not None
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
    rows = by_name(rows, who.lang)
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
        outcome=ended.text if ended else narrating.outcome(outcome.to_dict(), recommending=recommending),
        outcome_lang=ended.lang if ended else narrating.lang,
        rows=rows,
        recommending=recommending,
        version=procedure.version,
    )


def procedure_detail(session: Session, who: Reader, procedure_id: int) -> ProcedureDetail:
    procedure, draft = _visible(session, who, procedure_id)
    number = (
        session.scalar(select(DraftRevision.number).where(DraftRevision.id == procedure.revision_id)) or 0
    )
    silence = None
    narrating = narrator(session, who)
    if procedure.kind == ProcedureKind.SILENCE and procedure.deadline is not None:
        broken = session.scalars(
            select(SilenceBreak).where(SilenceBreak.procedure_id == procedure.id)
        ).first()
        silence = SilenceView(
            deadline=procedure.deadline,
            deadline_text=who.deadline(procedure.deadline),
            period=narrating.duration(period_of(silence_of(procedure)).total_seconds()),
            broken=BreakItem(by=broken.participant_code, kind=broken.kind, text=broken.text, at=broken.at)
            if broken
            else None,
        )
    decision = session.execute(
        select(Decision.id, Decision.symbol).where(Decision.procedure_id == procedure.id)
    ).first()
    reference = _ref(who, procedure)
    assert reference is not None
    title = titles_in(session, who.lang, [draft.id]).get(draft.id)
    return ProcedureDetail(
        **reference.model_dump(),
        revision=int(number),
        organ=procedure.organ_id,
        opened_at=procedure.opened_at,
        closed_at=procedure.closed_at,
        **ending_fields(narrating, procedure),
        draft=DraftRef(
            id=draft.id,
            title=title or draft.title,
            title_lang=who.lang if title else draft.original_lang,
            kind=draft.kind,
            stage=draft.stage,
            version=draft.version,
        ),
        board=_board(session, who, procedure) if procedure.kind == ProcedureKind.CONSENSUS else None,
        silence=silence,
        decision=DecisionRef(id=decision[0], symbol=decision[1]) if decision else None,
    )


class SilenceItem(BaseModel):
    id: int
    draft_id: int
    title: str
    title_lang: str
    organ: str
    status: ProcedureStatus
    deadline: datetime
    deadline_text: str
    summary: str | None
    summary_lang: str | None = None


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
    narrating = narrator(session, who)
    rows = session.execute(query.order_by(Procedure.deadline, Procedure.id)).all()
    titles = titles_in(session, who.lang, [draft.id for _, draft in rows])
    for procedure, draft in rows:
        assert procedure.deadline is not None
        found.append(
            SilenceItem(
                id=procedure.id,
                draft_id=draft.id,
                title=titles.get(draft.id, draft.title),
                title_lang=who.lang if draft.id in titles else draft.original_lang,
                organ=procedure.organ_id,
                status=procedure.status,
                deadline=procedure.deadline,
                deadline_text=who.deadline(procedure.deadline),
                **ending_fields(narrating, procedure),
            )
        )
    return SilenceList(count=len(found), items=found)
