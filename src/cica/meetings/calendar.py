"""The iCalendar feeds (RFC 5545, built with the `icalendar` library) of the meetings.

Each meeting is one VEVENT: its UID never changes, SEQUENCE is the meeting's (bumped by every
change), a cancelled meeting stays as STATUS:CANCELLED so subscribed calendars remove it
instead of keeping a stale copy, DTSTART/DTEND are in the venue's zone with its VTIMEZONE, and
URL is the meeting's page. Names are in the requested language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from cica.meetings.queries import MeetingItem
from cica.meetings.rules import MeetingStatus, Precision

STATUS = {
    MeetingStatus.PLANNED: "TENTATIVE",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def feed(items: Sequence[MeetingItem], *, name: str, base_url: str, seat_zone: str, stamp: datetime) -> bytes:
    # Imported here: only a feed request needs the library, not every worker at start.
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//cica//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in items:
        zone = ZoneInfo(item.time_zone or seat_zone)
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("last-modified", item.updated_at)
        event.add("sequence", item.sequence)
        event.add("summary", item.title)
        event.add("dtstart", item.starts_at.astimezone(zone))
        event.add("dtend", item.ends_at.astimezone(zone))
        event.add("status", STATUS[item.status])
        event.add("url", f"{base_url.rstrip('/')}/meetings/{item.id}")
        event.add("location", item.city or "online")
        lines = [item.dates]
        if item.host:
            lines.append(f"{item.host.code}: {item.host.name}")
        if item.chair:
            lines.append(f"{item.chair.code}: {item.chair.name}")
        if item.note:
            lines.append(item.note)
        event.add("description", "\n".join(lines))
        event.add("categories", [item.organ, item.kind.value])
        if item.precision is Precision.MONTH:
            # Known to the month only: clients show the month's span; this says why.
            event.add("x-cica-date-precision", "month")
        calendar.add_component(event)
    calendar["x-wr-caldesc"] = name
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data
