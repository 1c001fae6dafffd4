"""API of the audit trail: filtered entries, newest first, and verification of the chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from cica.access.actors import Actor
from cica.access.web import signed_in
from cica.audit import queries
from cica.core import search
from cica.core.deps import CursorParam, Day, Line, RecordId, SessionDep, add_link_header
from cica.core.responses import json_answer

router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=queries.AuditList)
def entries(
    request: Request,
    session: SessionDep,
    action: Annotated[Line | None, Query(description="An action, or a prefix ending in '.'.")] = None,
    actor_email: Annotated[
        Line | None, Query(alias="actor", description="Part of the actor's e-mail.")
    ] = None,
    delegation: Annotated[Line | None, Query(description="Acting for this participant code.")] = None,
    outcome: queries.Outcome | None = None,
    since: Annotated[Day | None, Query(description="From this day (UTC), YYYY-MM-DD.")] = None,
    until: Annotated[Day | None, Query(description="Up to this day (UTC) included.")] = None,
    q: Annotated[
        Line | None, Query(max_length=search.MAX_QUERY_LENGTH, description="Words of the summary.")
    ] = None,
    cursor: CursorParam = None,
    before: Annotated[
        RecordId | None, Query(description="Entries before this sequence number (paging).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = queries.PAGE_SIZE,
    actor: Actor = signed_in("audit.read"),
) -> Response:
    """Audit entries, newest first; follow the `Link` header (or `next_before`) for older ones."""
    filters = queries.AuditFilter(
        action=action,
        actor=actor_email,
        delegation=delegation,
        outcome=outcome,
        since=since,
        until=until,
        q=q,
    )
    found = queries.entries(session, filters, before=before, cursor=cursor, limit=limit, actor=actor)
    # Serialised once (the page was validated as it was read), not again through response_model.
    answer = json_answer(found)
    add_link_header(request, answer, found.page)
    return answer


@router.get("/audit/verify", response_model=queries.VerifyResult)
def verify(session: SessionDep, actor: Actor = signed_in("audit.read")) -> queries.VerifyResult:
    """Recompute the hash chain, as `cica audit verify` does."""
    return queries.verify(session, actor=actor)
