"""Pages of meetings: the list, a meeting's page, the calendar (list view), the participants'
list (CSV, PDF), and the iCalendar feeds (`/calendar.ics`, `/organs/{id}/calendar.ics`, and a
delegation's `/delegations/{code}/calendar.ics?token=…`). Each shows only the meetings its reader
may see (`access.rules.may_see`)."""

from __future__ import annotations

from datetime import date, datetime
from email.utils import format_datetime as http_date
from enum import StrEnum
from itertools import groupby
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton, get_day_names, get_month_names
from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from cica.access import queries as access_queries
from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.core.answers import keep_answer
from cica.core.caching import PRIVATE, BuiltByVersion, not_modified, unmodified_since, version_tag
from cica.core.deps import (
    FormLine,
    FormText,
    Integer,
    Line,
    ListingParams,
    PageLanguage,
    SessionDep,
    neighbours,
)
from cica.core.errors import InvalidInput, NotFound
from cica.core.i18n import Language, as_language, translations
from cica.core.inputs import RecordId
from cica.core.output import csv_lines
from cica.core.pdf import pdf_of
from cica.core.templating import render
from cica.meetings import calendar, inputs, operations, plots, queries, rules
from cica.meetings.drafts import drafts, under_items
from cica.meetings.rules import AgendaState, FloorKind
from cica.registry import queries as registry_queries

router = APIRouter(include_in_schema=False)
POLL_SECONDS = 2  # as the consensus board's
_E = TypeVar("_E", bound=StrEnum)


def _reader_zone(session: Session, tz: str | None) -> ZoneInfo:
    """The reader's zone (`?tz=`), the seat's by default or when the name is no zone."""
    try:
        return rules.time_zone(tz) if tz else ZoneInfo(queries.seat_zone_name(session))
    except InvalidInput:
        return ZoneInfo(queries.seat_zone_name(session))


def _organs(session: Session, lang: str) -> list[registry_queries.OrganItem]:
    return registry_queries.organs_on(session, registry_queries.seat_today(session), lang).items


def _viewer(session: Session, actor: Actor | None) -> queries.Viewer:
    return access_queries.viewer(session, actor)


def _listing(
    session: Session, lang: Language, organ: str | None, tz: str | None, actor: Actor | None
) -> tuple[list[registry_queries.OrganItem], str | None, ZoneInfo, queries.MeetingList]:
    """What the list and the calendar show: the organs, the one chosen, the reader's zone, the
    meetings the reader may see."""
    organs = _organs(session, lang)
    chosen = organ if organ in {o.id for o in organs} else None
    zone = _reader_zone(session, tz)
    found = queries.meetings(
        session, organ=chosen, lang=lang, reader_zone=zone, viewer=_viewer(session, actor)
    )
    return organs, chosen, zone, found


@router.get("/meetings", response_class=HTMLResponse)
def meetings_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    listed: ListingParams,
    organ: Line | None = None,
    tz: Line | None = None,
    actor: Actor | None = public("meeting.read"),
) -> HTMLResponse:
    """The meetings, newest first, a page at a time (keyset: `?cursor=`, `?limit=`)."""
    organs = _organs(session, lang)
    chosen = organ if organ in {o.id for o in organs} else None
    zone = _reader_zone(session, tz)
    request_page, stale = listed.page_or_first(queries.MEETINGS_ORDER)
    result = queries.meetings_page(
        session, request_page, organ=chosen, lang=lang, reader_zone=zone, viewer=_viewer(session, actor)
    )
    pages = neighbours(request, result.page)
    shown: dict[str, Any] = {"result": result, "organs": organs, "organ": chosen, "zone": zone.key}
    return render(request, "meetings/list.html", lang, pages=pages, stale=stale, **shown)


CALENDAR_VIEWS = ("list", "month", "year")


def _calendar_view(
    today: date, view: str | None, month: str | None, year: str | None
) -> tuple[str, int, int, str | None]:
    """The view asked for, its year and month (the seat's today by default), and the refusal of
    a bad `view`, `month` or `year` (the page then shows today's and says why)."""
    chosen = view if view in CALENDAR_VIEWS else "list"
    refusal = (
        None if view in (None, "", *CALENDAR_VIEWS) else f"view: {view!r} is not one of list, month, year"
    )
    shown_year, shown_month = today.year, today.month
    try:
        if month:
            shown_year, shown_month = rules.parse_month(month)
        elif year:
            if not (year.isdigit() and len(year) == 4):
                raise InvalidInput(f"year: {year!r} is not a year such as 2024")
            shown_year = int(year)
    except InvalidInput as refused:
        refusal = str(refused)
    return chosen, shown_year, shown_month, refusal


# The calendar and the feeds are kept by the answer cache (`core.answers`, keyed by the caller's
# credentials and the query, so a delegation's feed is its own) until the seat's next day or any commit.
KEPT = [keep_answer(registry_queries.next_seat_day)]


@router.get("/calendar", response_class=HTMLResponse, dependencies=KEPT)
def calendar_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    organ: Line | None = None,
    tz: Line | None = None,
    kind: Line | None = None,
    view: Line | None = None,
    month: Line | None = None,
    year: Line | None = None,
    actor: Actor | None = public("meeting.read"),
) -> HTMLResponse:
    """The calendar in three views: the list by year, a month's weeks, a year's months; filtered
    by organ and by type of meeting."""
    organs, chosen, zone, result = _listing(session, lang, organ, tz, actor)
    chosen_kind = kind if kind in {k.value for k in rules.MeetingType} else None
    items = [item for item in result.items if chosen_kind is None or item.kind == chosen_kind]
    shown, shown_year, shown_month, refusal = _calendar_view(
        registry_queries.seat_today(session), view, month, year
    )
    values: dict[str, Any] = {}
    if shown == "month":
        values["weeks"] = [
            [(day, [i for i in items if rules.sits_on(i.first_day, i.last_day, day)]) for day in week]
            for week in rules.month_weeks(shown_year, shown_month)
        ]
        values["day_names"] = [get_day_names("abbreviated", locale=lang)[number] for number in range(7)]
        values["previous"] = rules.add_months(date(shown_year, shown_month, 1), -1)
        values["following"] = rules.add_months(date(shown_year, shown_month, 1), 1)
    elif shown == "year":
        names = get_month_names("wide", context="stand-alone", locale=lang)
        values["months"] = [
            (
                number,
                names[number],
                [i for i in items if rules.sits_in_month(i.first_day, i.last_day, shown_year, number)],
            )
            for number in range(1, 13)
        ]
    else:
        # Newest year first, each year's meetings in the order they sit.
        by_year = groupby(items, key=lambda item: item.first_day.year)
        values["years"] = list(reversed([(found, list(group)) for found, group in by_year]))
    return render(
        request,
        "meetings/calendar.html",
        lang,
        status_code=422 if refusal else 200,
        organs=organs,
        organ=chosen,
        zone=zone.key,
        kinds=[(k.value, queries.Labels(lang).kind(k)) for k in rules.MeetingType],
        kind=chosen_kind,
        view=shown,
        shown_year=shown_year,
        shown_month=shown_month,
        month_label=format_skeleton("yMMMM", date(shown_year, shown_month, 1), locale=lang),
        refusal=refusal,
        **values,
    )


def _timeline(session: Session, lang: Language, image: str, actor: Actor | None) -> bytes:
    organs = _organs(session, lang)
    shown = queries.meetings(session, lang=lang, viewer=_viewer(session, actor)).items
    found = plots.marks(shown, [o.id for o in organs])
    return plots.timeline(found, tuple(o.name for o in organs), lang, image)


@router.get("/calendar/timeline.svg")
def timeline_plot(
    session: SessionDep, lang: PageLanguage, actor: Actor | None = public("meeting.read")
) -> Response:
    """Every meeting since 1999 by organ, labelled in the page's language (text left to the browser)."""
    svg = _timeline(session, lang, "svg", actor)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-cache"})


@router.get("/calendar/timeline.png")
def timeline_image(
    session: SessionDep, lang: PageLanguage, actor: Actor | None = public("meeting.read")
) -> Response:
    """The timeline as a picture for a report: its text drawn on the server (CJK font included)."""
    png = _timeline(session, lang, "png", actor)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-cache"})


@router.get("/meetings/new", response_class=HTMLResponse)
def new_meeting(
    request: Request, session: SessionDep, lang: PageLanguage, actor: Actor = signed_in("meeting.schedule")
) -> HTMLResponse:
    """The Secretariat's form to schedule a meeting (a refused one comes back filled in)."""
    labels = queries.Labels(lang)
    return render(
        request,
        "meetings/new.html",
        lang,
        organs=_organs(session, lang),
        kinds=[(k.value, labels.kind(k)) for k in rules.MeetingType],
        seat_zone=queries.seat_zone_name(session),
    )


@router.post("/meetings")
def schedule(
    session: SessionDep,
    organ: FormLine,
    starts_at: FormLine,
    kind: FormLine = "regular",
    ends_at: FormLine = "",
    time_zone: FormLine = "",
    online: FormLine = "",
    city: FormLine = "",
    host: FormLine = "",
    chair: FormLine = "",
    ordinal: Annotated[Integer | None, Form()] = None,
    note: FormText = "",
    actor: Actor = signed_in("meeting.schedule"),
) -> Response:
    if not starts_at.strip():
        raise InvalidInput("starts_at: give the first day or the start time", code="required")
    plan = inputs.plan(
        organ=organ, kind=kind, starts=starts_at, ends=ends_at or None, time_zone=time_zone or None,
        seat_zone=queries.seat_zone_name(session), online=bool(online), city=city or None, host=host or None,
        chair=chair or None, ordinal=ordinal or None, note=note or None,
    )  # fmt: skip
    return see(f"/meetings/{operations.schedule(session, plan, actor=actor).id}")


@router.post("/meetings/{meeting_id}/status")
def change_status(
    session: SessionDep,
    meeting_id: RecordId,
    status: FormLine,
    reason: FormText = "",
    actor: Actor = signed_in("meeting.schedule"),
) -> Response:
    """Confirm, postpone, cancel or record as held (the status rule decides what may follow)."""
    chosen = _pick(status, rules.MeetingStatus, "status")
    plan = operations.plan_of_id(session, meeting_id)
    operations.update(session, meeting_id, plan, status=chosen, reason=reason or None, actor=actor)
    return see(f"/meetings/{meeting_id}#status")


def _status_act(lang: Language, status: rules.MeetingStatus) -> str:
    """The button that gives a meeting `status`, in the reader's language."""
    _ = translations(lang).gettext
    return {
        rules.MeetingStatus.PLANNED: _("Back to planned"),
        rules.MeetingStatus.CONFIRMED: _("Confirm the meeting"),
        rules.MeetingStatus.POSTPONED: _("Postpone the meeting"),
        rules.MeetingStatus.CANCELLED: _("Cancel the meeting"),
        rules.MeetingStatus.HELD: _("Record the meeting as held"),
    }[status]


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    meeting_id: RecordId,
    tz: Line | None = None,
    actor: Actor | None = public("meeting.read"),
) -> HTMLResponse:
    zone = _reader_zone(session, tz)
    detail = queries.meeting(session, meeting_id, lang=lang, reader_zone=zone, viewer=_viewer(session, actor))
    agenda = queries.agenda(session, meeting_id, lang=lang)
    return render(
        request,
        "meetings/meeting.html",
        lang,
        meeting=detail,
        meeting_id=meeting_id,
        zone=zone.key,
        attendees=queries.attendance(session, meeting_id, lang=lang),
        agenda=agenda,
        under=under_items(session, [item.id for item in agenda.items], actor, lang),
        candidates=drafts().candidates(session, actor, detail.organ, lang) if actor else [],
        statuses=[
            (status.value, _status_act(lang, status))
            for status in operations.status_choices(session, actor, meeting_id)
        ],
        **_live(session, meeting_id, actor, lang),
    )


# --- Participation, the agenda and the live speakers' lists -----------------------------------


def see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _pick(value: str, known: type[_E], name: str) -> _E:
    try:
        return known(value)
    except ValueError:
        raise InvalidInput(f"{name}: one of {', '.join(known)}") from None


def _live(session: Session, meeting_id: int, actor: Actor | None, lang: Language) -> dict[str, Any]:
    """What the live part of the page shows a signed-in reader: every item's speakers' list, and
    what this reader may do there. Nothing for an anonymous reader."""
    if actor is None:
        return {"lists": [], "live_version": None, "may_preside": False, "actor": None}
    items = queries.agenda(session, meeting_id, lang=lang).items
    return {
        "lists": [queries.speakers(session, item.id, lang=lang) for item in items],
        "live_version": queries.live_version(session, meeting_id),
        "may_preside": operations.may_preside(session, actor, meeting_id),
        "actor": actor,
        "poll": POLL_SECONDS,
    }


# Live: never kept by the answer cache (cica.core.answers); 204 while the version is unchanged.
@router.get("/meetings/{meeting_id}/live", response_class=HTMLResponse)
def live(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    meeting_id: RecordId,
    since: Integer | None = None,
    actor: Actor = signed_in("meeting.read"),
) -> Response:
    """The speakers' lists alone, for HTMX to poll every 2 s: 204 while nothing changed (one read)."""
    queries.readable(session, meeting_id, _viewer(session, actor))
    if since is not None and since == queries.live_version(session, meeting_id):
        return Response(status_code=204)
    return render(
        request, "meetings/_live.html", lang, meeting_id=meeting_id, **_live(session, meeting_id, actor, lang)
    )


@router.get("/meetings/{meeting_id}/participants.csv")
def participants_csv(
    session: SessionDep,
    meeting_id: RecordId,
    lang: Line | None = None,
    actor: Actor | None = public("meeting.read"),
) -> Response:
    """The participants' list as CSV: one line per delegation, members first."""
    queries.readable(session, meeting_id, _viewer(session, actor))
    attendees = queries.attendance(session, meeting_id, lang=as_language(lang))
    rows = (
        {
            **a.model_dump(include={"code", "name", "category", "group", "head"}),
            "members": "; ".join(a.members),
        }
        for a in attendees
    )
    body = "".join(csv_lines(rows, ("code", "name", "category", "group", "head", "members")))
    disposition = f'attachment; filename="meeting-{meeting_id}-participants.csv"'
    return Response(body, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition})


@router.get("/meetings/{meeting_id}/participants.pdf")
def participants_pdf(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    meeting_id: RecordId,
    actor: Actor | None = public("meeting.read"),
) -> Response:
    """The participants' list for printing: one table per group, names in the page's language
    (WeasyPrint, with the fonts for Chinese and Cyrillic embedded)."""
    detail = queries.meeting(session, meeting_id, lang=lang, viewer=_viewer(session, actor))
    html = render(
        request,
        "meetings/participants_print.html",
        lang,
        meeting=detail,
        attendees=queries.attendance(session, meeting_id, lang=lang),
    )
    return Response(
        pdf_of(bytes(html.body).decode()),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="meeting-{meeting_id}-participants.pdf"'},
    )


@router.post("/meetings/{meeting_id}/participants")
def register(
    session: SessionDep,
    meeting_id: RecordId,
    delegation: FormLine = "",
    head: FormLine = "",
    members: FormText = "",
    actor: Actor = signed_in("meeting.attend"),
) -> Response:
    names = [line.strip() for line in members.splitlines() if line.strip()]
    code = delegation or actor.delegation or ""
    if not code:
        raise InvalidInput("delegation: name the delegation to register")
    operations.register(session, meeting_id, code, head=head or None, members=names, actor=actor)
    return see(f"/meetings/{meeting_id}#participants")


@router.post("/meetings/{meeting_id}/agenda/items")
def add_item(
    session: SessionDep,
    meeting_id: RecordId,
    title: FormLine = "",
    actor: Actor = signed_in("meeting.agenda"),
) -> Response:
    operations.add_item(session, meeting_id, title, actor=actor)
    return see(f"/meetings/{meeting_id}#agenda")


@router.post("/meetings/{meeting_id}/agenda/state")
def advance_agenda(
    session: SessionDep, meeting_id: RecordId, state: FormLine, actor: Actor = signed_in("meeting.agenda")
) -> Response:
    operations.advance_agenda(session, meeting_id, _pick(state, AgendaState, "state"), actor=actor)
    return see(f"/meetings/{meeting_id}#agenda")


@router.post("/agenda-items/{item_id}/drafts")
def link_draft(
    session: SessionDep,
    item_id: RecordId,
    draft_id: Annotated[Integer, Form()],
    linked: FormLine = "yes",
    actor: Actor = signed_in("meeting.agenda"),
) -> Response:
    """Link the draft chosen to the item, or (`linked=no`) take it off."""
    act = operations.unlink_draft if linked == "no" else operations.link_draft
    act(session, item_id, draft_id, actor=actor)
    return see(f"/meetings/{operations.agenda_item(session, item_id).meeting_id}#agenda-item-{item_id}")


@router.post("/agenda-items/{item_id}/speakers")
def ask_floor(
    session: SessionDep,
    item_id: RecordId,
    kind: FormLine = "floor",
    actor: Actor = signed_in("meeting.floor"),
) -> Response:
    asked = operations.ask_floor(
        session, item_id, actor.delegation or "", kind=_pick(kind, FloorKind, "kind"), actor=actor
    )
    return see(f"/meetings/{operations.agenda_item(session, asked.agenda_item_id).meeting_id}#item-{item_id}")


@router.post("/agenda-items/{item_id}/preside")
def preside(
    session: SessionDep,
    item_id: RecordId,
    act: FormLine,
    speaker_id: Annotated[Integer | None, Form()] = None,
    actor: Actor = signed_in("meeting.preside"),
) -> Response:
    """The presiding chair's buttons: give the floor (next, or one chosen), end, close the list."""
    if act == "floor":
        operations.give_floor(session, item_id, speaker_id, actor=actor)
    elif act == "end":
        operations.end_intervention(session, item_id, actor=actor)
    elif act == "close":
        operations.close_list(session, item_id, actor=actor)
    else:
        raise InvalidInput("act: floor, end or close")
    return see(f"/meetings/{operations.agenda_item(session, item_id).meeting_id}#item-{item_id}")


# Built feeds by version, per worker: 8 MiB holds about a hundred feeds of 300 meetings.
BUILT_FEEDS = BuiltByVersion(8 * 1024 * 1024)


def _feed(
    request: Request,
    session: Session,
    organ: str | None,
    lang: Language,
    viewer: queries.Viewer,
    title: str | None = None,
) -> Response:
    """A feed of the meetings `viewer` may see, with validators checked before anything is built."""
    last, count = queries.feed_version(session, organ, viewer)
    etag = version_tag(request.url.path, registry_queries.version(session), organ, lang, viewer, last, count)
    headers = {"ETag": etag}
    if viewer is not None:
        # A delegation's feed: never kept by shared caches, whatever the URL looks like to them.
        headers["Cache-Control"] = PRIVATE
    if last is not None:
        headers["Last-Modified"] = http_date(last, usegmt=True)
    unchanged = not_modified(request, etag)
    held = request.headers.get("if-modified-since")
    if (
        unchanged is None
        and "if-none-match" not in request.headers
        and unmodified_since(held, headers.get("Last-Modified"))
    ):
        unchanged = Response(status_code=304)
    if unchanged is not None:
        unchanged.headers.update(headers)
        return unchanged

    def build() -> bytes:
        result = queries.meetings(session, organ=organ, lang=lang, viewer=viewer)
        organisation = registry_queries.organisation(session, lang)
        name = organisation.abbreviation or organisation.name
        if organ is not None:
            organ_name = next((o.name for o in _organs(session, lang) if o.id == organ), organ)
            name = f"{name}: {organ_name}"
        else:
            name = f"{name}: {title or translations(lang).gettext('Meetings')}"
        return calendar.feed(
            result.items,
            name=name,
            base_url=str(request.base_url),
            seat_zone=queries.seat_zone_name(session),
            stamp=last or datetime.fromtimestamp(0).astimezone(),
        )

    # The ETag names all a feed is made of in its database; the address and title are the rest.
    key = (str(session.connection().engine.url), etag, str(request.base_url), title)
    body = BUILT_FEEDS.get_or_build(key, build)
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


@router.get("/calendar.ics", dependencies=KEPT)
def calendar_feed(
    request: Request, session: SessionDep, lang: Line | None = None, _: Any = public("meeting.read")
) -> Response:
    """The public feed: the meetings everyone may see (no credentials are read: one answer for all)."""
    return _feed(request, session, None, as_language(lang), None)


Reading = Annotated[Actor | None, public("meeting.read")]


@router.get("/organs/{organ_id}/calendar.ics", dependencies=KEPT)
def organ_feed(
    request: Request, session: SessionDep, _: Reading, organ_id: Line, lang: Line | None = None
) -> Response:
    return _feed(request, session, organ_id, as_language(lang), None)


@router.get("/delegations/{code}/calendar.ics", dependencies=[public("meeting.read"), *KEPT])
def delegation_feed(
    request: Request, session: SessionDep, code: Line, token: Line | None = None, lang: Line | None = None
) -> Response:
    """A delegation's feed, subscribed with its read-only feed token (`?token=`, as calendar
    clients cannot send headers): the public meetings and those restricted to what the delegation
    may see. A wrong, revoked or missing token is answered 404, as an unknown delegation is."""
    holder = queries.feed_holder(session, code, operations.feed_digest(token or ""))
    if holder is None:
        raise NotFound(f"no calendar feed for {code!r} with this token")
    return _feed(
        request, session, None, as_language(lang), queries.delegation_viewer(session, holder), title=holder
    )
