"""API of the decision register (list, export as JSON, CSV or Popolo, one decision) and of notices."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field

from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.core.answers import keep_answer
from cica.core.deps import (
    Line,
    ListingParams,
    RecordId,
    SearchParam,
    SessionDep,
    add_link_header,
)
from cica.core.output import to_csv
from cica.core.responses import json_answer
from cica.deliberation import operations, queries
from cica.deliberation.api.common import Lang, RegisterFilterParams
from cica.deliberation.queries import reader
from cica.deliberation.queries.decisions import CSV_COLUMNS, csv_rows
from cica.deliberation.queries.notifications import NotificationItem
from cica.registry import queries as registry_queries

router = APIRouter()


@router.get("/decisions", response_model=queries.DecisionList)
def decisions(
    request: Request,
    response: Response,
    session: SessionDep,
    listed: ListingParams,
    chosen: RegisterFilterParams,
    symbol: Line | None = None,
    lang: Lang = "en",
    actor: Actor | None = public("decision.read"),
) -> queries.DecisionList:
    """The decision register, newest first, filtered, a page at a time: follow the `Link`
    header (rel="next", rel="prev") or `page.next_cursor`."""
    filters = chosen.model_copy(update={"symbol": symbol, "q": listed.q})
    found = queries.list_decisions(session, reader(session, actor, lang), filters, listed.page)
    add_link_header(request, response, found.page)
    return found


@router.get(
    "/decisions/export",
    response_model=None,
    responses={
        200: {
            "description": "The register: JSON (the list), CSV (one decision a line) or Popolo JSON.",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    },
)
def export(
    session: SessionDep,
    register: RegisterFilterParams,
    format: Literal["json", "csv", "popolo"] = "json",
    q: SearchParam = None,
    lang: Lang = "en",
    actor: Actor | None = public("decision.read"),
) -> Response:
    """The whole register (not paged) as JSON, CSV or Popolo JSON (motions and vote events)."""
    who = reader(session, actor, lang)
    chosen = register.model_copy(update={"q": q})
    if format == "popolo":
        return JSONResponse(queries.popolo(session, who, chosen))
    result = queries.export_decisions(session, who, chosen)
    if format == "csv":
        return PlainTextResponse(to_csv(csv_rows(result), CSV_COLUMNS), media_type="text/csv; charset=utf-8")
    return JSONResponse(result.model_dump(mode="json"))


# A decision never changes; who may see it follows the reader's standing today at the seat: kept at
# the edge until the next day there, or until the database changes (cica.core.answers).
@router.get(
    "/decisions/{decision_id}",
    response_model=queries.DecisionDetail,
    dependencies=[keep_answer(registry_queries.next_seat_day)],
)
def decision(
    session: SessionDep,
    decision_id: RecordId,
    lang: Lang = "en",
    actor: Actor | None = public("decision.read"),
) -> Response:
    """One decision: its texts in every language, who took part, reservations and statements."""
    return json_answer(queries.decision_detail(session, reader(session, actor, lang), decision_id))


# --- Notices ----------------------------------------------------------------------------------


@router.get("/notifications", response_model=queries.NotificationList)
def notifications(
    request: Request,
    response: Response,
    session: SessionDep,
    listed: ListingParams,
    lang: Lang = "en",
    actor: Actor = signed_in("notification.read"),
) -> queries.NotificationList:
    """Your delegation's notices and those to everyone, newest first, a page at a time (`Link`);
    `subject` in `lang`, the structured event in `payload.event`; `q`: words of the title of the
    draft a notice is about."""
    found = queries.notifications(session, reader(session, actor, lang), actor, q=listed.q, page=listed.page)
    add_link_header(request, response, found.page)
    return found


class Marked(BaseModel):
    marked: int = Field(description="How many notices were marked as read.")


@router.post("/notifications/read", response_model=Marked)
def mark_all_read(session: SessionDep, actor: Actor = signed_in("notification.mark")) -> Marked:
    """Mark every unread notice to your delegation as read."""
    return Marked(marked=operations.mark_all_read(session, actor=actor))


@router.post("/notifications/{notification_id}/read", response_model=NotificationItem)
def mark_read(
    session: SessionDep,
    notification_id: RecordId,
    lang: Lang = "en",
    actor: Actor = signed_in("notification.mark"),
) -> NotificationItem:
    """Mark a notice to your delegation as read."""
    notice = operations.mark_read(session, notification_id, actor=actor)
    return queries.notice(session, reader(session, actor, lang), notice)
