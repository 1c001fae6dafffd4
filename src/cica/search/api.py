"""API of search, under `/api/v1/search`: the paragraphs that hold every word of `q`, among the
documents the caller may see, each with its snippet and aligned paragraphs. Bad input answers
problem+json (422) from the shared handlers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.web import public
from cica.core.deps import Day, SessionDep, get_context
from cica.core.inputs import Integer, Line
from cica.search import indexer, queries, rules
from cica.search.engine import engine_for

router = APIRouter(tags=["search"])

Words = Annotated[Line, Query(max_length=200, description="The words to find, in any language.")]


def run_search(
    request: Request, session: Session, q: str, filters: rules.Filters, actor: Actor | None
) -> queries.Results:
    """What the API and the page share: drain what was committed since (if no other process is
    draining), then search."""
    rules.parse(q)
    rules.check_filters(filters)
    context = get_context(request)
    indexer.drain(context)
    return queries.search(session, engine_for(context.settings), q, filters, actor=actor)


@router.get("/search", response_model=queries.Results)
def search(
    request: Request,
    session: SessionDep,
    q: Words,
    lang: Annotated[
        Line | None, Query(max_length=35, description="Only versions in this language (BCP 47).")
    ] = None,
    kind: Annotated[Line | None, Query(max_length=64, description="Only documents of this kind.")] = None,
    organ: Annotated[Line | None, Query(max_length=64, description="Only documents of this organ.")] = None,
    day_from: Annotated[
        Day | None, Query(alias="from", description="Dated on or after (YYYY-MM-DD).")
    ] = None,
    day_to: Annotated[Day | None, Query(alias="to", description="Dated on or before (YYYY-MM-DD).")] = None,
    sort: Annotated[
        rules.Sort, Query(description="relevance (BM25) or date (newest first).")
    ] = rules.Sort.RELEVANCE,
    limit: Annotated[Integer, Query(ge=1, le=rules.MAX_LIMIT, description="Hits.")] = rules.DEFAULT_LIMIT,
    actor: Actor | None = public("document.read"),
) -> queries.Results:
    """Full-text search over the language versions you may see: each hit names the document's
    symbol, the version's language tag, the paragraph's 1-based number, its score (BM25), a
    snippet with the matched words marked, and the paragraphs aligned with it in the other
    languages."""
    filters = rules.Filters(lang, kind, organ, day_from, day_to, sort, limit)
    return run_search(request, session, q, filters, actor)
