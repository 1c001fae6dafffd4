"""Pages of the decision register (with filters), one decision with its reservations and statements,
and one's notices.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.core.deps import (
    Line,
    ListingParams,
    PageLanguage,
    RecordId,
    SessionDep,
)
from cica.core.errors import InvalidInput
from cica.core.pdf import pdf_of
from cica.core.templating import render
from cica.deliberation import operations, queries
from cica.deliberation.pages.common import list_page, page, see
from cica.deliberation.queries.decisions import REGISTER_ORDER
from cica.deliberation.queries.notifications import NOTICE_ORDER

router = APIRouter(include_in_schema=False)


def _year(value: str | None) -> int | None:
    if not value or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"year: {value!r} is not a year") from None


def _register_form(
    organ: Line | None = None,
    year: Line | None = None,
    kind: Line | None = None,
    procedure: Line | None = None,
) -> queries.DecisionFilter:
    """The register's filter form: a blank field is no filter, a year is read leniently."""
    return queries.DecisionFilter(
        organ=organ or None, year=_year(year), kind=kind or None, procedure=procedure or None
    )


@router.get("/decisions", response_class=HTMLResponse)
def decisions(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    listed: ListingParams,
    chosen: Annotated[queries.DecisionFilter, Depends(_register_form)],
    actor: Actor | None = public("decision.read"),
) -> HTMLResponse:
    who = queries.reader(session, actor, lang)
    filters = chosen.model_copy(update={"q": listed.q or None})
    request_page, stale = listed.page_or_first(REGISTER_ORDER)
    result = queries.list_decisions(session, who, filters, request_page)
    return list_page(
        request,
        session,
        "deliberation/decisions.html",
        lang,
        result,
        stale,
        organs=[(o, who.organ_name(o)) for o in result.organs],
        kinds=[(k, who.kind_name(k)) for k in result.kinds],
        # The export is of the whole register with these filters, not of this page.
        query=request.url.remove_query_params(["cursor", "limit"]).query,
    )


def _decision_page(
    request: Request,
    session: Session,
    lang: str,
    decision_id: int,
    actor: Actor | None,
    *,
    printing: bool = False,
) -> tuple[queries.DecisionDetail, HTMLResponse]:
    found = queries.decision_detail(session, queries.reader(session, actor, lang), decision_id)
    return found, page(
        request, session, "deliberation/decision.html", lang, decision=found, printing=printing
    )


@router.get("/decisions/{decision_id}", response_class=HTMLResponse)
def decision(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    decision_id: RecordId,
    actor: Actor | None = public("decision.read"),
) -> HTMLResponse:
    return _decision_page(request, session, lang, decision_id, actor)[1]


@router.get("/decisions/{decision_id}/pdf")
def decision_pdf(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    decision_id: RecordId,
    actor: Actor | None = public("decision.read"),
) -> Response:
    """The decision's page as a PDF for the record (the page's print stylesheet, fonts for CJK)."""
    found, html = _decision_page(request, session, lang, decision_id, actor, printing=True)
    name = found.symbol.replace("/", "-")
    return Response(
        pdf_of(bytes(html.body).decode()),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
    )


@router.get("/notifications", response_class=HTMLResponse)
def notifications(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    listed: ListingParams,
    actor: Actor = signed_in("notification.read"),
) -> HTMLResponse:
    request_page, stale = listed.page_or_first(NOTICE_ORDER)
    found = queries.notifications(
        session, queries.reader(session, actor, lang), actor, q=listed.q, page=request_page
    )
    return list_page(
        request, session, "deliberation/notifications.html", lang, found, stale, q=listed.q or ""
    )


@router.post("/notifications/read")
def mark_all_read(session: SessionDep, actor: Actor = signed_in("notification.mark")) -> Response:
    operations.mark_all_read(session, actor=actor)
    return see("/notifications")


@router.post("/notifications/{notification_id}/read")
def mark_read(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    notification_id: RecordId,
    actor: Actor = signed_in("notification.mark"),
) -> Response:
    notice = operations.mark_read(session, notification_id, actor=actor)
    if request.headers.get("HX-Request"):
        # HTMX swaps just this notice; without JavaScript the whole list comes back.
        told = queries.notice(session, queries.reader(session, actor, lang), notice)
        return render(request, "deliberation/_notice.html", lang, n=told)
    return see("/notifications")
