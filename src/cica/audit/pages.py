"""The Secretariat's audit page: entries newest first, with filters, paging and an export."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from cica.access.actors import Actor
from cica.access.web import signed_in
from cica.audit import queries
from cica.audit.keys import of_session
from cica.core import clock
from cica.core.deps import (
    CursorParam,
    Line,
    PageLanguage,
    RecordId,
    SearchParam,
    SessionDep,
    get_context,
    neighbours,
)
from cica.core.fields import day_field
from cica.core.paging import page_or_first
from cica.core.templating import layout_values, render

router = APIRouter(include_in_schema=False)
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


def _filters(
    action: Line | None = None,
    actor_email: Line | None = None,
    delegation: Line | None = None,
    outcome: Line | None = None,
    since: Line | None = None,
    until: Line | None = None,
) -> queries.AuditFilter:
    """The page's and the export's filters, as their query strings give them (blank: none)."""
    chosen: Literal["ok", "denied"] | None = (
        "ok" if outcome == "ok" else "denied" if outcome == "denied" else None
    )
    return queries.AuditFilter(
        action=(action or "").strip() or None,
        actor=(actor_email or "").strip() or None,
        delegation=(delegation or "").strip() or None,
        outcome=chosen,
        since=day_field(since, "since"),
        until=day_field(until, "until"),
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    q: SearchParam = None,
    cursor: CursorParam = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE_SIZE)] = queries.PAGE_SIZE,
    before: RecordId | None = None,
    actor: Actor = signed_in("audit.read"),
    # After `actor`: the reader is known to be allowed before the filters are read.
    filtered: queries.AuditFilter = Depends(_filters),
) -> HTMLResponse:
    filters = filtered.model_copy(update={"q": (q or "").strip() or None})
    request_page, stale = page_or_first(queries.AUDIT_ORDER, cursor, limit)
    found = queries.entries(
        session, filters, before=before, cursor=request_page.cursor, limit=limit, actor=actor
    )
    query = request.url.remove_query_params(["before", "cursor", "limit"]).query
    return render(
        request,
        "audit/list.html",
        lang,
        **layout_values(session, lang),
        filters=filters,
        result=found,
        query=query,
        pages=neighbours(request.url.remove_query_params("before"), found.page),
        stale=stale,
        public_key=of_session(session).public_text,
    )


@router.get("/audit/verify", response_class=HTMLResponse)
def audit_verify(
    request: Request, session: SessionDep, lang: PageLanguage, actor: Actor = signed_in("audit.read")
) -> HTMLResponse:
    """The same verification as `cica audit verify`, with the head hash to record elsewhere."""
    result = queries.verify(session, actor=actor)
    return render(
        request,
        "audit/verify.html",
        lang,
        status_code=200 if result.ok else 409,
        **layout_values(session, lang),
        result=result,
        checked_at=clock.now(session),
    )


@router.get("/audit/export")
def audit_export(
    request: Request,
    format: Line = "csv",
    actor: Actor = signed_in("audit.read"),
    filters: queries.AuditFilter = Depends(_filters),
) -> StreamingResponse:
    """Streams the filtered entries; the unit of work stays open until the last line is sent."""
    chosen: queries.ExportFormat = "jsonl" if format == "jsonl" else "csv"
    stack = ExitStack()
    session = stack.enter_context(get_context(request).unit_of_work(write=False))
    try:
        chunks = queries.export(session, filters, chosen, actor=actor)
    except BaseException:
        stack.close()
        raise

    def stream() -> Iterator[str]:
        with stack:
            yield from chunks

    return StreamingResponse(
        stream(),
        media_type=MEDIA_TYPES[chosen],
        headers={"Content-Disposition": f'attachment; filename="audit.{chosen}"'},
    )
