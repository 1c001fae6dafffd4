"""The Secretariat's audit page: entries newest first, with filters, paging and an export."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from cica.access.actors import Actor
from cica.access.web import signed_in
from cica.audit import queries
from cica.audit.keys import of_session
from cica.core.deps import PageLanguage, SessionDep, get_context
from cica.core.fields import day_field
from cica.core.templating import layout_values, render

router = APIRouter(include_in_schema=False)
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


def _filters(
    action: str | None,
    actor: str | None,
    delegation: str | None,
    outcome: str | None,
    since: str | None,
    until: str | None,
) -> queries.AuditFilter:
    chosen: Literal["ok", "denied"] | None = (
        "ok" if outcome == "ok" else "denied" if outcome == "denied" else None
    )
    return queries.AuditFilter(
        action=(action or "").strip() or None,
        actor=(actor or "").strip() or None,
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
    action: str | None = None,
    actor_email: str | None = None,
    delegation: str | None = None,
    outcome: str | None = None,
    since: str | None = None,
    until: str | None = None,
    before: int | None = None,
    actor: Actor = signed_in("audit.read"),
) -> HTMLResponse:
    filters = _filters(action, actor_email, delegation, outcome, since, until)
    found = queries.entries(session, filters, before=before, actor=actor)
    query = request.url.remove_query_params("before").query
    return render(
        request,
        "audit/list.html",
        lang,
        **layout_values(session, lang),
        filters=filters,
        result=found,
        query=query,
        public_key=of_session(session).public_text,
    )


@router.get("/audit/export")
def audit_export(
    request: Request,
    format: str = "csv",
    action: str | None = None,
    actor_email: str | None = None,
    delegation: str | None = None,
    outcome: str | None = None,
    since: str | None = None,
    until: str | None = None,
    actor: Actor = signed_in("audit.read"),
) -> StreamingResponse:
    """Streams the filtered entries; the unit of work stays open until the last line is sent."""
    chosen: queries.ExportFormat = "jsonl" if format == "jsonl" else "csv"
    filters = _filters(action, actor_email, delegation, outcome, since, until)
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
