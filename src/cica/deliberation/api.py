"""API of deliberation: drafts, amendments, procedures, positions, silence, decisions, notices.

Each route declares its action (`public` / `signed_in`), parses, calls one operation or query,
and answers; the operations decide everything else against the same permission table as the
CLI and the pages. Domain errors become problem+json at the edge (`core.problems`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.core.deps import SessionDep
from cica.core.i18n import Language
from cica.core.output import to_csv
from cica.deliberation import operations, queries
from cica.deliberation.queries.decisions import CSV_COLUMNS, csv_rows
from cica.deliberation.queries.notifications import NotificationItem
from cica.deliberation.texts import LanguageVersion

router = APIRouter(tags=["deliberation"])
Lang = Annotated[Language, Query(description="Language of organ, kind and participant names.")]
Zone = Annotated[str | None, Query(description="Your IANA time zone, to show deadlines in it too.")]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextIn(Body):
    lang: str = Field(max_length=35, description="BCP 47 tag: en, ru, zh-Hans…")
    title: str = Field(max_length=500)
    body: str = Field(max_length=200_000, description="Paragraphs separated by blank lines.")


def _versions(texts: list[TextIn]) -> list[LanguageVersion]:
    return [LanguageVersion(t.lang, t.title, t.body) for t in texts]


def _reader(
    session: Session, actor: Actor | None, lang: str = "en", zone: str | None = None
) -> queries.Reader:
    return queries.reader(session, actor, lang, zone=zone)


# --- Drafts -----------------------------------------------------------------------------------


@router.get("/drafts", response_model=queries.DraftList)
def drafts(
    session: SessionDep,
    organ: str | None = None,
    stage: str | None = None,
    kind: str | None = None,
    lang: Lang = "en",
    actor: Actor | None = public("draft.read"),
) -> queries.DraftList:
    """The drafts you may see (by classification), most recently changed first."""
    return queries.list_drafts(session, _reader(session, actor, lang), organ=organ, stage=stage, kind=kind)


class NewDraft(Body):
    kind: str = Field(description="A document kind of the charter.")
    organ: str = Field(description="The organ where drafting starts.")
    sponsor: str = Field(description="chair, secretariat, or a delegation's participant code.")
    original_lang: str = Field("en", max_length=35)
    texts: list[TextIn] = Field(min_length=1, max_length=20)
    classification: Literal["public", "restricted", "confidential"] = "public"
    named: list[str] = Field(
        default_factory=list, description="Delegations a confidential draft is shown to."
    )
    amends: str | None = Field(None, description="Symbol of a decision this draft amends.")
    supersedes: str | None = Field(None, description="Symbol of a decision this draft replaces.")


@router.post("/drafts", response_model=queries.DraftDetail, status_code=status.HTTP_201_CREATED)
def create_draft(
    session: SessionDep, body: NewDraft, lang: Lang = "en", actor: Actor = signed_in("draft.create")
) -> queries.DraftDetail:
    """Prepare a draft (the Chair or the Secretariat); it is circulated separately."""
    draft = operations.create_draft(
        session,
        kind=body.kind,
        organ=body.organ,
        texts=_versions(body.texts),
        original_lang=body.original_lang,
        sponsor=body.sponsor,
        classification=body.classification,
        named=body.named,
        amends=body.amends,
        supersedes=body.supersedes,
        actor=actor,
    )
    return queries.draft_detail(session, _reader(session, actor, lang), draft.id)


@router.get("/drafts/{draft_id}", response_model=queries.DraftDetail)
def draft(
    session: SessionDep,
    draft_id: int,
    revision: int | None = None,
    lang: Lang = "en",
    tz: Zone = None,
    actor: Actor | None = public("draft.read"),
) -> queries.DraftDetail:
    """One draft: a revision's texts (the current one by default), its revisions, amendments,
    history and procedures."""
    return queries.draft_detail(session, _reader(session, actor, lang, tz), draft_id, revision=revision)


@router.get("/drafts/{draft_id}/diff", response_model=queries.DiffResult)
def diff(
    session: SessionDep,
    draft_id: int,
    old: int | None = None,
    new: int | None = None,
    text_lang: Annotated[
        str | None, Query(description="Language of the texts compared (default: original).")
    ] = None,
    actor: Actor | None = public("draft.read"),
) -> queries.DiffResult:
    """The paragraph-level diff of two revisions (default: the current against the one before)."""
    return queries.diff(session, _reader(session, actor), draft_id, old=old, new=new, lang=text_lang)


class NewRevision(Body):
    texts: list[TextIn] = Field(min_length=1, max_length=20)
    note: str = Field("", max_length=500)
    expected_version: int | None = Field(None, description="The draft version you revised.")


@router.post(
    "/drafts/{draft_id}/revisions", response_model=queries.DraftDetail, status_code=status.HTTP_201_CREATED
)
def revise(
    session: SessionDep,
    draft_id: int,
    body: NewRevision,
    lang: Lang = "en",
    actor: Actor = signed_in("draft.revise"),
) -> queries.DraftDetail:
    """A new revision, with the texts given (the original language among them)."""
    operations.revise(
        session,
        draft_id,
        texts=_versions(body.texts),
        note=body.note,
        expected_version=body.expected_version,
        actor=actor,
    )
    return queries.draft_detail(session, _reader(session, actor, lang), draft_id)


@router.post("/drafts/{draft_id}/circulate", response_model=queries.DraftDetail)
def circulate(
    session: SessionDep, draft_id: int, lang: Lang = "en", actor: Actor = signed_in("draft.circulate")
) -> queries.DraftDetail:
    """Open negotiation in the holding organ; its members are notified."""
    operations.circulate(session, draft_id, actor=actor)
    return queries.draft_detail(session, _reader(session, actor, lang), draft_id)


class ForwardTo(Body):
    to: str = Field(description="The organ to forward to (the charter's forwards_to).")


@router.post("/drafts/{draft_id}/forward", response_model=queries.DraftDetail)
def forward(
    session: SessionDep,
    draft_id: int,
    body: ForwardTo,
    lang: Lang = "en",
    actor: Actor = signed_in("draft.forward"),
) -> queries.DraftDetail:
    """Forward the draft, without a recommendation, where the charter allows."""
    operations.forward(session, draft_id, to=body.to, actor=actor)
    return queries.draft_detail(session, _reader(session, actor, lang), draft_id)


@router.post("/drafts/{draft_id}/withdraw", response_model=queries.DraftDetail)
def withdraw(
    session: SessionDep, draft_id: int, lang: Lang = "en", actor: Actor = signed_in("draft.withdraw")
) -> queries.DraftDetail:
    """Withdraw the draft (its sponsor only; never under an open procedure)."""
    operations.withdraw(session, draft_id, actor=actor)
    return queries.draft_detail(session, _reader(session, actor, lang), draft_id)


@router.post("/drafts/{draft_id}/reject", response_model=queries.DraftDetail)
def reject(
    session: SessionDep, draft_id: int, lang: Lang = "en", actor: Actor = signed_in("draft.reject")
) -> queries.DraftDetail:
    """Record that the holding organ ends work on the draft without adopting it."""
    operations.reject(session, draft_id, actor=actor)
    return queries.draft_detail(session, _reader(session, actor, lang), draft_id)


# --- Amendments -------------------------------------------------------------------------------


class NewAmendment(Body):
    kind: Literal["replace", "insert", "delete"]
    justification: str = Field(max_length=5000)
    paragraphs: list[int] = Field(default_factory=list, description="Replaced or deleted paragraphs.")
    after: int | None = Field(None, description="An insertion comes after this paragraph (0: at the start).")
    text: str = Field("", max_length=50_000)
    revision: int | None = Field(None, description="The revision amended (default: the current one).")
    delegation: str | None = Field(None, description="Your delegation (the default).")


@router.post(
    "/drafts/{draft_id}/amendments", response_model=queries.DraftDetail, status_code=status.HTTP_201_CREATED
)
def propose_amendment(
    session: SessionDep,
    draft_id: int,
    body: NewAmendment,
    lang: Lang = "en",
    actor: Actor = signed_in("amendment.propose"),
) -> queries.DraftDetail:
    """Propose an amendment to numbered paragraphs, for your delegation."""
    operations.propose_amendment(
        session,
        draft_id,
        kind=body.kind,
        justification=body.justification,
        paragraphs=body.paragraphs,
        after=body.after,
        text=body.text,
        revision=body.revision,
        delegation=body.delegation,
        actor=actor,
    )
    return queries.draft_detail(session, _reader(session, actor, lang), draft_id)


@router.post("/amendments/{amendment_id}/accept", response_model=queries.DraftDetail)
def accept_amendment(
    session: SessionDep, amendment_id: int, lang: Lang = "en", actor: Actor = signed_in("amendment.decide")
) -> queries.DraftDetail:
    """Take the amendment into a new revision (the Chair)."""
    revision = operations.accept_amendment(session, amendment_id, actor=actor)
    return queries.draft_detail(session, _reader(session, actor, lang), revision.draft_id)


@router.post("/amendments/{amendment_id}/reject", response_model=queries.DraftDetail)
def reject_amendment(
    session: SessionDep, amendment_id: int, lang: Lang = "en", actor: Actor = signed_in("amendment.decide")
) -> queries.DraftDetail:
    """Reject the amendment (the Chair)."""
    amendment = operations.reject_amendment(session, amendment_id, actor=actor)
    return queries.draft_detail(session, _reader(session, actor, lang), amendment.draft_id)


@router.post("/amendments/{amendment_id}/withdraw", response_model=queries.DraftDetail)
def withdraw_amendment(
    session: SessionDep, amendment_id: int, lang: Lang = "en", actor: Actor = signed_in("amendment.withdraw")
) -> queries.DraftDetail:
    """Withdraw your delegation's amendment."""
    amendment = operations.withdraw_amendment(session, amendment_id, actor=actor)
    return queries.draft_detail(session, _reader(session, actor, lang), amendment.draft_id)


# --- Procedures -------------------------------------------------------------------------------


class OpenConsensus(Body):
    held_on: date | None = Field(None, description="The session's date (default: today at the seat).")
    present: list[str] | None = Field(
        None, description="Delegations present (default: all who sit in the organ)."
    )
    recommend_to: str | None = Field(None, description="Recommend to this organ instead of adopting.")
    expected_version: int | None = None


@router.post(
    "/drafts/{draft_id}/consensus",
    response_model=queries.ProcedureDetail,
    status_code=status.HTTP_201_CREATED,
)
def open_consensus(
    session: SessionDep,
    draft_id: int,
    body: OpenConsensus,
    lang: Lang = "en",
    actor: Actor = signed_in("consensus.open"),
) -> queries.ProcedureDetail:
    """Put the current revision to adoption by consensus at a session (the Chair)."""
    procedure = operations.open_consensus(
        session,
        draft_id,
        held_on=body.held_on,
        present=body.present,
        recommend_to=body.recommend_to,
        expected_version=body.expected_version,
        actor=actor,
    )
    return queries.procedure_detail(session, _reader(session, actor, lang), procedure.id)


class StartSilence(Body):
    deadline: AwareDatetime | None = Field(
        None, description="With its offset, e.g. 2026-12-11T18:00:00+05:00."
    )
    period: str | None = Field(
        None, description="ISO 8601 duration such as P14D or P2W (default: the charter's)."
    )
    recommend_to: str | None = None


@router.post(
    "/drafts/{draft_id}/silence", response_model=queries.ProcedureDetail, status_code=status.HTTP_201_CREATED
)
def start_silence(
    session: SessionDep,
    draft_id: int,
    body: StartSilence,
    lang: Lang = "en",
    tz: Zone = None,
    actor: Actor = signed_in("silence.start"),
) -> queries.ProcedureDetail:
    """Circulate the current revision under silence procedure; members are notified."""
    procedure = operations.start_silence(
        session,
        draft_id,
        deadline=body.deadline,
        period=body.period,
        recommend_to=body.recommend_to,
        actor=actor,
    )
    return queries.procedure_detail(session, _reader(session, actor, lang, tz), procedure.id)


@router.get("/procedures/{procedure_id}", response_model=queries.ProcedureDetail)
def procedure(
    session: SessionDep,
    procedure_id: int,
    lang: Lang = "en",
    tz: Zone = None,
    actor: Actor | None = public("draft.read"),
) -> queries.ProcedureDetail:
    """A procedure, with its consensus board or its silence deadline."""
    return queries.procedure_detail(session, _reader(session, actor, lang, tz), procedure_id)


@router.get("/procedures/{procedure_id}/board", response_model=queries.BoardView)
def board(
    session: SessionDep, procedure_id: int, lang: Lang = "en", actor: Actor | None = public("draft.read")
) -> queries.BoardView:
    """The live consensus board: one row per delegation present with its position and version."""
    return queries.board(session, _reader(session, actor, lang), procedure_id)


class NewPosition(Body):
    stance: Literal["join", "object", "reservation", "statement"]
    text: str = Field(
        "", max_length=20_000, description="The objection's reason, the reservation or statement."
    )
    paragraphs: list[int] = Field(default_factory=list, description="Paragraphs a reservation concerns.")
    delegation: str | None = Field(None, description="Your delegation (the default).")
    expected_version: int | None = Field(
        None, description="The position version you saw (0: none yet); left out, the current one is replaced."
    )


@router.post("/procedures/{procedure_id}/positions", response_model=queries.ProcedureDetail)
def record_position(
    session: SessionDep,
    procedure_id: int,
    body: NewPosition,
    lang: Lang = "en",
    actor: Actor = signed_in("consensus.position"),
) -> queries.ProcedureDetail:
    """Join, object or join with a reservation, for your delegation."""
    operations.record_position(
        session,
        procedure_id,
        stance=body.stance,
        text=body.text,
        paragraphs=body.paragraphs,
        delegation=body.delegation,
        expected_version=body.expected_version,
        actor=actor,
    )
    return queries.procedure_detail(session, _reader(session, actor, lang), procedure_id)


class NewStatement(Body):
    text: str = Field(max_length=20_000)
    delegation: str | None = None
    expected_version: int | None = None


@router.post("/procedures/{procedure_id}/statements", response_model=queries.ProcedureDetail)
def make_statement(
    session: SessionDep,
    procedure_id: int,
    body: NewStatement,
    lang: Lang = "en",
    actor: Actor = signed_in("consensus.statement"),
) -> queries.ProcedureDetail:
    """Make an interpretative statement for your delegation (observers too)."""
    operations.record_position(
        session,
        procedure_id,
        stance="statement",
        text=body.text,
        delegation=body.delegation,
        expected_version=body.expected_version,
        actor=actor,
    )
    return queries.procedure_detail(session, _reader(session, actor, lang), procedure_id)


@router.post("/procedures/{procedure_id}/close", response_model=queries.ProcedureDetail)
def close_consensus(
    session: SessionDep, procedure_id: int, lang: Lang = "en", actor: Actor = signed_in("consensus.close")
) -> queries.ProcedureDetail:
    """Close the consensus procedure (the Chair): adopted unless a member present objected."""
    operations.close_consensus(session, procedure_id, actor=actor)
    return queries.procedure_detail(session, _reader(session, actor, lang), procedure_id)


class BreakSilence(Body):
    kind: Literal["objection", "amendment"]
    text: str = Field(max_length=20_000)
    delegation: str | None = None


@router.post("/procedures/{procedure_id}/break", response_model=queries.ProcedureDetail)
def break_silence(
    session: SessionDep,
    procedure_id: int,
    body: BreakSilence,
    lang: Lang = "en",
    actor: Actor = signed_in("silence.break"),
) -> queries.ProcedureDetail:
    """Break silence for your delegation, in writing, before the deadline (the server's clock)."""
    operations.break_silence(
        session, procedure_id, kind=body.kind, text=body.text, delegation=body.delegation, actor=actor
    )
    return queries.procedure_detail(session, _reader(session, actor, lang), procedure_id)


@router.get("/silence", response_model=queries.SilenceList)
def silence(
    session: SessionDep,
    all: bool = Query(False, description="Include procedures that have ended."),
    tz: Zone = None,
    actor: Actor | None = public("draft.read"),
) -> queries.SilenceList:
    """Silence procedures, soonest deadline first (open ones only by default)."""
    return queries.silence_procedures(session, _reader(session, actor, zone=tz), open_only=not all)


class TickResult(BaseModel):
    finalised: list[str]


@router.post("/silence/tick", response_model=TickResult)
def tick(session: SessionDep, actor: Actor = signed_in("silence.close")) -> TickResult:
    """Finalise the silence procedures whose deadline has passed, now (the scheduler does it too)."""
    done = operations.finalise_due(session, actor=actor)
    return TickResult(finalised=[item.describe() for item in done])


# --- Decisions --------------------------------------------------------------------------------


def _filters(
    organ: str | None, year: int | None, kind: str | None, procedure: str | None, symbol: str | None
) -> queries.DecisionFilter:
    return queries.DecisionFilter(organ=organ, year=year, kind=kind, procedure=procedure, symbol=symbol)


@router.get("/decisions", response_model=queries.DecisionList)
def decisions(
    session: SessionDep,
    organ: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    procedure: str | None = Query(None, description="consensus or silence"),
    symbol: str | None = None,
    lang: Lang = "en",
    actor: Actor | None = public("decision.read"),
) -> queries.DecisionList:
    """The decision register, newest first, filtered."""
    return queries.list_decisions(
        session, _reader(session, actor, lang), _filters(organ, year, kind, procedure, symbol)
    )


@router.get("/decisions/export", response_model=None)
def export(
    session: SessionDep,
    format: Literal["json", "csv", "popolo"] = "json",
    organ: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    procedure: str | None = None,
    lang: Lang = "en",
    actor: Actor | None = public("decision.read"),
) -> Response:
    """The register as JSON, CSV or Popolo JSON (motions and vote events)."""
    who = _reader(session, actor, lang)
    chosen = _filters(organ, year, kind, procedure, None)
    if format == "popolo":
        return JSONResponse(queries.popolo(session, who, chosen))
    result = queries.list_decisions(session, who, chosen)
    if format == "csv":
        return PlainTextResponse(to_csv(csv_rows(result), CSV_COLUMNS), media_type="text/csv; charset=utf-8")
    return JSONResponse(result.model_dump(mode="json"))


@router.get("/decisions/{decision_id}", response_model=queries.DecisionDetail)
def decision(
    session: SessionDep, decision_id: int, lang: Lang = "en", actor: Actor | None = public("decision.read")
) -> queries.DecisionDetail:
    """One decision: its texts in every language, who took part, reservations and statements."""
    return queries.decision_detail(session, _reader(session, actor, lang), decision_id)


# --- Notices ----------------------------------------------------------------------------------


@router.get("/notifications", response_model=queries.NotificationList)
def notifications(
    session: SessionDep, actor: Actor = signed_in("notification.read")
) -> queries.NotificationList:
    """Your delegation's notices and those to everyone, newest first."""
    return queries.notifications(session, _reader(session, actor), actor)


@router.post("/notifications/{notification_id}/read", response_model=NotificationItem)
def mark_read(
    session: SessionDep, notification_id: int, actor: Actor = signed_in("notification.mark")
) -> NotificationItem:
    """Mark a notice to your delegation as read."""
    notice = operations.mark_read(session, notification_id, actor=actor)
    return NotificationItem(
        id=notice.id,
        kind=notice.kind,
        subject=notice.subject,
        payload=notice.payload,
        draft_id=notice.draft_id,
        recipient=notice.recipient,
        to_everyone=notice.recipient is None,
        created_at=notice.created_at,
        read_at=notice.read_at,
    )
