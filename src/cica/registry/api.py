"""API of the registry: the same answers as `cica members|chair|organs --format json`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.orm import Session

from cica.access.web import public
from cica.core.answers import keep_answer
from cica.core.caching import not_modified, shared_for, version_tag
from cica.core.deps import Day, SessionDep
from cica.core.i18n import Language
from cica.core.responses import json_answer
from cica.registry import queries
from cica.registry.rules import KindFilter

# Public reads: the route × role test checks every route declares its action.
router = APIRouter(tags=["registry"], dependencies=[public("registry.read")])

On = Annotated[Day | None, Query(description="The day, YYYY-MM-DD (default: today).")]
Lang = Annotated[Language, Query(description="Language of names.")]


# The registry's answers are the same for every reader and change only when a charter is
# applied: shared caches may keep them a minute (cica.core.caching), and this process until the
# day changes at the seat or the database does (cica.core.answers). Each is serialised once.
SHARED = [Depends(shared_for(60)), keep_answer(queries.next_seat_day)]


def _version(request: Request, session: Session, *parts: object) -> tuple[str, Response | None]:
    """The answer's version (the registry's digest and generation, and the parameters), and a 304
    if the client already holds it: then nothing else is read or built."""
    etag = version_tag(request.url.path, queries.version(session), *parts)
    return etag, not_modified(request, etag)


@router.get("/members", response_model=queries.MembersResult, dependencies=SHARED)
def members(
    request: Request, session: SessionDep, on: On = None, kind: KindFilter = "member", lang: Lang = "en"
) -> Response:
    """Who belonged on a day."""
    day = on or queries.seat_today(session)
    etag, unchanged = _version(request, session, day, kind, lang)
    return unchanged or json_answer(queries.members_on(session, day, kind, lang), etag=etag)


@router.get("/chair", response_model=queries.ChairResult, response_model_by_alias=True, dependencies=SHARED)
def chair(request: Request, session: SessionDep, on: On = None, lang: Lang = "en") -> Response:
    """The chairing state on a day, with its term."""
    day = on or queries.seat_today(session)
    etag, unchanged = _version(request, session, day, lang)
    return unchanged or json_answer(queries.chair_on(session, day, lang), by_alias=True, etag=etag)


@router.get("/organs", response_model=queries.OrgansResult, dependencies=SHARED)
def organs(request: Request, session: SessionDep, on: On = None, lang: Lang = "en") -> Response:
    """The organs, with the names in force on a day."""
    day = on or queries.seat_today(session)
    etag, unchanged = _version(request, session, day, lang)
    return unchanged or json_answer(queries.organs_on(session, day, lang), etag=etag)


@router.get("/organisation", response_model=queries.OrganisationInfo, dependencies=SHARED)
def organisation(session: SessionDep, lang: Lang = "en") -> queries.OrganisationInfo:
    """The body this database holds: its name, abbreviation, description and time zone."""
    return queries.organisation(session, lang)
