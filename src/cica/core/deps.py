"""FastAPI dependencies shared by every capability's routes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated

import annotated_types
from fastapi import Depends, Form, Request
from pydantic import BeforeValidator
from sqlalchemy.orm import Session

from cica.core.context import Context
from cica.core.days import parse_day
from cica.core.i18n import LANGUAGE_COOKIE, Language, negotiate

# Where the API lives, written once: everything under API_ROOT (the docs too) is answered as the
# API (problem+json, tokens) rather than as a page; the routers are mounted at API_PREFIX.
API_ROOT = "/api/"
API_PREFIX = f"{API_ROOT}v1"


def is_api_path(path: str) -> bool:
    return path.startswith(API_ROOT)


# A form's text field; an absent one is refused by FastAPI unless the parameter has a default.
FormText = Annotated[str, Form()]


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


# A record's id as given in a URL or a form: a positive integer that fits the tables' INTEGER keys
# (32-bit on PostgreSQL). Larger numbers are a 422 here instead of an error in the database driver.
RecordId = Annotated[int, annotated_types.Interval(ge=1, le=2**31 - 1)]
