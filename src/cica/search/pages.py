"""The search page: a form with the filters, and the hits with their snippets (matched words
marked) and the paragraphs aligned with them in the other languages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from cica.access.actors import Actor
from cica.access.web import public
from cica.core.deps import PageLanguage, SessionDep
from cica.core.fields import day_field
from cica.core.i18n import language_name_in
from cica.core.inputs import Line
from cica.core.templating import render
from cica.search import rules
from cica.search.api import run_search

router = APIRouter(include_in_schema=False)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    q: Annotated[Line, Query(max_length=200)] = "",
    version: Annotated[Line, Query(max_length=35)] = "",
    kind: Annotated[Line, Query(max_length=64)] = "",
    organ: Annotated[Line, Query(max_length=64)] = "",
    # As the form sends them: a date field left empty comes as `from=`, which means no bound.
    day_from_text: Annotated[Line, Query(alias="from", max_length=10)] = "",
    day_to_text: Annotated[Line, Query(alias="to", max_length=10)] = "",
    sort: rules.Sort = rules.Sort.RELEVANCE,
    actor: Actor | None = public("document.read"),
) -> HTMLResponse:
    """The form, and with `q` the hits (`version` filters by the versions' language: `lang` is
    the page's)."""
    day_from, day_to = day_field(day_from_text, "from"), day_field(day_to_text, "to")
    filters = rules.Filters(version or None, kind or None, organ or None, day_from, day_to, sort)
    results = run_search(request, session, q, filters, actor) if q.strip() else None
    asked = {"q": q, "version": version, "kind": kind, "organ": organ, "sort": sort.value}
    asked |= {"from": day_from.isoformat() if day_from else "", "to": day_to.isoformat() if day_to else ""}
    return render(
        request, "search/search.html", lang, results=results, asked=asked, language_name=language_name_in
    )
