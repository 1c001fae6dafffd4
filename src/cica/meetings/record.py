"""The historical record of meetings (`data/<organisation>-meetings.toml`), read into values.

Each body's record sits beside the package's data as `<organisation id>-meetings.toml`; a
charter without one (a fictional body) has no historical meetings.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cica.core.errors import InvalidInput
from cica.meetings import rules
from cica.meetings.rules import MeetingStatus, MeetingType, Precision

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class RecordedDocument:
    title: str
    adopted: date | None
    sources: tuple[str, ...]
    certainty: str
    note: str | None


@dataclass(frozen=True)
class RecordedMeeting:
    uid: str
    organ: str
    kind: MeetingType
    ordinal: int | None
    starts_at: datetime
    ends_at: datetime
    precision: Precision
    online: bool
    time_zone: str | None
    city: dict[str, str] | None
    host: str | None
    chair: str | None
    status: MeetingStatus
    certainty: str
    note: str | None
    sources: tuple[str, ...]
    documents: tuple[RecordedDocument, ...]


def path_for(organisation: str) -> Path:
    return DATA / f"{organisation}-meetings.toml"


def load(organisation: str, seat_zone: str) -> tuple[RecordedMeeting, ...]:
    """The record of `organisation`'s meetings, or none if it has no record file."""
    path = path_for(organisation)
    if not path.is_file():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if data.get("organisation") != organisation:
        raise InvalidInput(
            f"{path.name}: the record is of {data.get('organisation')!r}, not {organisation!r}"
        )
    cities: dict[str, Any] = data.get("cities", {})
    return tuple(
        _meeting(item, cities, seat_zone, index) for index, item in enumerate(data.get("meetings", []))
    )


def _meeting(item: dict[str, Any], cities: dict[str, Any], seat_zone: str, index: int) -> RecordedMeeting:
    where = f"meetings[{index}]"
    online = bool(item.get("online", False))
    city = cities[item["city"]] if "city" in item else None
    zone_name: str | None = city["zone"] if city else None
    rules.check_venue(item.get("city"), zone_name, online)
    zone = rules.venue_zone(zone_name, seat_zone)
    if "month" in item:
        year, month = (int(part) for part in str(item["month"]).split("-"))
        starts_at, ends_at = rules.month_span(year, month, zone)
        precision = Precision.MONTH
    else:
        first = date.fromisoformat(item["from"])
        starts_at, ends_at = rules.days_span(first, date.fromisoformat(item.get("to", item["from"])), zone)
        precision = Precision.DAY
    try:
        kind = MeetingType(item["kind"])
        status = MeetingStatus(item.get("status", "held"))
    except ValueError as error:
        raise InvalidInput(f"{where}: {error}") from None
    return RecordedMeeting(
        uid=item["uid"],
        organ=item["organ"],
        kind=kind,
        ordinal=item.get("ordinal"),
        starts_at=starts_at,
        ends_at=ends_at,
        precision=precision,
        online=online,
        time_zone=zone_name,
        city=dict(city["name"]) if city else None,
        host=item.get("host"),
        chair=item.get("chair"),
        status=status,
        certainty=item.get("certainty", "confirmed"),
        note=item.get("note"),
        sources=tuple(item.get("source", ())),
        documents=tuple(
            RecordedDocument(
                title=document["title"],
                adopted=date.fromisoformat(document["adopted"]) if "adopted" in document else None,
                sources=tuple(document.get("source", ())),
                certainty=document.get("certainty", "confirmed"),
                note=document.get("note"),
            )
            for document in item.get("documents", [])
        ),
    )
