"""Reads of meetings for the pages, the API, the CLI and the calendar feeds, in one language.

Titles, organ and state names and dates are composed here at read time: the organ's name on the
meeting's day ("Summit" for the 6th, held the day before the rename), the city as it was then
called, the presiding chair (the charter's chairmanship on the first day unless the record names
another), dates in the venue's time zone and, for timed meetings, in the reader's as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_interval, format_skeleton
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cica.access import rules as access_rules
from cica.access.guard import standing
from cica.access.queries import visible_to
from cica.core import paging
from cica.core.db import get_or_not_found
from cica.core.errors import NotFound
from cica.core.i18n import Language, translations
from cica.meetings import rules
from cica.meetings.models import AgendaItem, FeedToken, Meeting, Participation, Speaker
from cica.meetings.rules import MeetingStatus, MeetingType, Precision
from cica.registry import queries as registry_queries
from cica.registry import rules as registry_rules
from cica.registry import snapshot
from cica.registry.snapshot import RegistrySnapshot


class Party(BaseModel):
    code: str
    name: str


class DocumentItem(BaseModel):
    title: str
    lang: str
    adopted_on: date | None
    certainty: str
    note: str | None
    sources: list[str]


class StatusStep(BaseModel):
    status: MeetingStatus
    status_label: str
    previous_status: MeetingStatus | None
    at: datetime
    actor: str
    reason: str | None


class MeetingItem(BaseModel):
    id: int
    uid: str
    organ: str
    organ_name: str
    title: str
    kind: MeetingType
    kind_label: str
    ordinal: int | None
    status: MeetingStatus
    status_label: str
    starts_at: datetime
    ends_at: datetime
    first_day: date
    last_day: date
    precision: Precision
    all_day: bool
    dates: str  # the days (or month) at the venue, in the reader's language
    local_time: str | None  # a timed meeting's start in the reader's zone, beside `dates`
    online: bool
    time_zone: str | None
    city: str | None
    host: Party | None
    chair: Party | None
    chair_by_default: bool
    sequence: int
    certainty: str
    note: str | None
    sources: list[str]
    updated_at: datetime
    classification: str = "public"


class MeetingDetail(MeetingItem):
    documents: list[DocumentItem]
    history: list[StatusStep]


class MeetingList(BaseModel):
    organ: str | None
    count: int
    items: list[MeetingItem]


class Labels:
    """The meetings' words in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._ = translations(lang).gettext

    def kind(self, kind: MeetingType) -> str:
        return {
            MeetingType.REGULAR: self._("regular"),
            MeetingType.INFORMAL: self._("informal"),
            MeetingType.SPECIAL: self._("special"),
            MeetingType.EXTRAORDINARY: self._("extraordinary"),
            MeetingType.VIRTUAL: self._("virtual"),
            MeetingType.EXPERTS: self._("experts'"),
        }[kind]

    def status(self, status: MeetingStatus) -> str:
        return {
            MeetingStatus.PLANNED: self._("planned"),
            MeetingStatus.CONFIRMED: self._("confirmed"),
            MeetingStatus.HELD: self._("held"),
            MeetingStatus.POSTPONED: self._("postponed"),
            MeetingStatus.CANCELLED: self._("cancelled"),
        }[status]

    def title(self, organ_name: str, ordinal: int | None, kind: MeetingType) -> str:
        named = rules.with_ordinal(ordinal, self.lang, organ_name)
        if kind is MeetingType.REGULAR:
            return named
        return self._("%(meeting)s (%(kind)s)") % {"meeting": named, "kind": self.kind(kind)}


def _seat_zone(registry: RegistrySnapshot) -> str:
    return str(registry.document["organisation"]["time_zone"])


def seat_zone_name(session: Session) -> str:
    """The seat's IANA zone: where an online meeting's days are counted."""
    return _seat_zone(snapshot.current(session))


def _dates(meeting: Meeting, zone: ZoneInfo, lang: str) -> tuple[date, date, str]:
    first = rules.first_day(meeting.starts_at, zone)
    last = rules.last_day(meeting.ends_at, zone)
    if meeting.precision is Precision.MONTH:
        return first, last, format_skeleton("yMMMM", first, locale=lang)
    if last == first:
        return first, last, format_date(first, "long", locale=lang)
    return first, last, format_interval(first, last, "yMMMd", locale=lang)


def _item(
    meeting: Meeting, registry: RegistrySnapshot, labels: Labels, reader_zone: ZoneInfo | None
) -> MeetingItem:
    lang = labels.lang
    zone = rules.venue_zone(meeting.time_zone, _seat_zone(registry))
    first, last, dates = _dates(meeting, zone, lang)
    if not meeting.all_day:
        venue = format_datetime(meeting.starts_at, "short", tzinfo=zone, locale=lang)
        dates = f"{venue} ({meeting.time_zone or _seat_zone(registry)})"
    local_time = (
        format_datetime(meeting.starts_at, "short", tzinfo=reader_zone, locale=lang)
        if reader_zone is not None and not meeting.all_day
        else None
    )
    organ = next(organ for organ in registry.organs if organ.id == meeting.organ_id)
    organ_name = registry_rules.name_on(organ.names, lang, first) or organ.id
    names = registry.participant_names(first, lang)
    chair_code = meeting.chair_code or registry.chair_code_on(first)
    return MeetingItem(
        id=meeting.id,
        uid=meeting.uid,
        organ=meeting.organ_id,
        organ_name=organ_name,
        title=labels.title(organ_name, meeting.ordinal, meeting.kind),
        kind=meeting.kind,
        kind_label=labels.kind(meeting.kind),
        ordinal=meeting.ordinal,
        status=meeting.status,
        status_label=labels.status(meeting.status),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        first_day=first,
        last_day=last,
        precision=meeting.precision,
        all_day=meeting.all_day,
        dates=dates,
        local_time=local_time,
        online=meeting.online,
        time_zone=meeting.time_zone,
        city=snapshot.localized(meeting.city, lang) if meeting.city else None,
        host=Party(code=meeting.host_code, name=names.get(meeting.host_code, meeting.host_code))
        if meeting.host_code
        else None,
        chair=Party(code=chair_code, name=names.get(chair_code, chair_code)) if chair_code else None,
        chair_by_default=meeting.chair_code is None,
        sequence=meeting.sequence,
        certainty=meeting.certainty,
        note=meeting.note,
        sources=list(meeting.sources),
        updated_at=meeting.updated_at,
        classification=meeting.classification,
    )


# The classification view of a read made for the Secretariat or by the system (the CLI, minutes,
# operations): every meeting. Pages, the API, Popolo and the feeds pass their reader's view.
EVERYONE = access_rules.Viewer(secretariat=True)
Viewer = access_rules.Viewer | None


def _shown_to(viewer: Viewer) -> Any:
    """The WHERE clause keeping the meetings `viewer` may see (lists, counts, feeds alike)."""
    return visible_to(viewer, Meeting.classification.expression, Meeting.named.expression)


def readable(session: Session, meeting_id: int, viewer: Viewer) -> None:
    """Raises NotFound, as for a meeting that does not exist, unless `viewer` may see it."""
    if session.scalar(select(Meeting.id).where(Meeting.id == meeting_id, _shown_to(viewer))) is None:
        raise NotFound(f"no meeting {meeting_id}")


def meetings(
    session: Session,
    *,
    organ: str | None = None,
    lang: Language = "en",
    reader_zone: ZoneInfo | None = None,
    statuses: Sequence[MeetingStatus] = (),
    viewer: Viewer = EVERYONE,
) -> MeetingList:
    """Every meeting (of one organ) `viewer` may see, in the order they sit: oldest first, as a
    calendar reads."""
    registry = snapshot.current(session)
    if organ is not None and organ not in {o.id for o in registry.organs}:
        raise NotFound(f"organ: no organ {organ!r} in the charter")
    query = select(Meeting).where(_shown_to(viewer)).order_by(Meeting.starts_at, Meeting.id)
    if organ is not None:
        query = query.where(Meeting.organ_id == organ)
    if statuses:
        query = query.where(Meeting.status.in_(list(statuses)))
    labels = Labels(lang)
    items = [_item(meeting, registry, labels, reader_zone) for meeting in session.scalars(query)]
    return MeetingList(organ=organ, count=len(items), items=items)


# The meetings list's order for paging: newest first by start, then id (unique).
MEETINGS_ORDER = paging.Keyset("meetings", (Meeting.starts_at, Meeting.id), (datetime, int))


class MeetingPage(MeetingList):
    page: paging.PageLinks


def meetings_page(
    session: Session,
    page: paging.PageRequest,
    *,
    organ: str | None = None,
    lang: Language = "en",
    reader_zone: ZoneInfo | None = None,
    viewer: Viewer = EVERYONE,
) -> MeetingPage:
    """One page of the meetings (of one organ) `viewer` may see, newest first, by keyset
    (`core.paging`); `count` is of all the meetings the filter holds."""
    registry = snapshot.current(session)
    if organ is not None and organ not in {o.id for o in registry.organs}:
        raise NotFound(f"organ: no organ {organ!r} in the charter")
    query = select(Meeting).where(_shown_to(viewer))
    if organ is not None:
        query = query.where(Meeting.organ_id == organ)
    rows, links = paging.fetch(session, query, MEETINGS_ORDER, page)
    labels = Labels(lang)
    items = [_item(meeting, registry, labels, reader_zone) for meeting in rows]
    return MeetingPage(organ=organ, count=paging.count(session, query), items=items, page=links)


def meeting(
    session: Session,
    meeting_id: int,
    *,
    lang: Language = "en",
    reader_zone: ZoneInfo | None = None,
    viewer: Viewer = EVERYONE,
) -> MeetingDetail:
    found = session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id, _shown_to(viewer))
        .options(selectinload(Meeting.documents), selectinload(Meeting.history))
    )
    if found is None:
        raise NotFound(f"no meeting {meeting_id}")
    registry = snapshot.current(session)
    labels = Labels(lang)
    item = _item(found, registry, labels, reader_zone)
    return MeetingDetail(
        **item.model_dump(),
        documents=[
            DocumentItem(
                title=snapshot.localized(document.title, lang) or "",
                lang=lang if lang in document.title else "en",
                adopted_on=document.adopted_on,
                certainty=document.certainty,
                note=document.note,
                sources=list(document.sources),
            )
            for document in found.documents
        ],
        history=[
            StatusStep(
                status=step.status,
                status_label=labels.status(step.status),
                previous_status=step.previous_status,
                at=step.at,
                actor=step.actor,
                reason=step.reason,
            )
            for step in found.history
        ],
    )


class OrganMeetings(BaseModel):
    organ: str
    name: str
    last_held: str | None
    next: str | None
    periodicity: str | None
    # From the charter's cycle and the last regular meeting held (`rules.due`); None where the
    # charter gives no cycle or no regular meeting of the organ is recorded.
    due: rules.DueState | None = None
    due_on: date | None = None
    latest_on: date | None = None
    uncertain: bool = False
    due_sentence: str | None = None  # in the reader's language, dates by Babel


class OrganCalendar(BaseModel):
    on: date
    items: list[OrganMeetings]

    @property
    def falling_due(self) -> list[OrganMeetings]:
        """The organs whose next regular meeting is due or overdue: the home page's panel."""
        return [item for item in self.items if item.due in (rules.DueState.DUE, rules.DueState.OVERDUE)]


def _cycle_months(registry: RegistrySnapshot, organ: str) -> list[int]:
    for entry in registry.document.get("organs", []):
        if entry.get("id") == organ and entry.get("cycle"):
            return [int(months) for months in entry["cycle"]["every_months"]]
    return []


def _due_sentence(found: rules.Due, lang: str) -> str:
    _ = translations(lang).gettext
    due_on, latest_on = (
        format_date(found.due_on, "long", locale=lang),
        format_date(found.latest_on, "long", locale=lang),
    )
    if found.state is rules.DueState.OVERDUE:
        sentence = _("Overdue since %(day)s") % {"day": due_on}
    elif found.state is rules.DueState.DUE:
        sentence = _("Due by %(day)s") % {"day": due_on}
    else:
        sentence = _("Next due by %(day)s") % {"day": due_on}
    if found.uncertain:
        sentence += " (" + _("uncertain: by another source, %(day)s") % {"day": latest_on} + ")"
    return sentence


def organ_calendar(session: Session, *, lang: Language = "en", viewer: Viewer = EVERYONE) -> OrganCalendar:
    """For each organ: its last meeting held and its next one scheduled, beside the charter's
    periodicity text, and whether its next regular meeting is due or overdue today (at the seat,
    by the one clock) under the charter's cycle."""
    registry = snapshot.current(session)
    today = registry_queries.seat_today(session)
    listed = meetings(session, lang=lang, viewer=viewer).items
    found = []
    for organ in registry.organs:
        own = [item for item in listed if item.organ == organ.id]
        held = [item for item in own if item.status is MeetingStatus.HELD]
        coming = [item for item in own if item.status in (MeetingStatus.PLANNED, MeetingStatus.CONFIRMED)]
        regular = [item for item in held if item.kind is MeetingType.REGULAR]
        every = _cycle_months(registry, organ.id)
        state = rules.due(regular[-1].first_day, every, today) if every and regular else None
        today_name = registry_rules.name_on(organ.names, lang, date.max) or organ.id
        found.append(
            OrganMeetings(
                organ=organ.id,
                name=today_name,
                last_held=f"{held[-1].title}, {held[-1].dates}" if held else None,
                next=f"{coming[0].title}, {coming[0].dates}" if coming else None,
                periodicity=snapshot.localized(organ.periodicity, lang),
                due=state.state if state else None,
                due_on=state.due_on if state else None,
                latest_on=state.latest_on if state else None,
                uncertain=state.uncertain if state else False,
                due_sentence=_due_sentence(state, lang) if state else None,
            )
        )
    return OrganCalendar(on=today, items=found)


def _popolo_date(item: MeetingItem, moment: datetime, last: date) -> str:
    """A Popolo date: the day(s) at the venue for whole-day meetings, else the UTC instant."""
    if item.precision is Precision.MONTH:
        return item.first_day.strftime("%Y-%m")
    if item.all_day:
        return last.isoformat()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def popolo_events(
    session: Session, *, organ: str | None = None, lang: Language = "en", viewer: Viewer = EVERYONE
) -> dict[str, Any]:
    """The meetings `viewer` may see as Popolo `Event`s (http://www.popoloproject.com/specs/event.html)."""
    events = []
    for item in meetings(session, organ=organ, lang=lang, viewer=viewer).items:
        events.append(
            {
                "id": item.uid,
                "name": item.title,
                "description": item.note,
                "start_date": _popolo_date(item, item.starts_at, item.first_day),
                "end_date": _popolo_date(item, item.ends_at, item.last_day),
                "location": item.city,
                "status": item.status.value,
                "classification": item.kind.value,
                "organization_id": item.organ,
                "identifiers": [{"identifier": item.uid, "scheme": "cica-meeting-uid"}],
                "updated_at": item.updated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
    return {"events": events}


def feed_version(session: Session, organ: str | None, viewer: Viewer) -> tuple[datetime | None, int]:
    """When a meeting (of `organ`) `viewer` may see last changed, and how many there are: a
    feed's validators (the count changes when a meeting leaves the reader's view)."""
    query = select(func.max(Meeting.updated_at), func.count(Meeting.id)).where(_shown_to(viewer))
    if organ is not None:
        query = query.where(Meeting.organ_id == organ)
    last, count = session.execute(query).one()
    return last, int(count)


def delegation_viewer(session: Session, code: str) -> access_rules.Viewer:
    """What a delegation's feed shows: what its signed-in members would see today."""
    return access_rules.Viewer(
        delegation=code, member="member" in standing(session, code, None, chair=False).rights
    )


def feed_holder(session: Session, delegation: str, digest: str) -> str | None:
    """The delegation whose live feed token has this digest, if `delegation` is it; else None."""
    code: str | None = session.scalar(
        select(FeedToken.delegation_code).where(
            FeedToken.digest == digest,
            FeedToken.delegation_code == delegation.upper(),
            FeedToken.revoked_at.is_(None),
        )
    )
    return code


# --- Participation, the agenda and the speakers' lists ----------------------------------------


class Attendee(BaseModel):
    """A delegation registered for a meeting (`attendance`), named as on the meeting's day."""

    code: str
    name: str
    category: str
    category_name: str
    group: rules.Group
    head: str | None
    members: list[str]


class Participants(BaseModel):
    meeting_id: int
    items: list[Attendee]


class AgendaEntry(BaseModel):
    id: int
    position: int
    title: str
    speakers_closed: bool


class Agenda(BaseModel):
    meeting_id: int
    state: rules.AgendaState
    state_label: str
    circulated_at: datetime | None
    adopted_at: datetime | None
    items: list[AgendaEntry]


class SpeakerEntry(BaseModel):
    id: int
    code: str
    name: str
    kind: rules.FloorKind
    state: rules.SpeakerState
    position: int
    started_at: datetime | None
    ended_at: datetime | None
    overran: bool


class SpeakersList(BaseModel):
    item: AgendaEntry
    version: int  # the meeting's live version: the poll's test
    time_limit: int | None  # seconds; None: the charter sets none
    speaking: SpeakerEntry | None
    waiting: list[SpeakerEntry]
    spoken: list[SpeakerEntry]


def _meeting_row(session: Session, meeting_id: int) -> Meeting:
    return get_or_not_found(session, Meeting, meeting_id, "meeting")


def _first_day(registry: RegistrySnapshot, meeting: Meeting) -> date:
    return rules.first_day(meeting.starts_at, rules.venue_zone(meeting.time_zone, _seat_zone(registry)))


def attendance(session: Session, meeting_id: int, *, lang: Language = "en") -> list[Attendee]:
    """Who attended (registered for) a meeting: members, then observers, partners, guests; each
    group by code. One query, names from the registry snapshot."""
    meeting = _meeting_row(session, meeting_id)
    registry = snapshot.current(session)
    names = registry.participant_names(_first_day(registry, meeting), lang)
    rows = session.scalars(select(Participation).where(Participation.meeting_id == meeting_id))
    order = list(rules.Group)
    attendees = [
        Attendee(
            code=row.participant_code,
            name=names.get(row.participant_code, row.participant_code),
            category=row.category_id,
            category_name=snapshot.localized(registry.categories[row.category_id].name, lang)
            or row.category_id
            if row.category_id in registry.categories
            else row.category_id,
            group=row.grouping,
            head=row.head,
            members=list(row.members),
        )
        for row in rows
    ]
    return sorted(attendees, key=lambda a: (order.index(a.group), a.code))


def agenda(session: Session, meeting_id: int, *, lang: Language = "en") -> Agenda:
    meeting = _meeting_row(session, meeting_id)
    _ = translations(lang).gettext
    labels = {
        rules.AgendaState.PROVISIONAL: _("provisional"),
        rules.AgendaState.CIRCULATED: _("circulated"),
        rules.AgendaState.ADOPTED: _("adopted"),
    }
    items = session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
    )
    return Agenda(
        meeting_id=meeting_id,
        state=meeting.agenda_state,
        state_label=labels[meeting.agenda_state],
        circulated_at=meeting.agenda_circulated_at,
        adopted_at=meeting.agenda_adopted_at,
        items=[_entry(item) for item in items],
    )


def _entry(item: AgendaItem) -> AgendaEntry:
    return AgendaEntry(
        id=item.id, position=item.position, title=item.title, speakers_closed=item.speakers_closed
    )


def live_version(session: Session, meeting_id: int) -> int:
    """The meeting's live version alone: what the poll asks before anything is built."""
    version = session.scalar(select(Meeting.live_version).where(Meeting.id == meeting_id))
    if version is None:
        raise NotFound(f"no meeting {meeting_id}")
    return version


def speakers(session: Session, item_id: int, *, lang: Language = "en") -> SpeakersList:
    """An agenda item's speakers' list: who speaks, who waits in order, who spoke."""
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFound(f"item: no agenda item {item_id}")
    meeting = _meeting_row(session, item.meeting_id)
    registry = snapshot.current(session)
    names = registry.participant_names(_first_day(registry, meeting), lang)
    limit = registry.document["organisation"].get("speaking_time_limit")
    rows = session.scalars(select(Speaker).where(Speaker.agenda_item_id == item_id).order_by(Speaker.id))
    entries = [
        SpeakerEntry(
            id=row.id,
            code=row.participant_code,
            name=names.get(row.participant_code, row.participant_code),
            kind=row.kind,
            state=row.state,
            position=row.position,
            started_at=row.started_at,
            ended_at=row.ended_at,
            overran=rules.overran(limit, row.started_at, row.ended_at),
        )
        for row in rows
    ]
    return SpeakersList(
        item=_entry(item),
        version=meeting.live_version,
        time_limit=limit,
        speaking=next((e for e in entries if e.state is rules.SpeakerState.SPEAKING), None),
        waiting=sorted(
            (e for e in entries if e.state is rules.SpeakerState.WAITING), key=lambda e: e.position
        ),
        spoken=[e for e in entries if e.state is rules.SpeakerState.SPOKEN],
    )


def titles_of(
    session: Session, meeting_ids: Sequence[int], *, viewer: Viewer, lang: Language = "en"
) -> dict[int, str]:
    """The titles in `lang` ("30th Senior Officials Committee") of those of the meetings `viewer`
    may see, in one read; a meeting they may not see is left out, as one that does not exist."""
    if not meeting_ids:
        return {}
    registry = snapshot.current(session)
    labels = Labels(lang)
    found: dict[int, str] = {}
    for meeting in session.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids), _shown_to(viewer))):
        zone = rules.venue_zone(meeting.time_zone, _seat_zone(registry))
        first = rules.first_day(meeting.starts_at, zone)
        organ = next(organ for organ in registry.organs if organ.id == meeting.organ_id)
        organ_name = registry_rules.name_on(organ.names, lang, first) or organ.id
        found[meeting.id] = labels.title(organ_name, meeting.ordinal, meeting.kind)
    return found
