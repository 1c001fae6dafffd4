"""FastAPI dependencies shared by every capability's routes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends, Form, Query, Request, Response
from pydantic import BeforeValidator
from sqlalchemy.orm import Session
from starlette.datastructures import URL

from cica.core import paging, search
from cica.core.context import Context
from cica.core.days import parse_day
from cica.core.i18n import LANGUAGE_COOKIE, Language, negotiate
from cica.core.inputs import Integer, Line, Natural, RecordId, Text

__all__ = [
    "Day",
    "FormLine",
    "FormText",
    "Integer",
    "Line",
    "Natural",
    "PageLanguage",
    "RecordId",
    "SessionDep",
    "Text",
]

# Where the API lives, written once: everything under API_ROOT (the docs too) is answered as the
# API (problem+json, tokens) rather than as a page; the routers are mounted at API_PREFIX.
API_ROOT = "/api/"
API_PREFIX = f"{API_ROOT}v1"


def is_api_path(path: str) -> bool:
    return path.startswith(API_ROOT)


def get_context(request: Request) -> Context:
    context: Context = request.app.state.context
    return context


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: committed when the route returns, rolled back if it raises.

    Safe methods only read, so they do not take SQLite's write lock.
    """
    write = request.method not in ("GET", "HEAD", "OPTIONS")
    with get_context(request).unit_of_work(write=write) as session:
        yield session


def page_language(request: Request) -> Language:
    """The language of a page (never an error: an unsupported `?lang=` falls back)."""
    default = get_context(request).settings.default_language
    return negotiate(
        request.query_params.get("lang"),
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
        default=default if default in ("en", "ru", "zh", "fr") else "en",  # type: ignore[arg-type]
    )


# scope="function": the unit of work commits when the route returns, before the response is
# sent. With the default scope FastAPI would commit after sending, so a failed commit would
# reach the client as a success, and a redirect's GET could run before the change is visible.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
PageLanguage = Annotated[Language, Depends(page_language)]


def _strict_day(value: object) -> object:
    # Only YYYY-MM-DD: pydantic alone would also take a Unix timestamp for a date.
    return parse_day(value) if isinstance(value, str) else value


Day = Annotated[date, BeforeValidator(_strict_day)]


# --- Lists: paging and search parameters, and the links to neighbouring pages -----------------

CursorParam = Annotated[
    Line | None,
    Query(max_length=paging.MAX_CURSOR_LENGTH, description="Where the page starts: a cursor from a `Link`."),
]
LimitParam = Annotated[Integer, Query(ge=1, le=paging.MAX_LIMIT, description="Rows per page.")]


def page_url(url: URL, cursor: str | None, limit: int) -> str | None:
    """The address of a neighbouring page: the same list and filters, another cursor."""
    if cursor is None:
        return None
    return str(url.include_query_params(cursor=cursor, limit=limit))


def link_header(url: URL, links: paging.PageLinks) -> str | None:
    """RFC 8288 `Link` with rel="next" (older rows) and rel="prev" (newer rows)."""
    parts = [
        f'<{target}>; rel="{rel}"'
        for rel, target in (
            ("next", page_url(url, links.next_cursor, links.limit)),
            ("prev", page_url(url, links.prev_cursor, links.limit)),
        )
        if target is not None
    ]
    return ", ".join(parts) or None


def add_link_header(request: Request, response: Response, links: paging.PageLinks) -> None:
    """Tells an API client where the neighbouring pages are (`Link`, RFC 8288)."""
    header = link_header(request.url, links)
    if header is not None:
        response.headers["Link"] = header


def neighbours(url: Request | URL, links: paging.PageLinks) -> dict[str, str | None]:
    """A page's "Older" and "Newer" links: path and query, the filters kept."""
    here = url.url if isinstance(url, Request) else url

    def relative(cursor: str | None) -> str | None:
        target = page_url(here, cursor, links.limit)
        return None if target is None else f"{URL(target).path}?{URL(target).query}"

    return {"older": relative(links.next_cursor), "newer": relative(links.prev_cursor)}


SearchParam = Annotated[
    Line | None,
    Query(
        max_length=search.MAX_QUERY_LENGTH,
        description="Words of the title, in any of its languages (case and accents do not matter).",
    ),
]


@dataclass(frozen=True)
class Listing:
    """A list's `?q=`, `?cursor=` and `?limit=`, as every paged and searchable list takes them."""

    q: str | None
    cursor: str | None
    limit: int

    @property
    def page(self) -> paging.PageRequest:
        return paging.PageRequest(self.cursor, self.limit)

    def page_or_first(self, keyset: paging.Keyset) -> tuple[paging.PageRequest, bool]:
        """For pages: see `paging.page_or_first`."""
        return paging.page_or_first(keyset, self.cursor, self.limit)


def listing(
    q: SearchParam = None, cursor: CursorParam = None, limit: LimitParam = paging.DEFAULT_LIMIT
) -> Listing:
    return Listing(q, cursor, limit)


ListingParams = Annotated[Listing, Depends(listing)]

# A page form's fields: one line (a name, a code) or a multi-line text (a body, a statement).
FormLine = Annotated[Line, Form()]
FormText = Annotated[Text, Form()]
