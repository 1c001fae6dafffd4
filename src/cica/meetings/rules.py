"""Pure rules of meetings: kinds and states, the checks a schedule must pass, titles. No I/O.

A meeting's span is half-open, [starts_at, ends_at), in UTC; the venue's time zone only says how
the instants are shown and which day they fall on. A meeting known only to the month is stored
as the month's span with `precision = month`.
"""

from __future__ import annotations

from calendar import Calendar, monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cica.core.errors import Conflict, InvalidInput, PermissionDenied


class MeetingType(StrEnum):
    REGULAR = "regular"
    INFORMAL = "informal"
    SPECIAL = "special"
    EXTRAORDINARY = "extraordinary"
    VIRTUAL = "virtual"
    EXPERTS = "experts"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    HELD = "held"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


class Precision(StrEnum):
    """How precisely a meeting's dates are known."""

    DAY = "day"
    MONTH = "month"


# Which status may follow which: a held or cancelled meeting is history.
NEXT_STATUS: dict[MeetingStatus, frozenset[MeetingStatus]] = {
    MeetingStatus.PLANNED: frozenset(
        {MeetingStatus.CONFIRMED, MeetingStatus.POSTPONED, MeetingStatus.CANCELLED, MeetingStatus.HELD}
    ),
    MeetingStatus.CONFIRMED: frozenset(
        {MeetingStatus.POSTPONED, MeetingStatus.CANCELLED, MeetingStatus.HELD}
    ),
    MeetingStatus.POSTPONED: frozenset(
        {MeetingStatus.PLANNED, MeetingStatus.CONFIRMED, MeetingStatus.CANCELLED}
    ),
    MeetingStatus.HELD: frozenset(),
    MeetingStatus.CANCELLED: frozenset(),
}


def time_zone(name: str) -> ZoneInfo:
    """The IANA zone `name`, or the refusal naming the field."""
    try:
        if not name or name != name.strip() or name.startswith(("/", ".")):
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"time_zone: {name!r} is not an IANA time zone") from None


def venue_zone(zone: str | None, seat_zone: str) -> ZoneInfo:
    """The zone a meeting's days are counted in: the venue's, or the seat's for an online one."""
    return time_zone(zone or seat_zone)


def check_span(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise InvalidInput("starts_at: a meeting's start and end need a time zone")
    if ends_at <= starts_at:
        raise InvalidInput("ends_at: a meeting ends after it starts")


def check_venue(city: str | None, zone: str | None, online: bool) -> None:
    if online and (city or zone):
        raise InvalidInput("city: an online meeting has no venue city or time zone")
    if not online and not (city and zone):
        raise InvalidInput("city: a meeting in person needs a venue city and its time zone")
    if zone is not None:
        time_zone(zone)


def days_span(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants of whole days `first`..`last` (inclusive) at the venue."""
    if last < first:
        raise InvalidInput("ends_at: a meeting ends after it starts")
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def month_span(year: int, month: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return days_span(first, following - timedelta(days=1), zone)


def first_day(starts_at: datetime, zone: ZoneInfo) -> date:
    """The day a meeting opens at its venue: the day the registry is asked about."""
    return starts_at.astimezone(zone).date()


def last_day(ends_at: datetime, zone: ZoneInfo) -> date:
    """The last day a meeting sits at its venue (its end is exclusive)."""
    return (ends_at.astimezone(zone) - timedelta(microseconds=1)).date()


@dataclass(frozen=True)
class Slot:
    """A scheduled meeting as the conflict rules see it."""

    id: int | None
    organ: str
    starts_at: datetime
    ends_at: datetime
    status: MeetingStatus


def overlaps(a: Slot, b: Slot) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def check_no_overlap(candidate: Slot, others: Iterable[Slot]) -> None:
    """Rule: one organ holds one meeting at a time (a cancelled meeting holds no time)."""
    if candidate.status is MeetingStatus.CANCELLED:
        return
    for other in others:
        if other.id == candidate.id or other.organ != candidate.organ:
            continue
        if other.status is not MeetingStatus.CANCELLED and overlaps(candidate, other):
            raise Conflict(
                f"starts_at: rule 'one meeting of an organ at a time': meeting {other.id} of "
                f"{candidate.organ} already sits from {other.starts_at.isoformat()} to {other.ends_at.isoformat()}"
            )


def check_organ_exists(organ: str, day: date, founded: date | None, dissolved: date | None) -> None:
    """Rule: an organ meets only while it exists (from the body's founding, until dissolved)."""
    if (founded is not None and day < founded) or (dissolved is not None and day >= dissolved):
        raise Conflict(
            f"starts_at: rule 'an organ meets only while it exists': {organ} does not exist on {day}"
        )


def check_host(host: str | None, day: date, is_participant: bool) -> None:
    """Rule: the host state is a participant of the body on the meeting's first day."""
    if host is not None and not is_participant:
        raise Conflict(
            f"host: rule 'the host is a participant on the day': {host} is not a participant on {day}"
        )


def check_chair(chair: str | None, day: date, is_participant: bool) -> None:
    if chair is not None and not is_participant:
        raise Conflict(
            f"chair: rule 'the presiding chair is a participant on the day': {chair} is not one on {day}"
        )


def check_transition(current: MeetingStatus, new: MeetingStatus) -> None:
    if new is current:
        return
    if new not in NEXT_STATUS[current]:
        raise Conflict(f"status: rule 'a {current} meeting cannot become {new}'")


def changed_sequence(sequence: int, changed: bool) -> int:
    """iCalendar's SEQUENCE: bumped by every change a calendar client must show."""
    return sequence + 1 if changed else sequence


# --- Titles: an ordinal before the organ's name, in the reader's language --------------------


def ordinal(number: int, lang: str, noun: str) -> str:
    """'4th', '4-е', '第4次', '4e' for the organ name `noun` that follows it in `lang`."""
    if lang == "ru":
        head = noun.split(" ", 1)[0].lower()
        # Adjective ending by the noun's gender: Совещание (n.) -е, Совет/Комитет (m.) -й, группа (f.) -я.
        ending = "е" if head.endswith(("ие", "ое", "е")) else "я" if head.endswith(("а", "я")) else "й"
        return f"{number}-{ending}"
    if lang == "zh":
        return f"第{number}次"
    if lang == "fr":
        if number != 1:
            return f"{number}e"
        head = noun.split(" ", 1)[0].lower()
        masculine = head in {"sommet", "conseil", "comité", "groupe", "secrétariat"}
        return "1er" if masculine else "1re"
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def with_ordinal(number: int | None, lang: str, organ_name: str) -> str:
    if number is None:
        return organ_name
    prefix = ordinal(number, lang, organ_name)
    if lang == "zh":
        return f"{prefix}{organ_name}"
    if lang in {"ru", "fr"}:
        # Russian and French organ names keep their capital; the ordinal goes before.
        return (
            f"{prefix} {organ_name[0].lower()}{organ_name[1:]}" if lang == "ru" else f"{prefix} {organ_name}"
        )
    return f"{prefix} {organ_name}"


def organ_period(founded: date | None, name_ends: Iterable[date | None]) -> tuple[date | None, date | None]:
    """When an organ exists: from the body's founding, until its last name ends (if all do)."""
    ends = list(name_ends)
    dissolved = max(ends) if ends and all(end is not None for end in ends) else None  # type: ignore[type-var]
    return founded, dissolved


# --- Participation: who attends, in which group the list shows them --------------------------


class Group(StrEnum):
    """Where a participants' list shows a delegation: by the kind of category it held that day."""

    MEMBERS = "members"
    OBSERVERS = "observers"
    PARTNERS = "partners"
    GUESTS = "guests"


GROUP_OF_KIND: dict[str, Group] = {
    "member": Group.MEMBERS,
    "observer": Group.OBSERVERS,
    "partner": Group.PARTNERS,
}


def group_of(category_kind: str | None) -> Group:
    """A category kind the charter does not list as member, observer or partner is a guest's."""
    return GROUP_OF_KIND.get(category_kind or "", Group.GUESTS)


def check_attendee(code: str, day: date, category_id: str | None, may_attend: bool) -> None:
    """Rule: a delegation attends only if it is a participant of the body on the meeting's day
    and its category lets it attend."""
    if category_id is None:
        raise Conflict(
            f"delegation: rule 'a delegation attends only as a participant on the day': "
            f"{code} is not a participant on {day}"
        )
    if not may_attend:
        raise Conflict(
            f"delegation: rule 'the category lets the delegation attend': {code}'s category "
            f"{category_id} does not on {day}"
        )


def check_not_cancelled(status: MeetingStatus) -> None:
    if status is MeetingStatus.CANCELLED:
        raise Conflict("meeting: rule 'a cancelled meeting has no participants, agenda or speakers'")


# --- The agenda: provisional, circulated, adopted ---------------------------------------------


class AgendaState(StrEnum):
    PROVISIONAL = "provisional"
    CIRCULATED = "circulated"
    ADOPTED = "adopted"


NEXT_AGENDA_STATE: dict[AgendaState, AgendaState] = {
    AgendaState.PROVISIONAL: AgendaState.CIRCULATED,
    AgendaState.CIRCULATED: AgendaState.ADOPTED,
}


def check_agenda_open(state: AgendaState) -> None:
    """Rule: items are added and reordered before the agenda's adoption only."""
    if state is AgendaState.ADOPTED:
        raise Conflict(
            "agenda: rule 'items are added or reordered before adoption only': the agenda was adopted"
        )


def check_draft_for_item(draft_organ: str, meeting_organ: str, *, closed: bool, linked: bool) -> None:
    """Rule: an agenda item takes up drafts held by the meeting's own organ, still under
    consideration (not adopted, not adopted or withdrawn), each once."""
    if draft_organ != meeting_organ:
        raise Conflict(
            "draft_id: rule 'an agenda item takes up drafts of the meeting's organ': "
            f"the draft is before {draft_organ}, the meeting is of {meeting_organ}",
            code="draft_of_another_organ",
        )
    if closed:
        raise Conflict(
            "draft_id: rule 'an agenda item takes up drafts under consideration': the draft is closed",
            code="draft_closed",
        )
    if linked:
        raise Conflict("draft_id: rule 'a draft is linked to an item once': it is linked already")


def check_agenda_step(state: AgendaState, wanted: AgendaState, items: int) -> None:
    """Rule: the provisional agenda is circulated, then adopted; an empty agenda is neither."""
    if NEXT_AGENDA_STATE.get(state) is not wanted:
        raise Conflict(
            f"agenda: rule 'provisional, then circulated, then adopted': a {state} agenda cannot be {wanted}"
        )
    if items == 0:
        raise Conflict("agenda: rule 'an agenda has at least one item'")


def reordered(current: Sequence[int], wanted: Sequence[int]) -> list[int]:
    """The new order of an agenda's (or a list's) items: every current item exactly once."""
    if sorted(current) != sorted(wanted) or len(set(wanted)) != len(wanted):
        raise InvalidInput("order: give every item exactly once, in the new order")
    return list(wanted)


# --- The speakers' list of an agenda item -----------------------------------------------------


class FloorKind(StrEnum):
    FLOOR = "floor"
    REPLY = "reply"


class SpeakerState(StrEnum):
    WAITING = "waiting"
    SPEAKING = "speaking"
    SPOKEN = "spoken"
    WITHDRAWN = "withdrawn"


def speaking_rank(kind: FloorKind, member: bool) -> int:
    """Rule (the charter's): members speak before observers; rights of reply come after both."""
    if kind is FloorKind.REPLY:
        return 2
    return 0 if member else 1


def insertion_index(waiting_ranks: Sequence[int], rank: int) -> int:
    """Where a new request joins the waiting list: after every request of its rank or before."""
    index = 0
    for position, other in enumerate(waiting_ranks):
        if other <= rank:
            index = position + 1
    return index


def check_may_ask(closed: bool, already_waiting: bool, code: str) -> None:
    if closed:
        raise Conflict("speakers: rule 'no one is added to a closed speakers' list'")
    if already_waiting:
        raise Conflict(f"speakers: rule 'a delegation waits once on a list': {code} is already waiting")


def check_presiding(actor_delegation: str | None, presiding: str | None) -> None:
    """Rule: the presiding chair (the meeting's chair's delegation) runs the speakers' list."""
    if actor_delegation is None or actor_delegation != presiding:
        raise PermissionDenied(
            f"rule 'the presiding chair gives the floor': {presiding or 'no one'} presides, "
            f"not {actor_delegation or 'this account'}"
        )


def overran(limit_seconds: int | None, started: datetime | None, ended: datetime | None) -> bool:
    """Whether an intervention went past the charter's time limit (none: never)."""
    if limit_seconds is None or started is None or ended is None:
        return False
    return (ended - started).total_seconds() > limit_seconds


def check_sitting(organ: str, day: date, meeting_organ: str, first: date, last: date) -> None:
    """Rule: in-session consensus takes place under an agenda item of a meeting of the competent
    organ, on one of the meeting's days."""
    if meeting_organ != organ:
        raise Conflict(
            f"agenda_item: rule 'consensus under an item of the competent organ's meeting': "
            f"the meeting is of {meeting_organ}, the text is before {organ}"
        )
    if not first <= day <= last:
        raise Conflict(
            f"held_on: rule 'consensus on the meeting's day': the meeting sits {first} to {last}, not {day}"
        )


# --- Periodicity: when an organ's next regular meeting falls due ---------------------------


class DueState(StrEnum):
    NOT_DUE = "not_due"
    DUE = "due"  # the date it falls due is within the notice period
    OVERDUE = "overdue"  # the date has passed with no regular meeting held since the last


# How long before its due date a regular meeting is shown as due: a secretariat plans a meeting
# of heads of state or ministers months ahead.
DUE_NOTICE_MONTHS = 3


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, the day of the month kept where the month has it (31 Jan + 1
    month is 28 or 29 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Due:
    """When an organ's next regular meeting falls due after `last_held`: by `due_on` (the shortest
    interval the charter gives), by `latest_on` (the longest) where sources conflict."""

    state: DueState
    due_on: date
    latest_on: date
    uncertain: bool  # the sources give more than one interval and `today` falls between them


def due(last_held: date, every_months: Iterable[int], today: date) -> Due:
    """Rule: a regular meeting is due `every_months` after the last one held; overdue once that
    day has come with none held. Where the charter gives conflicting intervals the state follows
    the shortest and is uncertain until the longest has passed too."""
    intervals = sorted(set(every_months))
    if not intervals or intervals[0] <= 0:
        raise InvalidInput("every_months: an organ's cycle is a positive number of months")
    due_on, latest_on = add_months(last_held, intervals[0]), add_months(last_held, intervals[-1])
    if today >= due_on:
        state = DueState.OVERDUE
    elif today >= add_months(due_on, -DUE_NOTICE_MONTHS):
        state = DueState.DUE
    else:
        state = DueState.NOT_DUE
    uncertain = len(intervals) > 1 and today < latest_on
    return Due(state, due_on, latest_on, uncertain)


# --- Calendar views: which meetings sit on a day, month by month ---------------------------


def month_weeks(year: int, month: int) -> list[list[date]]:
    """The weeks (Monday first) that show `month`, days of the neighbouring months included."""
    return Calendar(firstweekday=0).monthdatescalendar(year, month)


def sits_on(first: date, last: date, day: date) -> bool:
    """A meeting of days `first`..`last` (at the venue) sits on `day`."""
    return first <= day <= last


def sits_in_month(first: date, last: date, year: int, month: int) -> bool:
    start = date(year, month, 1)
    return first <= add_months(start, 1) - timedelta(days=1) and last >= start


def parse_month(value: str) -> tuple[int, int]:
    """'2024-12' → (2024, 12), or the refusal naming the field."""
    try:
        year_text, month_text = value.split("-")
        year, month = int(year_text), int(month_text)
        if len(year_text) != 4 or not 1 <= month <= 12:
            raise ValueError(value)
    except ValueError:
        raise InvalidInput(f"month: {value!r} is not a month such as 2024-12") from None
    return year, month
