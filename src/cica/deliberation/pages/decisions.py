"""Pages of the decision register (with filters), one decision with its reservations and statements,
and one's notices.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.core.deps import PageLanguage, RecordId, SessionDep
from cica.core.errors import InvalidInput
from cica.deliberation import operations, queries
from cica.deliberation.pages.common import page, see

router = APIRouter(include_in_schema=False)


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
    who = queries.reader(session, actor, lang)
    filters = queries.DecisionFilter(
        organ=organ or None, year=_year(year), kind=kind or None, procedure=procedure or None
    )
    result = queries.list_decisions(session, who, filters)
    return page(
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
    decision_id: RecordId,
    actor: Actor | None = public("decision.read"),
) -> HTMLResponse:
    found = queries.decision_detail(session, queries.reader(session, actor, lang), decision_id)
    return page(request, session, "deliberation/decision.html", lang, decision=found)


@router.get("/notifications", response_class=HTMLResponse)
def notifications(
    request: Request, session: SessionDep, lang: PageLanguage, actor: Actor = signed_in("notification.read")
) -> HTMLResponse:
    found = queries.notifications(session, queries.reader(session, actor, lang), actor)
    return page(request, session, "deliberation/notifications.html", lang, result=found)


@router.post("/notifications/{notification_id}/read")
def mark_read(
    session: SessionDep, notification_id: RecordId, actor: Actor = signed_in("notification.mark")
) -> Response:
    operations.mark_read(session, notification_id, actor=actor)
    return see("/notifications")
