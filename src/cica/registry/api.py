"""API of the registry: the same answers as `cica members|chair|organs --format json`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from cica.access.web import public
from cica.core.caching import shared_for
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
# applied: shared caches may keep them a minute (cica.core.caching). Each is serialised once.
SHARED = [Depends(shared_for(60))]


@router.get("/members", response_model=queries.MembersResult, dependencies=SHARED)
def members(session: SessionDep, on: On = None, kind: KindFilter = "member", lang: Lang = "en") -> Response:
    """Who belonged on a day."""
    return json_answer(queries.members_on(session, on or date.today(), kind, lang))


@router.get("/chair", response_model=queries.ChairResult, response_model_by_alias=True, dependencies=SHARED)
def chair(session: SessionDep, on: On = None, lang: Lang = "en") -> Response:
    """The chairing state on a day, with its term."""
    return json_answer(queries.chair_on(session, on or date.today(), lang), by_alias=True)


@router.get("/organs", response_model=queries.OrgansResult, dependencies=SHARED)
def organs(session: SessionDep, on: On = None, lang: Lang = "en") -> Response:
    """The organs, with the names in force on a day."""
    return json_answer(queries.organs_on(session, on or date.today(), lang))


@router.get("/organisation", response_model=queries.OrganisationInfo, dependencies=SHARED)
def organisation(session: SessionDep, lang: Lang = "en") -> queries.OrganisationInfo:
    """The body this database holds: its name, abbreviation, description and time zone."""
    return queries.organisation(session, lang)
