"""Pages of deliberation: drafts (list, detail, diff, new), procedures with the live consensus
board, the decision register, one decision, and the notices.

Forms post with the session's CSRF token and redirect (303) to the page that shows the result;
a refusal is shown by the error page with the rule's message. Which forms a page offers comes
from the permission table (`guard.allowed`) and the draft lifecycle (`rules.permits`); the
operations still decide.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import allowed
from cica.access.web import public, signed_in
from cica.charter.dates import parse_day
from cica.core.deps import PageLanguage, SessionDep
from cica.core.errors import InvalidInput
from cica.core.templating import render
from cica.deliberation import operations, queries, rules
from cica.deliberation.texts import LanguageVersion
from cica.registry import queries as registry_queries

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
OptionalText = Annotated[str, Form()]
POLL_SECONDS = 2


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _page(request: Request, session: Session, template: str, lang: str, **values: Any) -> HTMLResponse:
    return render(
        request, template, lang, organisation=registry_queries.organisation(session, lang), **values
    )


def _who(session: Session, actor: Actor | None, lang: str) -> queries.Reader:
    return queries.reader(session, actor, lang)


# --- Drafts -----------------------------------------------------------------------------------


@router.get("/drafts", response_class=HTMLResponse)
def drafts(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    organ: str | None = None,
    stage: str | None = None,
    kind: str | None = None,
    actor: Actor | None = public("draft.read"),
) -> HTMLResponse:
    who = _who(session, actor, lang)
    found = queries.list_drafts(session, who, organ=organ or None, stage=stage or None, kind=kind or None)
    return _page(
        request,
        session,
        "deliberation/drafts.html",
        lang,
        result=found,
        filters={"organ": organ or "", "stage": stage or "", "kind": kind or ""},
        organs=[(o, who.organ_name(o)) for o in who.facts.organ_ids],
        kinds=[(k, who.kind_name(k)) for k in who.facts.kinds],
        stages=[s.value for s in rules.Stage],
        may_create=allowed(session, actor, "draft.create", day=who.day),
    )


@router.get("/drafts/new", response_class=HTMLResponse)
def new_draft(
    request: Request, session: SessionDep, lang: PageLanguage, actor: Actor = signed_in("draft.create")
) -> HTMLResponse:
    who = _who(session, actor, lang)
    return _page(
        request,
        session,
        "deliberation/draft_new.html",
        lang,
        organs=[(o, who.organ_name(o)) for o in who.facts.organ_ids],
        kinds=[(k, who.kind_name(k)) for k in who.facts.kinds],
    )


@router.post("/drafts")
def create_draft(
    session: SessionDep,
    kind: FormText,
    organ: FormText,
    title: FormText,
    body: FormText,
    sponsor: FormText = "secretariat",
    original_lang: FormText = "en",
    classification: FormText = "public",
    named: OptionalText = "",
    actor: Actor = signed_in("draft.create"),
) -> Response:
    draft = operations.create_draft(
        session,
        kind=kind,
        organ=organ,
        texts=[LanguageVersion(original_lang, title, body)],
        original_lang=original_lang,
        sponsor=sponsor,
        classification=classification,
        named=[code for code in named.replace(",", " ").split() if code],
        actor=actor,
    )
    return _see(f"/drafts/{draft.id}")


def _state(detail: queries.DraftDetail) -> rules.DraftState:
    pending = (
        rules.PendingProcedure(rules.ProcedureKind(detail.procedure.kind), detail.procedure.recommend_to)
        if detail.procedure is not None
        else None
    )
    return rules.DraftState(
        detail.kind,
        rules.Stage(detail.stage),
        detail.organ,
        pending,
        forwarded_by=detail.forwarded_by,
        recommended=detail.recommended,
    )


def _offers(
    session: Session, actor: Actor | None, who: queries.Reader, detail: queries.DraftDetail
) -> dict[str, Any]:
    """The steps this reader may take on the draft now: allowed to them, and permitted by the
    lifecycle (the operation checks both again)."""
    state, competences = _state(detail), who.competences()

    def may(action: str, event: rules.Event | None = None, delegation: str | None = None) -> bool:
        return allowed(session, actor, action, delegation=delegation, day=who.day) and (
            event is None or rules.permits(state, event, competences)
        )

    consensus, silence = rules.ProcedureKind.CONSENSUS, rules.ProcedureKind.SILENCE
    purposes = ([("", "adopt")] if detail.may_adopt else []) + [(o.id, o.name) for o in detail.recommends_to]
    return {
        "revise": may("draft.revise", rules.Revise()),
        "circulate": may("draft.circulate", rules.OpenNegotiation()),
        "forward": [o for o in detail.forwards_to if may("draft.forward", rules.Forward(o.id))],
        "withdraw": may("draft.withdraw", rules.Withdraw(), detail.sponsor_code),
        "reject": may("draft.reject", rules.Reject()),
        "amend": may("amendment.propose", rules.ProposeAmendment()),
        "decide_amendments": may("amendment.decide"),
        "withdraw_amendment": may("amendment.withdraw"),
        "consensus": [
            p for p in purposes if may("consensus.open", rules.OpenProcedure(consensus, p[0] or None))
        ],
        "silence": [p for p in purposes if may("silence.start", rules.OpenProcedure(silence, p[0] or None))],
    }


@router.get("/drafts/{draft_id}", response_class=HTMLResponse)
def draft(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    draft_id: int,
    revision: int | None = None,
    actor: Actor | None = public("draft.read"),
) -> HTMLResponse:
    who = _who(session, actor, lang)
    detail = queries.draft_detail(session, who, draft_id, revision=revision)
    offers = _offers(session, actor, who, detail)
    sitting = (
        [(d.code, d.may_object) for d in who.facts.sitting(detail.organ, who.day)]
        if offers["consensus"]
        else []
    )
    return _page(
        request,
        session,
        "deliberation/draft.html",
        lang,
        draft=detail,
        offers=offers,
        sitting=sitting,
        today=who.day,
        time_zone=who.facts.time_zone,
        default_period=who.facts.default_silence_period,
    )


@router.get("/drafts/{draft_id}/diff", response_class=HTMLResponse)
def diff(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    draft_id: int,
    old: int | None = None,
    new: int | None = None,
    text_lang: str | None = None,
    actor: Actor | None = public("draft.read"),
) -> HTMLResponse:
    result = queries.diff(
        session, _who(session, actor, lang), draft_id, old=old, new=new, lang=text_lang or None
    )
    return _page(request, session, "deliberation/diff.html", lang, diff=result)


@router.post("/drafts/{draft_id}/revise")
def revise(
    session: SessionDep,
    draft_id: int,
    text_lang: Annotated[list[str], Form()],
    title: Annotated[list[str], Form()],
    body: Annotated[list[str], Form()],
    note: OptionalText = "",
    expected_version: Annotated[int | None, Form()] = None,
    actor: Actor = signed_in("draft.revise"),
) -> Response:
    if not len(text_lang) == len(title) == len(body):
        raise InvalidInput("each text needs its language, title and body")
    versions = [
        LanguageVersion(*fields) for fields in zip(text_lang, title, body, strict=True) if fields[2].strip()
    ]
    operations.revise(
        session, draft_id, texts=versions, note=note, expected_version=expected_version, actor=actor
    )
    return _see(f"/drafts/{draft_id}")


@router.post("/drafts/{draft_id}/circulate")
def circulate(session: SessionDep, draft_id: int, actor: Actor = signed_in("draft.circulate")) -> Response:
    operations.circulate(session, draft_id, actor=actor)
    return _see(f"/drafts/{draft_id}")


@router.post("/drafts/{draft_id}/forward")
def forward(
    session: SessionDep, draft_id: int, to: FormText, actor: Actor = signed_in("draft.forward")
) -> Response:
    operations.forward(session, draft_id, to=to, actor=actor)
    return _see(f"/drafts/{draft_id}")


@router.post("/drafts/{draft_id}/withdraw")
def withdraw(session: SessionDep, draft_id: int, actor: Actor = signed_in("draft.withdraw")) -> Response:
    operations.withdraw(session, draft_id, actor=actor)
    return _see(f"/drafts/{draft_id}")


@router.post("/drafts/{draft_id}/reject")
def reject(session: SessionDep, draft_id: int, actor: Actor = signed_in("draft.reject")) -> Response:
    operations.reject(session, draft_id, actor=actor)
    return _see(f"/drafts/{draft_id}")


def _numbers(value: str, field: str) -> list[int]:
    """`2`, `2, 4` or `2-4` as paragraph numbers."""
    found: list[int] = []
    for part in value.replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        try:
            found += list(range(int(first), int(last or first) + 1))
        except ValueError:
            raise InvalidInput(
                f"{field}: {value!r} is not a list of paragraph numbers such as 2, 4 or 2-4"
            ) from None
    return found


@router.post("/drafts/{draft_id}/amendments")
def propose_amendment(
    session: SessionDep,
    draft_id: int,
    kind: FormText,
    justification: FormText,
    paragraphs: OptionalText = "",
    after: OptionalText = "",
    text: OptionalText = "",
    actor: Actor = signed_in("amendment.propose"),
) -> Response:
    numbers = _numbers(after, "after")
    operations.propose_amendment(
        session,
        draft_id,
        kind=kind,
        justification=justification,
        paragraphs=_numbers(paragraphs, "paragraphs") if kind != "insert" else [],
        after=numbers[0] if numbers and kind == "insert" else (0 if kind == "insert" else None),
        text=text,
        actor=actor,
    )
    return _see(f"/drafts/{draft_id}#amendments")


@router.post("/amendments/{amendment_id}/accept")
def accept_amendment(
    session: SessionDep, amendment_id: int, actor: Actor = signed_in("amendment.decide")
) -> Response:
    revision = operations.accept_amendment(session, amendment_id, actor=actor)
    return _see(f"/drafts/{revision.draft_id}#amendments")


@router.post("/amendments/{amendment_id}/reject")
def reject_amendment(
    session: SessionDep, amendment_id: int, actor: Actor = signed_in("amendment.decide")
) -> Response:
    amendment = operations.reject_amendment(session, amendment_id, actor=actor)
    return _see(f"/drafts/{amendment.draft_id}#amendments")


@router.post("/amendments/{amendment_id}/withdraw")
def withdraw_amendment(
    session: SessionDep, amendment_id: int, actor: Actor = signed_in("amendment.withdraw")
) -> Response:
    amendment = operations.withdraw_amendment(session, amendment_id, actor=actor)
    return _see(f"/drafts/{amendment.draft_id}#amendments")


# --- Procedures -------------------------------------------------------------------------------


@router.post("/drafts/{draft_id}/consensus")
def open_consensus(
    session: SessionDep,
    draft_id: int,
    held_on: OptionalText = "",
    present: Annotated[list[str] | None, Form()] = None,
    recommend_to: OptionalText = "",
    actor: Actor = signed_in("consensus.open"),
) -> Response:
    try:
        day = parse_day(held_on) if held_on.strip() else None
    except ValueError:
        raise InvalidInput(f"held_on: {held_on!r} is not a date (YYYY-MM-DD)") from None
    procedure = operations.open_consensus(
        session, draft_id, held_on=day, present=present, recommend_to=recommend_to or None, actor=actor
    )
    return _see(f"/procedures/{procedure.id}")


def _local_deadline(value: str, zone: str) -> datetime | None:
    """A `datetime-local` field, read in the charter's time zone (the form says so)."""
    if not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=ZoneInfo(zone))
    except ValueError:
        raise InvalidInput(f"deadline: {value!r} is not a date and time (YYYY-MM-DDTHH:MM)") from None


@router.post("/drafts/{draft_id}/silence")
def start_silence(
    session: SessionDep,
    draft_id: int,
    deadline: OptionalText = "",
    period: OptionalText = "",
    recommend_to: OptionalText = "",
    actor: Actor = signed_in("silence.start"),
) -> Response:
    zone = queries.reader(session, actor).facts.time_zone
    procedure = operations.start_silence(
        session,
        draft_id,
        deadline=_local_deadline(deadline, zone),
        period=period.strip() or None,
        recommend_to=recommend_to or None,
        actor=actor,
    )
    return _see(f"/procedures/{procedure.id}")


def _stamp(board: queries.BoardView) -> str:
    """Changes whenever a position or the procedure's state does: the poll's "nothing new" test."""
    key = f"{board.closed}|" + ";".join(f"{row.code}:{row.version}" for row in board.rows)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


@router.get("/procedures/{procedure_id}", response_class=HTMLResponse)
def procedure(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    procedure_id: int,
    actor: Actor | None = public("draft.read"),
) -> HTMLResponse:
    who = _who(session, actor, lang)
    detail = queries.procedure_detail(session, who, procedure_id)
    mine = None
    if detail.board is not None and actor is not None and actor.delegation:
        mine = next((row for row in detail.board.rows if row.code == actor.delegation), None)
    is_open = detail.status == "open"
    own = actor.delegation if actor else None
    return _page(
        request,
        session,
        "deliberation/procedure.html",
        lang,
        procedure=detail,
        board=detail.board,
        stamp=_stamp(detail.board) if detail.board else "",
        poll=POLL_SECONDS,
        mine=mine,
        may_position=is_open
        and mine is not None
        and allowed(session, actor, "consensus.position", delegation=own),
        may_state=is_open
        and mine is not None
        and allowed(session, actor, "consensus.statement", delegation=own),
        may_close=is_open
        and detail.kind == "consensus"
        and allowed(session, actor, "consensus.close", day=who.day),
        may_break=is_open
        and detail.kind == "silence"
        and allowed(session, actor, "silence.break", delegation=own),
    )


@router.get("/procedures/{procedure_id}/board", response_class=HTMLResponse)
def board(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    procedure_id: int,
    since: str | None = None,
    actor: Actor | None = public("draft.read"),
) -> Response:
    """The board alone, for HTMX to poll; 204 (nothing swapped) while nothing has changed."""
    found = queries.board(session, _who(session, actor, lang), procedure_id)
    stamp = _stamp(found)
    if since == stamp:
        return Response(status_code=204)
    return render(
        request,
        "deliberation/_board.html",
        lang,
        board=found,
        procedure_id=procedure_id,
        stamp=stamp,
        poll=POLL_SECONDS,
    )


@router.post("/procedures/{procedure_id}/positions")
def record_position(
    session: SessionDep,
    procedure_id: int,
    stance: FormText,
    text: OptionalText = "",
    paragraphs: OptionalText = "",
    expected_version: Annotated[int | None, Form()] = None,
    actor: Actor = signed_in("consensus.position"),
) -> Response:
    operations.record_position(
        session,
        procedure_id,
        stance=stance,
        text=text,
        paragraphs=_numbers(paragraphs, "paragraphs"),
        expected_version=expected_version,
        actor=actor,
    )
    return _see(f"/procedures/{procedure_id}")


@router.post("/procedures/{procedure_id}/statements")
def make_statement(
    session: SessionDep,
    procedure_id: int,
    text: FormText,
    expected_version: Annotated[int | None, Form()] = None,
    actor: Actor = signed_in("consensus.statement"),
) -> Response:
    operations.record_position(
        session, procedure_id, stance="statement", text=text, expected_version=expected_version, actor=actor
    )
    return _see(f"/procedures/{procedure_id}")


@router.post("/procedures/{procedure_id}/close")
def close_consensus(
    session: SessionDep, procedure_id: int, actor: Actor = signed_in("consensus.close")
) -> Response:
    closed = operations.close_consensus(session, procedure_id, actor=actor)
    if closed.decision is not None:
        return _see(f"/decisions/{closed.decision.id}")
    return _see(f"/procedures/{procedure_id}")


@router.post("/procedures/{procedure_id}/break")
def break_silence(
    session: SessionDep,
    procedure_id: int,
    kind: FormText,
    text: FormText,
    actor: Actor = signed_in("silence.break"),
) -> Response:
    operations.break_silence(session, procedure_id, kind=kind, text=text, actor=actor)
    return _see(f"/procedures/{procedure_id}")


# --- Decisions and notices --------------------------------------------------------------------


def _year(value: str | None) -> int | None:
    if not value or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"year: {value!r} is not a year") from None


@router.get("/decisions", response_class=HTMLResponse)
def decisions(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    organ: str | None = None,
    year: str | None = None,
    kind: str | None = None,
    procedure: str | None = None,
    actor: Actor | None = public("decision.read"),
) -> HTMLResponse:
    who = _who(session, actor, lang)
    filters = queries.DecisionFilter(
        organ=organ or None, year=_year(year), kind=kind or None, procedure=procedure or None
    )
    result = queries.list_decisions(session, who, filters)
    return _page(
        request,
        session,
        "deliberation/decisions.html",
        lang,
        result=result,
        organs=[(o, who.organ_name(o)) for o in result.organs],
        kinds=[(k, who.kind_name(k)) for k in result.kinds],
        query=request.url.query,
    )


@router.get("/decisions/{decision_id}", response_class=HTMLResponse)
def decision(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    decision_id: int,
    actor: Actor | None = public("decision.read"),
) -> HTMLResponse:
    found = queries.decision_detail(session, _who(session, actor, lang), decision_id)
    return _page(request, session, "deliberation/decision.html", lang, decision=found)


@router.get("/notifications", response_class=HTMLResponse)
def notifications(
    request: Request, session: SessionDep, lang: PageLanguage, actor: Actor = signed_in("notification.read")
) -> HTMLResponse:
    found = queries.notifications(session, _who(session, actor, lang), actor)
    return _page(request, session, "deliberation/notifications.html", lang, result=found)


@router.post("/notifications/{notification_id}/read")
def mark_read(
    session: SessionDep, notification_id: int, actor: Actor = signed_in("notification.mark")
) -> Response:
    operations.mark_read(session, notification_id, actor=actor)
    return _see("/notifications")
