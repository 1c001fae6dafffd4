"""Reads of drafts: the list, one draft with its revisions, amendments, history and procedures,
a revision's texts, and the diff of two revisions. The shapes are shared by the API and the CLI.

Lists filter in SQL with the classification rule, so a hidden draft is never listed or counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cica.access import rules as access_rules
from cica.accounts.models import User
from cica.core import paging, search
from cica.core.errors import InvalidInput, NotFound
from cica.core.paging import PageLinks
from cica.deliberation import rules
from cica.deliberation.amendments import AmendmentKind, AmendmentStatus
from cica.deliberation.models import (
    Amendment,
    Decision,
    Draft,
    DraftEvent,
    DraftRevision,
    Procedure,
    RevisionText,
)
from cica.deliberation.narration import EventKind, Narrator
from cica.deliberation.queries.common import Reader, Told, narrator, told_ending, told_event
from cica.deliberation.records import revision_row
from cica.deliberation.rules import ProcedureKind, ProcedureStatus, Purpose, Stage
from cica.deliberation.texts import ChangeKind, SpanKind, diff_texts, split_paragraphs


class ProcedureRef(BaseModel):
    id: int
    kind: ProcedureKind
    purpose: Purpose
    recommend_to: str | None
    recommend_to_name: str | None = None
    status: ProcedureStatus
    deadline: datetime | None
    deadline_text: str | None


class DecisionRef(BaseModel):
    id: int
    symbol: str


class OrganOption(BaseModel):
    id: str
    name: str


class DraftItem(BaseModel):
    id: int
    kind: str
    kind_name: str
    title: str  # in the reader's language when the current revision has it, else the original
    title_lang: str
    organ: str
    organ_name: str
    stage: Stage
    recommended: bool
    forwarded_by: str | None
    sponsor: str
    sponsor_code: str | None
    classification: access_rules.Classification
    revision: int
    version: int
    updated_at: datetime
    procedure: ProcedureRef | None


class DraftList(BaseModel):
    count: int  # every draft that matches the filters, on all pages
    items: list[DraftItem]  # this page
    page: PageLinks


class ParagraphItem(BaseModel):
    number: int
    text: str


class TextItem(BaseModel):
    lang: str
    original: bool
    title: str
    paragraphs: list[ParagraphItem]


class RevisionItem(BaseModel):
    number: int
    created_at: datetime
    created_by: str
    reason: Told  # why the system made it, in the reader's language
    note: str  # what its maker typed, as typed
    note_lang: str | None
    languages: list[str]


class AmendmentItem(BaseModel):
    id: int
    ref: str
    proposer: str
    kind: AmendmentKind
    description: str
    revision: int
    paragraphs: list[int]
    after: int | None
    text: str
    justification: str
    status: AmendmentStatus
    produced_revision: int | None
    proposed_at: datetime


class EventItem(BaseModel):
    at: datetime
    action: EventKind
    organ: str
    to_organ: str | None
    revision: int | None
    procedure_id: int | None
    # The person (an e-mail) only for signed-in readers; everyone sees the capacity instead.
    actor: str | None
    actor_label: str  # the e-mail (signed-in readers only), or "the system" in the reader's language
    actor_role: str | None = None
    actor_delegation: str | None = None
    params: dict[str, Any] | None  # the structured event (None: an unparsed line from before 0004i)
    summary: str  # the sentence in `summary_lang`: the reader's language, or English for old lines
    summary_lang: str


class ProcedureSummary(ProcedureRef):
    revision: int
    organ: str
    opened_at: datetime
    closed_at: datetime | None
    summary: str | None  # how it ended, in `summary_lang`
    summary_lang: str | None = None


class DraftDetail(DraftItem):
    original_lang: str
    named: list[str]
    amends: DecisionRef | None
    supersedes: DecisionRef | None
    decision: DecisionRef | None
    shown_revision: int
    texts: list[TextItem]
    revisions: list[RevisionItem]
    amendments: list[AmendmentItem]
    history: list[EventItem]
    procedures: list[ProcedureSummary]
    forwards_to: list[OrganOption]
    may_adopt: bool
    recommends_to: list[OrganOption]

    def open_deadlines(self) -> list[datetime]:
        """The deadlines of its open procedures: what may be done changes when one passes."""
        return [
            p.deadline for p in self.procedures if p.status == ProcedureStatus.OPEN and p.deadline is not None
        ]


def _ref(who: Reader, procedure: Procedure | None) -> ProcedureRef | None:
    if procedure is None:
        return None
    return ProcedureRef(
        id=procedure.id,
        kind=procedure.kind,
        purpose=procedure.purpose,
        recommend_to=procedure.recommend_to,
        recommend_to_name=who.organ_name(procedure.recommend_to) if procedure.recommend_to else None,
        status=procedure.status,
        deadline=procedure.deadline,
        deadline_text=who.deadline(procedure.deadline) if procedure.deadline else None,
    )


def titles_in(session: Session, lang: str, draft_ids: Sequence[int]) -> dict[int, str]:
    """The current revision's title in `lang`, for those of the drafts that have one."""
    if not draft_ids:
        return {}
    rows = session.execute(
        select(DraftRevision.draft_id, RevisionText.title)
        .join(RevisionText, RevisionText.revision_id == DraftRevision.id)
        .join(Draft, Draft.id == DraftRevision.draft_id)
        .where(
            DraftRevision.draft_id.in_(draft_ids),
            DraftRevision.number == Draft.current_revision,
            RevisionText.lang == lang,
        )
    )
    return {draft_id: title for draft_id, title in rows}


def _item(who: Reader, draft: Draft, procedure: Procedure | None, title: str | None) -> DraftItem:
    return DraftItem(
        id=draft.id,
        kind=draft.kind,
        kind_name=who.kind_name(draft.kind),
        title=title or draft.title,
        title_lang=who.lang if title else draft.original_lang,
        organ=draft.organ_id,
        organ_name=who.organ_name(draft.organ_id),
        stage=draft.stage,
        recommended=draft.recommended,
        forwarded_by=draft.forwarded_by,
        sponsor=draft.sponsor_code or draft.sponsor_kind,
        sponsor_code=draft.sponsor_code,
        classification=draft.classification,
        revision=draft.current_revision,
        version=draft.version,
        updated_at=draft.updated_at,
        procedure=_ref(who, procedure),
    )


DRAFT_ORDER = paging.Keyset("drafts", (Draft.updated_at, Draft.id), (datetime, int))


def list_drafts(
    session: Session,
    who: Reader,
    *,
    organ: str | None = None,
    stage: str | None = None,
    kind: str | None = None,
    q: str | None = None,
    page: paging.PageRequest | None = None,
) -> DraftList:
    """The drafts the reader may see, most recently changed first, a page at a time; `q`: words
    of the title in any of its languages."""
    if stage is not None and stage not in {s.value for s in rules.Stage}:
        raise InvalidInput(f"{stage!r} is not a stage: {', '.join(s.value for s in rules.Stage)}")
    found = search.words(q)
    query = select(Draft).where(who.where_visible(Draft.classification, Draft.named))
    if organ:
        query = query.where(Draft.organ_id == organ)
    if stage:
        query = query.where(Draft.stage == stage)
    if kind:
        query = query.where(Draft.kind == kind)
    if found:
        query = query.where(search.matching(search.Subject.DRAFT, Draft.id, found))
    drafts, links = paging.fetch(session, query, DRAFT_ORDER, page or paging.PageRequest())
    open_ones = {
        p.draft_id: p
        for p in session.scalars(
            select(Procedure).where(
                Procedure.status == ProcedureStatus.OPEN, Procedure.draft_id.in_([d.id for d in drafts])
            )
        )
    }
    titles = titles_in(session, who.lang, [d.id for d in drafts])
    items = [_item(who, draft, open_ones.get(draft.id), titles.get(draft.id)) for draft in drafts]
    return DraftList(count=paging.count(session, query), items=items, page=links)


def visible_draft(session: Session, who: Reader, draft_id: int) -> Draft:
    return who.shown(session.get(Draft, draft_id), f"draft {draft_id}")


def revision_texts(
    session: Session, draft: Draft, number: int | None = None, lang: str | None = None
) -> list[TextItem]:
    """A revision's texts, each as numbered paragraphs: the one in the reader's language `lang`
    first when there is one, then the original, then the others."""
    revision = revision_row(session, draft, number)
    rows = session.scalars(select(RevisionText).where(RevisionText.revision_id == revision.id)).all()
    ordered = sorted(rows, key=lambda row: (row.lang != lang, not row.original, row.lang))
    return [
        TextItem(
            lang=row.lang,
            original=row.original,
            title=row.title,
            paragraphs=[ParagraphItem(number=p.number, text=p.text) for p in split_paragraphs(row.body)],
        )
        for row in ordered
    ]


def _decision_ref(session: Session, who: Reader, decision_id: int | None) -> DecisionRef | None:
    """A link to a decision, shown only to a reader who may see that decision."""
    if decision_id is None:
        return None
    found = session.execute(
        select(Decision.symbol, Decision.classification, Decision.named).where(Decision.id == decision_id)
    ).first()
    if found is None or not who.may_see(found.classification, found.named):
        return None
    return DecisionRef(id=decision_id, symbol=found.symbol)


def draft_detail(session: Session, who: Reader, draft_id: int, *, revision: int | None = None) -> DraftDetail:
    draft = visible_draft(session, who, draft_id)
    procedures = session.scalars(
        select(Procedure).where(Procedure.draft_id == draft.id).order_by(Procedure.opened_at, Procedure.id)
    ).all()
    revisions = session.scalars(
        select(DraftRevision).where(DraftRevision.draft_id == draft.id).order_by(DraftRevision.number)
    ).all()
    numbers = {r.id: r.number for r in revisions}
    languages: dict[int, list[str]] = {r.id: [] for r in revisions}
    for revision_id, lang in session.execute(
        select(RevisionText.revision_id, RevisionText.lang)
        .where(RevisionText.revision_id.in_(list(numbers)))
        .order_by(RevisionText.lang)
    ):
        languages[revision_id].append(lang)
    amendments = session.scalars(
        select(Amendment).where(Amendment.draft_id == draft.id).order_by(Amendment.number)
    ).all()
    # Each event with the capacity its actor's account acts in (one statement, not one more).
    events = session.execute(
        select(DraftEvent, User.role, User.delegation_code)
        .outerjoin(User, User.email == DraftEvent.actor)
        .where(DraftEvent.draft_id == draft.id)
        .order_by(DraftEvent.at, DraftEvent.id)
    ).all()
    decision_id = session.scalar(select(Decision.id).where(Decision.draft_id == draft.id))
    open_one = next((p for p in procedures if p.status == ProcedureStatus.OPEN), None)
    competences = who.competences()
    holder = competences.organs.get(draft.organ_id)
    forwards = sorted(holder.forwards_to) if holder else []
    recommends = holder.recommends_to(draft.kind) if holder else []
    shown = revision if revision is not None else draft.current_revision
    narrating = narrator(session, who)
    title = titles_in(session, who.lang, [draft.id]).get(draft.id)
    return DraftDetail(
        **_item(who, draft, open_one, title).model_dump(),
        original_lang=draft.original_lang,
        named=sorted(access_rules.decode_named(draft.named)),
        amends=_decision_ref(session, who, draft.amends_id),
        supersedes=_decision_ref(session, who, draft.supersedes_id),
        decision=_decision_ref(session, who, decision_id),
        shown_revision=shown,
        texts=revision_texts(session, draft, shown, who.lang),
        revisions=[
            RevisionItem(
                number=r.number,
                created_at=r.created_at,
                created_by=r.created_by,
                reason=Told(text=narrating.revision_note(r.origin), lang=narrating.lang),
                note=r.note,
                note_lang=r.note_lang,
                languages=languages[r.id],
            )
            for r in revisions
        ],
        amendments=[_amendment(narrating, a, numbers) for a in amendments],
        history=[
            _event(narrating, e, role, delegation, who.viewer is not None) for e, role, delegation in events
        ],
        procedures=[
            ProcedureSummary(
                **(_ref(who, p) or _missing()).model_dump(),
                revision=numbers.get(p.revision_id, 0),
                organ=p.organ_id,
                opened_at=p.opened_at,
                closed_at=p.closed_at,
                **ending_fields(narrating, p),
            )
            for p in procedures
        ],
        forwards_to=[OrganOption(id=o, name=who.organ_name(o)) for o in forwards],
        may_adopt=bool(holder and draft.kind in holder.adopts),
        recommends_to=[OrganOption(id=o, name=who.organ_name(o)) for o in recommends],
    )


def _event(
    narrating: Narrator, event: DraftEvent, role: str | None, delegation: str | None, signed_in: bool
) -> EventItem:
    told = told_event(narrating, event.action, event.params, event.summary)
    # A person's address only for signed-in readers; the system is named to everyone.
    actor = event.actor if signed_in or "@" not in event.actor else None
    return EventItem(
        at=event.at,
        action=event.action,
        organ=event.organ_id,
        to_organ=event.to_organ_id,
        revision=event.revision,
        procedure_id=event.procedure_id,
        actor=actor,
        actor_label=narrating.actor(actor) if actor is not None else "",
        actor_role=role,
        actor_delegation=delegation,
        params=event.params,
        summary=told.text,
        summary_lang=told.lang,
    )


def ending_fields(narrating: Narrator, procedure: Procedure) -> dict[str, str | None]:
    told = told_ending(narrating, procedure)
    return {"summary": told.text if told else None, "summary_lang": told.lang if told else None}


def _missing() -> ProcedureRef:  # pragma: no cover - `_ref` of a procedure is never None
    raise AssertionError("a procedure has a reference")


def _amendment(narrating: Narrator, amendment: Amendment, numbers: dict[int, int]) -> AmendmentItem:
    revision = numbers.get(amendment.revision_id, 0)
    return AmendmentItem(
        id=amendment.id,
        ref=f"A-{amendment.number}",
        proposer=amendment.proposer,
        kind=amendment.kind,
        description=narrating.amendment(amendment.kind, amendment.paragraphs, amendment.after, None),
        revision=revision,
        paragraphs=list(amendment.paragraphs),
        after=amendment.after,
        text=amendment.text,
        justification=amendment.justification,
        status=amendment.status,
        produced_revision=numbers.get(amendment.produced_revision_id)
        if amendment.produced_revision_id
        else None,
        proposed_at=amendment.proposed_at,
    )


# --- Diff -------------------------------------------------------------------------------------


class SpanItem(BaseModel):
    kind: SpanKind
    text: str


class ChangeItem(BaseModel):
    kind: ChangeKind
    old_number: int | None
    new_number: int | None
    old_text: str | None
    new_text: str | None
    inline: list[SpanItem]


class DiffResult(BaseModel):
    draft_id: int
    title: str
    title_lang: str
    lang: str
    old: int
    new: int
    revisions: list[int]
    counts: dict[str, int]
    changes: list[ChangeItem]


def diff(
    session: Session,
    who: Reader,
    draft_id: int,
    *,
    old: int | None = None,
    new: int | None = None,
    lang: str | None = None,
) -> DiffResult:
    """The paragraph-level comparison of two revisions in one language (the original by default;
    by default the current revision against the one before it)."""
    draft = visible_draft(session, who, draft_id)
    newer = draft.current_revision if new is None else new
    older = max(newer - 1, 1) if old is None else old
    language = lang or draft.original_lang
    texts = {}
    for number in (older, newer):
        revision = revision_row(session, draft, number)
        body = session.scalar(
            select(RevisionText.body).where(
                RevisionText.revision_id == revision.id, RevisionText.lang == language
            )
        )
        if body is None:
            raise NotFound(f"revision {number} of draft {draft.id} has no text in {language}")
        texts[number] = body
    compared = diff_texts(texts[older], texts[newer]).to_dict()
    count = session.scalar(select(func.count()).where(DraftRevision.draft_id == draft.id)) or 0
    return DiffResult(
        draft_id=draft.id,
        title=draft.title,
        title_lang=draft.original_lang,
        lang=language,
        old=older,
        new=newer,
        revisions=list(range(1, int(count) + 1)),
        counts=compared["counts"],
        changes=[ChangeItem.model_validate(change) for change in compared["changes"]],
    )
