"""Pages of procedures: opening consensus or silence from a draft, the procedure page with the live
consensus board (an HTMX fragment polled every 2 s that answers 204 while nothing changed),
positions, closing, breaking silence.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse

from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.core.answers import keep_answer, next_minute
from cica.core.deps import FormLine, FormText, Integer, Line, PageLanguage, RecordId, SessionDep
from cica.core.errors import InvalidInput
from cica.core.fields import day_field
from cica.core.templating import render
from cica.deliberation import operations, queries
from cica.deliberation.pages.common import POLL_SECONDS, page, see
from cica.deliberation.texts import parse_numbers

router = APIRouter(include_in_schema=False)


@router.post("/drafts/{draft_id}/consensus")
def open_consensus(
    session: SessionDep,
    draft_id: RecordId,
    held_on: FormLine = "",
    present: Annotated[list[Line] | None, Form()] = None,
    recommend_to: FormLine = "",
    actor: Actor = signed_in("consensus.open"),
) -> Response:
    day = day_field(held_on, "held_on")
    # The form sends an empty `present` beside the boxes: none ticked is nobody, not everybody.
    present = [code for code in present or [] if code.strip()]
    procedure = operations.open_consensus(
        session, draft_id, held_on=day, present=present, recommend_to=recommend_to or None, actor=actor
    )
    return see(f"/procedures/{procedure.id}")


@router.post("/agenda-items/{item_id}/consensus")
def open_consensus_under_item(
    session: SessionDep,
    item_id: RecordId,
    draft_id: Annotated[Integer, Form()],
    held_on: FormLine = "",
    actor: Actor = signed_in("consensus.open"),
) -> Response:
    """From the meeting page: consensus on a draft linked to the item, with those registered."""
    procedure = operations.open_consensus(
        session, draft_id, held_on=day_field(held_on, "held_on"), agenda_item_id=item_id, actor=actor
    )
    return see(f"/procedures/{procedure.id}")


def _local_deadline(value: str, zone: str) -> datetime | None:
    """A `datetime-local` field, read in the charter's time zone (the form says so)."""
    if not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=ZoneInfo(zone))
    except ValueError:
        raise InvalidInput(
            f"deadline: {value!r} is not a date and time (YYYY-MM-DDTHH:MM)", code="not_a_datetime"
        ) from None


@router.post("/drafts/{draft_id}/silence")
def start_silence(
    session: SessionDep,
    draft_id: RecordId,
    deadline: FormLine = "",
    period: FormLine = "",
    recommend_to: FormLine = "",
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
    return see(f"/procedures/{procedure.id}")


def _stamp(version: int, who: queries.Reader) -> str:
    """Changes whenever a position or the procedure's state does (the procedure's version) and
    whenever the charter does (names): the poll's "nothing new" test."""
    digest, generation = who.facts.registry.key
    return hashlib.sha256(f"{version}|{digest}|{generation}".encode()).hexdigest()[:16]


@router.get("/procedures/{procedure_id}", response_class=HTMLResponse)
def procedure(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    procedure_id: RecordId,
    confirm: Line | None = None,
    actor: Actor | None = public("draft.read"),
) -> HTMLResponse:
    who = queries.reader(session, actor, lang)
    detail = queries.procedure_detail(session, who, procedure_id)
    steps = queries.procedure_steps(session, actor, who, detail)
    # A silence procedure is read on its own page: the text under procedure is shown there.
    texts = (
        queries.draft_detail(session, who, detail.draft.id, revision=detail.revision).texts
        if detail.silence
        else []
    )
    return page(
        request,
        session,
        "deliberation/procedure.html",
        lang,
        procedure=detail,
        texts=texts,
        board=detail.board,
        stamp=_stamp(detail.board.version, who) if detail.board else "",
        poll=POLL_SECONDS,
        mine=steps.mine,
        may_position=steps.may_position,
        may_state=steps.may_state,
        may_close=steps.may_close,
        may_break=steps.may_break,
        confirm_close=confirm == "close",
        without_voice=steps.without_voice,
    )


# Kept at the edge like the API's board (next minute, or a commit): cica.core.answers.
@router.get(
    "/procedures/{procedure_id}/board", response_class=HTMLResponse, dependencies=[keep_answer(next_minute)]
)
def board(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    procedure_id: RecordId,
    since: Line | None = None,
    actor: Actor | None = public("draft.read"),
) -> Response:
    """The board alone, for HTMX to poll; 204 (nothing swapped) while nothing has changed, known
    from the procedure's version alone (one read), without rebuilding the board."""
    who = queries.reader(session, actor, lang)
    if since is not None and since == _stamp(queries.board_version(session, who, procedure_id), who):
        return Response(status_code=204)
    found = queries.board(session, who, procedure_id)
    stamp = _stamp(found.version, who)
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
    procedure_id: RecordId,
    stance: FormLine,
    text: FormText = "",
    paragraphs: FormLine = "",
    expected_version: Annotated[Integer | None, Form()] = None,
    actor: Actor = signed_in("consensus.position"),
) -> Response:
    operations.record_position(
        session,
        procedure_id,
        stance=stance,
        text=text,
        paragraphs=parse_numbers(paragraphs, "paragraphs"),
        expected_version=expected_version,
        actor=actor,
    )
    return see(f"/procedures/{procedure_id}")


@router.post("/procedures/{procedure_id}/statements")
def make_statement(
    session: SessionDep,
    procedure_id: RecordId,
    text: FormText,
    expected_version: Annotated[Integer | None, Form()] = None,
    actor: Actor = signed_in("consensus.statement"),
) -> Response:
    operations.record_position(
        session, procedure_id, stance="statement", text=text, expected_version=expected_version, actor=actor
    )
    return see(f"/procedures/{procedure_id}")


@router.post("/procedures/{procedure_id}/close")
def close_consensus(
    session: SessionDep,
    procedure_id: RecordId,
    confirmed: FormLine = "",
    actor: Actor = signed_in("consensus.close"),
) -> Response:
    if confirmed != "yes":  # not from the confirming form: ask first
        return see(f"/procedures/{procedure_id}?confirm=close#close")
    closed = operations.close_consensus(session, procedure_id, actor=actor)
    if closed.decision is not None:
        return see(f"/decisions/{closed.decision.id}")
    return see(f"/procedures/{procedure_id}")


@router.post("/procedures/{procedure_id}/break")
def break_silence(
    session: SessionDep,
    procedure_id: RecordId,
    kind: FormLine,
    text: FormText,
    actor: Actor = signed_in("silence.break"),
) -> Response:
    operations.break_silence(session, procedure_id, kind=kind, text=text, actor=actor)
    return see(f"/procedures/{procedure_id}")
