"""Pages of meetings: the list, a meeting's page, the calendar (list view), and the iCalendar
feeds (`/calendar.ics`, `/organs/{id}/calendar.ics`)."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime as http_date
from itertools import groupby
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from cica.core.caching import not_modified, version_tag
from cica.core.deps import Line, PageLanguage, SessionDep
from cica.core.errors import InvalidInput
from cica.core.i18n import Language, as_language, translations
from cica.core.inputs import RecordId
from cica.core.templating import render
from cica.meetings import calendar, queries, rules
from cica.registry import queries as registry_queries
from cica.registry import snapshot

router = APIRouter(include_in_schema=False)


def _seat_zone(session: Session) -> str:
    return str(snapshot.current(session).document["organisation"]["time_zone"])


def _reader_zone(session: Session, tz: str | None) -> ZoneInfo:
    """The reader's zone (`?tz=`), the seat's by default or when the name is no zone."""
    try:
        return rules.time_zone(tz) if tz else ZoneInfo(_seat_zone(session))
    except InvalidInput:
        return ZoneInfo(_seat_zone(session))


def _organs(session: Session, lang: str) -> list[registry_queries.OrganItem]:
    return registry_queries.organs_on(session, registry_queries.seat_today(session), lang).items


@router.get("/meetings", response_class=HTMLResponse)
def meetings_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    organ: Line | None = None,
    tz: Line | None = None,
) -> HTMLResponse:
    organs = _organs(session, lang)
    chosen = organ if organ in {o.id for o in organs} else None
    zone = _reader_zone(session, tz)
    result = queries.meetings(session, organ=chosen, lang=lang, reader_zone=zone)
    return render(
        request, "meetings/list.html", lang, result=result, organs=organs, organ=chosen, zone=zone.key
    )


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    organ: Line | None = None,
    tz: Line | None = None,
) -> HTMLResponse:
    organs = _organs(session, lang)
    chosen = organ if organ in {o.id for o in organs} else None
    zone = _reader_zone(session, tz)
    result = queries.meetings(session, organ=chosen, lang=lang, reader_zone=zone)
    years = [
        (year, list(items)) for year, items in groupby(reversed(result.items), key=lambda i: i.first_day.year)
    ]
    return render(
        request, "meetings/calendar.html", lang, years=years, organs=organs, organ=chosen, zone=zone.key
    )


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(
    request: Request, session: SessionDep, lang: PageLanguage, meeting_id: RecordId, tz: Line | None = None
) -> HTMLResponse:
    zone = _reader_zone(session, tz)
    detail = queries.meeting(session, meeting_id, lang=lang, reader_zone=zone)
    return render(request, "meetings/meeting.html", lang, meeting=detail, zone=zone.key)


def _feed(request: Request, session: Session, organ: str | None, lang: Language) -> Response:
    last = queries.last_change(session, organ)
    etag = version_tag(request.url.path, registry_queries.version(session), organ, lang, last)
    unchanged = not_modified(request, etag)
    headers = {"ETag": etag}
    if last is not None:
        headers["Last-Modified"] = http_date(last, usegmt=True)
    if unchanged is not None:
        unchanged.headers.update(headers)
        return unchanged
    result = queries.meetings(session, organ=organ, lang=lang)
    organisation = registry_queries.organisation(session, lang)
    name = organisation.abbreviation or organisation.name
    if organ is not None:
        organ_name = next((o.name for o in _organs(session, lang) if o.id == organ), organ)
        name = f"{name}: {organ_name}"
    else:
        name = f"{name}: {translations(lang).gettext('Meetings')}"
    body = calendar.feed(
        result.items,
        name=name,
        base_url=str(request.base_url),
        seat_zone=_seat_zone(session),
        stamp=last or datetime.fromtimestamp(0).astimezone(),
    )
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


@router.get("/calendar.ics")
def calendar_feed(request: Request, session: SessionDep, lang: Line | None = None) -> Response:
    return _feed(request, session, None, as_language(lang))


@router.get("/organs/{organ_id}/calendar.ics")
def organ_feed(request: Request, session: SessionDep, organ_id: Line, lang: Line | None = None) -> Response:
    return _feed(request, session, organ_id, as_language(lang))
