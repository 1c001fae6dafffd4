"""Reading a meeting's schedule as people type it (CLI options, API bodies, page forms).

A start or end is a day (`2026-10-12`: whole days at the venue) or a local time at the venue
(`2026-10-12T10:00`); an explicit offset (`…+05:00`, `…Z`) is taken as that instant.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from cica.core.errors import InvalidInput
from cica.meetings import rules
from cica.meetings.operations import Schedule
from cica.meetings.rules import MeetingType


def parse_kind(value: str) -> MeetingType:
    try:
        return MeetingType(value)
    except ValueError:
        choices = ", ".join(kind.value for kind in MeetingType)
        raise InvalidInput(f"kind: {value!r} is not a meeting type ({choices})") from None


def _moment(value: str, field: str) -> tuple[datetime | date, bool]:
    text = value.strip()
    try:
        if "T" not in text and " " not in text:
            return date.fromisoformat(text), True
        return datetime.fromisoformat(text), False
    except ValueError:
        raise InvalidInput(
            f"{field}: {value!r} is neither a day (YYYY-MM-DD) nor a time (YYYY-MM-DDTHH:MM)"
        ) from None


def plan(
    *,
    organ: str,
    kind: str,
    starts: str,
    ends: str | None,
    time_zone: str | None,
    seat_zone: str,
    online: bool = False,
    city: str | Mapping[str, str] | None = None,
    host: str | None = None,
    chair: str | None = None,
    ordinal: int | None = None,
    note: str | None = None,
) -> Schedule:
    """A `Schedule` from typed values; bad input is refused naming its field."""
    zone_name = time_zone.strip() if time_zone else None
    zone = rules.venue_zone(zone_name, seat_zone)
    start, start_is_day = _moment(starts, "starts_at")
    end, end_is_day = _moment(ends, "ends_at") if ends else (start, start_is_day)
    if start_is_day != end_is_day:
        raise InvalidInput("ends_at: give the start and the end both as days or both as times")
    if isinstance(start, datetime) and isinstance(end, datetime):
        starts_at = (start if start.tzinfo else start.replace(tzinfo=zone)).astimezone(UTC)
        ends_at = (end if end.tzinfo else end.replace(tzinfo=zone)).astimezone(UTC)
        if not ends:
            raise InvalidInput("ends_at: a meeting with hours needs an end")
        all_day = False
    else:
        assert isinstance(start, date) and isinstance(end, date)
        if end < start:
            raise InvalidInput("ends_at: a meeting ends after it starts")
        starts_at, ends_at = rules.days_span(start, end, zone)
        all_day = True
    rules.check_span(starts_at, ends_at)
    names = (
        {"en": city}
        if isinstance(city, str) and city.strip()
        else dict(city)
        if isinstance(city, Mapping)
        else None
    )
    return Schedule(
        organ=organ.strip(),
        kind=parse_kind(kind),
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=None if online else zone_name,
        online=online,
        city=names,
        host=host.strip().upper() if host and host.strip() else None,
        chair=chair.strip().upper() if chair and chair.strip() else None,
        ordinal=ordinal,
        all_day=all_day,
        note=note.strip() if note and note.strip() else None,
    )


def span_days(starts_at: datetime, ends_at: datetime) -> timedelta:
    return ends_at - starts_at
