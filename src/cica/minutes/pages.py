"""Pages of minutes: `/meetings/{id}/minutes` (the version chosen, the versions, the steps, the
decisions and attendance linked in), the diff between two versions, and the Secretariat's forms
(draft, circulate, correct, approve at a meeting, put to silence). A refused form comes back
filled in, with the message beside its field (`core.forms`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import allowed
from cica.access.web import public, signed_in
from cica.core.deps import FormLine, FormText, PageLanguage, RecordId, SessionDep
from cica.core.errors import NotFound
from cica.core.i18n import Language
from cica.deliberation.pages.common import page, see
from cica.meetings import queries as meeting_queries
from cica.meetings.rules import MeetingStatus
from cica.minutes import operations, queries, rules
from cica.minutes.models import Minutes
from cica.minutes.rules import MinutesAct

router = APIRouter(include_in_schema=False)

# Each form's act and the permission it needs: what the page offers is what the rules and the
# permission table would let through.
FORMS: dict[str, tuple[MinutesAct, str]] = {
    "circulate": (MinutesAct.CIRCULATE, "minutes.circulate"),
    "correct": (MinutesAct.CORRECT, "minutes.correct"),
    "approve": (MinutesAct.APPROVE, "minutes.approve"),
    "silence": (MinutesAct.SUBMIT_TO_SILENCE, "minutes.approve"),
}


def _offers(session: Session, actor: Actor | None, meeting_id: int) -> dict[str, bool]:
    state = session.scalar(select(Minutes.state).where(Minutes.meeting_id == meeting_id))
    if state is None:
        return {"draft": allowed(session, actor, "minutes.draft")}
    return {
        name: rules.may(state, act) and allowed(session, actor, action)
        for name, (act, action) in FORMS.items()
    }


def _later_meetings(
    session: Session, meeting: meeting_queries.MeetingDetail, lang: Language, actor: Actor | None
) -> list[meeting_queries.MeetingItem]:
    found = meeting_queries.meetings(
        session, organ=meeting.organ, lang=lang, viewer=queries.reader_view(session, actor)
    )
    return [
        m for m in found.items if m.starts_at > meeting.starts_at and m.status is not MeetingStatus.CANCELLED
    ]


@router.get("/meetings/{meeting_id}/minutes", response_class=HTMLResponse)
def minutes_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    meeting_id: RecordId,
    version: RecordId | None = None,
    actor: Actor | None = public("minutes.read"),
) -> HTMLResponse:
    meeting = meeting_queries.meeting(
        session, meeting_id, lang=lang, viewer=queries.reader_view(session, actor)
    )
    try:
        shown: queries.MinutesView | None = queries.minutes_of(session, meeting_id, lang=lang, actor=actor)
    except NotFound:
        shown = None
    chosen = None
    if shown is not None:
        chosen = next(
            (v for v in shown.versions if v.number == (version or shown.current.number)), shown.current
        )
    offers = _offers(session, actor, meeting_id)
    later = _later_meetings(session, meeting, lang, actor) if offers.get("approve") else []
    return page(
        request,
        session,
        "minutes/minutes.html",
        lang,
        meeting=meeting,
        minutes=shown,
        chosen=chosen,
        offers=offers,
        later=later,
    )


@router.get("/meetings/{meeting_id}/minutes/diff", response_class=HTMLResponse)
def diff_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    meeting_id: RecordId,
    old: RecordId,
    new: RecordId,
    actor: Actor | None = public("minutes.read"),
) -> HTMLResponse:
    meeting = meeting_queries.meeting(
        session, meeting_id, lang=lang, viewer=queries.reader_view(session, actor)
    )
    found = queries.diff(session, meeting_id, old, new, actor=actor)
    return page(request, session, "minutes/diff.html", lang, meeting=meeting, diff=found, old=old, new=new)


def _back(meeting_id: int) -> Response:
    return see(f"/meetings/{meeting_id}/minutes")


@router.post("/meetings/{meeting_id}/minutes")
def draft(
    session: SessionDep,
    meeting_id: RecordId,
    text: FormText,
    lang: FormLine,
    note: FormLine = "",
    actor: Actor = signed_in("minutes.draft"),
) -> Response:
    operations.draft_minutes(session, meeting_id, text=text, lang=lang, note=note, actor=actor)
    return _back(meeting_id)


@router.post("/meetings/{meeting_id}/minutes/circulate")
def circulate(
    session: SessionDep, meeting_id: RecordId, actor: Actor = signed_in("minutes.circulate")
) -> Response:
    operations.circulate_minutes(session, meeting_id, actor=actor)
    return _back(meeting_id)


@router.post("/meetings/{meeting_id}/minutes/correct")
def correct(
    session: SessionDep,
    meeting_id: RecordId,
    text: FormText,
    note: FormLine = "",
    actor: Actor = signed_in("minutes.correct"),
) -> Response:
    operations.correct_minutes(session, meeting_id, text=text, note=note, actor=actor)
    return _back(meeting_id)


@router.post("/meetings/{meeting_id}/minutes/approve")
def approve(
    session: SessionDep,
    meeting_id: RecordId,
    at_meeting: Annotated[RecordId, Form()],
    actor: Actor = signed_in("minutes.approve"),
) -> Response:
    operations.approve_at_meeting(session, meeting_id, at_meeting=at_meeting, actor=actor)
    return _back(meeting_id)


@router.post("/meetings/{meeting_id}/minutes/silence")
def silence(
    session: SessionDep,
    meeting_id: RecordId,
    period: FormLine = "",
    actor: Actor = signed_in("minutes.approve"),
) -> Response:
    operations.submit_to_silence(session, meeting_id, period=period or None, actor=actor)
    return _back(meeting_id)
