"""Pages of the registry: the home page, the members page, its HTMX fragment and its plot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from cica.core.answers import keep_answer
from cica.core.deps import Line, PageLanguage, SessionDep
from cica.core.errors import InvalidInput
from cica.core.fields import day_field
from cica.core.templating import render
from cica.registry import plots, queries
from cica.registry.rules import KindFilter

router = APIRouter(include_in_schema=False)

# What these pages show is "today at the seat" unless a day is asked for: kept at the edge until
# the next day begins there, or until the database changes (cica.core.answers).
UNTIL_TOMORROW = [keep_answer(queries.next_seat_day)]

# The sections of the members page, in order; each is one `members_on` query.
SECTIONS: tuple[KindFilter, ...] = ("member", "observer", "partner")


def _day(session: Session, value: str | None) -> tuple[date, bool]:
    """The day asked for and whether it was valid; an empty or missing field means today."""
    try:
        return day_field(value, "on") or queries.seat_today(session), True
    except InvalidInput:
        return queries.seat_today(session), False


def _members_values(session: Session, day: date, lang: str) -> dict[str, Any]:
    return {
        "day": day,
        "sections": [(kind, queries.members_on(session, day, kind, lang)) for kind in SECTIONS],
    }


# Panels that capabilities above the registry add to the home page (meetings: the organs whose
# next regular meeting is due): each gives its template and values, or None to show nothing.
HomePanel = Callable[[Session, str], tuple[str, dict[str, Any]] | None]
_home_panels: list[HomePanel] = []


def on_home_panel(panel: HomePanel) -> None:
    if panel not in _home_panels:
        _home_panels.append(panel)


@router.get("/", response_class=HTMLResponse, dependencies=UNTIL_TOMORROW)
def home(request: Request, session: SessionDep, lang: PageLanguage) -> HTMLResponse:
    today = queries.seat_today(session)
    return render(
        request,
        "registry/home.html",
        lang,
        organisation=queries.organisation(session, lang),
        today=today,
        chair=queries.chair_on(session, today, lang),
        counts={kind: queries.members_on(session, today, kind, lang).count for kind in SECTIONS},
        organs=queries.organs_on(session, today, lang).items,
        panels=[found for found in (panel(session, lang) for panel in _home_panels) if found],
    )


@router.get("/members", response_class=HTMLResponse, dependencies=UNTIL_TOMORROW)
def members(
    request: Request, session: SessionDep, lang: PageLanguage, on: Line | None = None
) -> HTMLResponse:
    day, valid = _day(session, on)
    series = plots.membership_series(queries.accessions(session))
    return render(
        request,
        "registry/members.html",
        lang,
        status_code=200 if valid else 422,
        organisation=queries.organisation(session, lang),
        invalid_on=None if valid else on,
        today=queries.seat_today(session),
        series=series,
        **_members_values(session, day, lang),
    )


@router.get("/members/list", response_class=HTMLResponse, dependencies=UNTIL_TOMORROW)
def members_list(
    request: Request, session: SessionDep, lang: PageLanguage, on: Line | None = None
) -> HTMLResponse:
    """The lists alone, for HTMX to swap into the members page."""
    day, valid = _day(session, on)
    response = render(
        request,
        "registry/_members_list.html",
        lang,
        status_code=200 if valid else 422,
        fragment=True,
        invalid_on=None if valid else on,
        **_members_values(session, day, lang),
    )
    # The address bar shows the full page for this day, so that it can be bookmarked or shared.
    query = request.url.query
    response.headers["HX-Push-Url"] = f"/members?{query}" if query else "/members"
    return response


@router.get("/members/accessions.png")
def accessions_image(session: SessionDep, lang: PageLanguage) -> Response:
    """The plot as a picture to paste into a report: its text is drawn on the server."""
    series = plots.membership_series(queries.accessions(session))
    png = plots.accessions_png(series, lang, until=date.today())
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-cache"})


@router.get("/members/accessions.svg")
def accessions_plot(session: SessionDep, lang: PageLanguage) -> Response:
    series = plots.membership_series(queries.accessions(session))
    svg = plots.accessions_svg(series, lang, until=queries.seat_today(session))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-cache"})
