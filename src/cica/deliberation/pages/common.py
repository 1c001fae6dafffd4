"""What the deliberation pages share: redirects and the page frame."""

from __future__ import annotations

from typing import Any, Protocol

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from cica.core import paging
from cica.core.deps import neighbours
from cica.core.templating import render
from cica.registry import queries as registry_queries

POLL_SECONDS = 2


def see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


class Paged(Protocol):
    @property
    def page(self) -> paging.PageLinks: ...


def page(request: Request, session: Session, template: str, lang: str, **values: Any) -> HTMLResponse:
    return render(
        request, template, lang, organisation=registry_queries.organisation(session, lang), **values
    )


def list_page(
    request: Request, session: Session, template: str, lang: str, result: Paged, stale: bool, **values: Any
) -> HTMLResponse:
    """One page of a paged list: its items, its "Older" and "Newer" links (the filters kept) and
    whether the cursor asked for had gone stale (`Listing.page_or_first`)."""
    pages = neighbours(request, result.page)
    return page(request, session, template, lang, result=result, pages=pages, stale=stale, **values)
