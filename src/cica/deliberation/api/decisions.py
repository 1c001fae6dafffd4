"""API of the decision register (list, export as JSON, CSV or Popolo, one decision) and of notices."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.core.deps import RecordId, SessionDep
from cica.core.output import to_csv
from cica.deliberation import operations, queries
from cica.deliberation.api.common import Lang
from cica.deliberation.queries import reader
from cica.deliberation.queries.decisions import CSV_COLUMNS, csv_rows
from cica.deliberation.queries.notifications import NotificationItem

router = APIRouter()


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
        session, reader(session, actor, lang), _filters(organ, year, kind, procedure, symbol)
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
    who = reader(session, actor, lang)
    chosen = _filters(organ, year, kind, procedure, None)
    if format == "popolo":
        return JSONResponse(queries.popolo(session, who, chosen))
    result = queries.list_decisions(session, who, chosen)
    if format == "csv":
        return PlainTextResponse(to_csv(csv_rows(result), CSV_COLUMNS), media_type="text/csv; charset=utf-8")
    return JSONResponse(result.model_dump(mode="json"))


@router.get("/decisions/{decision_id}", response_model=queries.DecisionDetail)
def decision(
    session: SessionDep,
    decision_id: RecordId,
    lang: Lang = "en",
    actor: Actor | None = public("decision.read"),
) -> queries.DecisionDetail:
    """One decision: its texts in every language, who took part, reservations and statements."""
    return queries.decision_detail(session, reader(session, actor, lang), decision_id)


# --- Notices ----------------------------------------------------------------------------------


@router.get("/notifications", response_model=queries.NotificationList)
def notifications(
    session: SessionDep, lang: Lang = "en", actor: Actor = signed_in("notification.read")
) -> queries.NotificationList:
    """Your delegation's notices and those to everyone, newest first; `subject` in `lang`, the
    structured event in `payload.event`."""
    return queries.notifications(session, reader(session, actor, lang), actor)


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
