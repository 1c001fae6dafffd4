"""API of the registry: the same answers as `cica members|chair|organs --format json`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from cica.access.web import public
from cica.core.deps import Day, SessionDep
from cica.core.i18n import Language
from cica.registry import queries
from cica.registry.rules import KindFilter

# Public reads: the route × role test checks every route declares its action.
router = APIRouter(tags=["registry"], dependencies=[public("registry.read")])

On = Annotated[Day | None, Query(description="The day, YYYY-MM-DD (default: today).")]
Lang = Annotated[Language, Query(description="Language of names.")]


@router.get("/members", response_model=queries.MembersResult)
def members(
    session: SessionDep, on: On = None, kind: KindFilter = "member", lang: Lang = "en"
) -> queries.MembersResult:
    """Who belonged on a day."""
    return queries.members_on(session, on or queries.seat_today(session), kind, lang)


@router.get("/chair", response_model=queries.ChairResult, response_model_by_alias=True)
def chair(session: SessionDep, on: On = None, lang: Lang = "en") -> queries.ChairResult:
    """The chairing state on a day, with its term."""
    return queries.chair_on(session, on or queries.seat_today(session), lang)


@router.get("/organs", response_model=queries.OrgansResult)
def organs(session: SessionDep, on: On = None, lang: Lang = "en") -> queries.OrgansResult:
    """The organs, with the names in force on a day."""
    return queries.organs_on(session, on or queries.seat_today(session), lang)


@router.get("/organisation", response_model=queries.OrganisationInfo)
def organisation(session: SessionDep, lang: Lang = "en") -> queries.OrganisationInfo:
    """The body this database holds: its name, abbreviation, description and time zone."""
    return queries.organisation(session, lang)
