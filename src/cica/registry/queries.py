"""Read side of the registry: who belonged, who chaired, what the organs were called, on a day.

The result models are the JSON shapes shared by the CLI (`--format json`) and the API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from cica.core import clock
from cica.core.errors import NotFound
from cica.registry import rules, snapshot
from cica.registry.collation import sort_key
from cica.registry.rules import KindFilter
from cica.registry.snapshot import RegistrySnapshot, SnapshotKey, localized


class SourceRef(BaseModel):
    id: str
    title: str
    url: str | None = None


class MemberItem(BaseModel):
    code: str
    name: str
    type: str
    kind: str
    category: str
    since: str | None
    since_precision: str | None
    until: str | None = None
    certainty: str
    note: str | None = None
    source: str
    sources: list[SourceRef]


class MembersResult(BaseModel):
    on: date
    kind: KindFilter
    count: int
    items: list[MemberItem]


class ChairResult(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    on: date
    code: str | None
    name: str | None
    from_: str | None = Field(alias="from")
    to: str | None
    certainty: str | None = None
    note: str | None = None
    source: str
    sources: list[SourceRef]


class OrganItem(BaseModel):
    id: str
    name: str
    abbreviation: str | None
    kind: str
    rank: int
    periodicity: str | None
    adopts: list[str]
    recommends: list[str]
    forwards_to: list[str]
    source: str


class OrgansResult(BaseModel):
    on: date
    items: list[OrganItem]


class OrganisationInfo(BaseModel):
    id: str
    name: str
    abbreviation: str
    description: str | None
    time_zone: str
    seat: str | None


class Accession(BaseModel):
    code: str
    kind: str
    since: date


def version(session: Session) -> SnapshotKey:
    """The registry's version (the charter's digest and generation): every registry answer is a
    function of it (and of the day and the language asked), so it versions them."""
    return snapshot.current(session).key


def _source_refs(record: RegistrySnapshot, ids: Sequence[str]) -> list[SourceRef]:
    known: Mapping[str, Any] = record.document.get("sources", {})
    return [
        SourceRef(
            id=source_id,
            title=known.get(source_id, {}).get("title", ""),
            url=known.get(source_id, {}).get("url"),
        )
        for source_id in ids
    ]


def participant_names(session: Session, day: date, lang: str) -> Mapping[str, str]:
    """Every participant's name in `lang` on `day`: the charter's dated name, else ISO's."""
    return snapshot.current(session).participant_names(day, lang)


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def seat_zone(session: Session) -> ZoneInfo:
    """The time zone of the body's seat (the charter's); UTC while no charter is loaded."""
    try:
        registry = snapshot.current(session)
    except NotFound:
        return _zone("UTC")
    return _zone(registry.document.get("organisation", {}).get("time_zone") or "UTC")


def seat_today(session: Session) -> date:
    """Today at the seat, by the clock of this unit of work: the day every as-of default means."""
    return clock.day_at(clock.now(session), seat_zone(session))


def next_seat_day(session: Session) -> datetime:
    """The instant (UTC) the next day begins at the seat: until then, "today" means the same day,
    so an answer about today holds until it (`core.answers.keep_answer`)."""
    zone = seat_zone(session)
    tomorrow = clock.day_at(clock.now(session), zone) + timedelta(days=1)
    return datetime.combine(tomorrow, time(), zone).astimezone(UTC)


def organisation(session: Session, lang: str) -> OrganisationInfo:
    document = snapshot.current(session).document["organisation"]
    return OrganisationInfo(
        id=document["id"],
        name=localized(document["name"], lang) or document["id"],
        abbreviation=localized(document["abbreviation"], lang) or document["id"],
        description=localized(document.get("description", {}), lang),
        time_zone=document["time_zone"],
        seat=localized(document.get("seat", {}), lang),
    )


KIND_ORDER = {"member": 0, "observer": 1, "partner": 2}


def members_on(session: Session, day: date, kind: KindFilter = "member", lang: str = "en") -> MembersResult:
    """Who belonged on `day`, members first, in name order. The answer is kept with the snapshot:
    callers share it and must not change it."""
    return members_on_snapshot(snapshot.current(session), day, kind, lang)


def _members_on(record: RegistrySnapshot, day: date, kind: KindFilter, lang: str) -> MembersResult:
    if kind != "all":
        # The day's full list, filtered: every kind's list on a page comes from one computation.
        everyone = members_on_snapshot(record, day, "all", lang).items
        items = [item for item in everyone if item.kind == kind]
        return MembersResult(on=day, kind=kind, count=len(items), items=items)
    statuses = rules.statuses_of_kind(record.statuses, day, kind)
    names = record.participant_names(day, lang)
    items = [
        MemberItem(
            code=status.participant_code,
            name=names[status.participant_code],
            type=record.participants[status.participant_code].type,
            kind=status.kind,
            category=status.category_id,
            since=str(status.since_partial) if status.since_partial else None,
            since_precision=status.since_precision,
            until=str(status.until_partial) if status.until_partial else None,
            certainty=status.certainty,
            note=status.note,
            source=", ".join(status.sources),
            sources=_source_refs(record, status.sources),
        )
        for status in statuses
    ]
    items.sort(key=lambda item: (KIND_ORDER.get(item.kind, 3), sort_key(item.name, lang)))
    return MembersResult(on=day, kind=kind, count=len(items), items=items)


def members_on_snapshot(record: RegistrySnapshot, day: date, kind: KindFilter, lang: str) -> MembersResult:
    return record.memo(("members", day, kind, lang), lambda: _members_on(record, day, kind, lang))


def chair_on(session: Session, day: date, lang: str = "en") -> ChairResult:
    record = snapshot.current(session)
    term = record.chair_term_on(day)
    if term is None:
        return ChairResult(on=day, code=None, name=None, from_=None, to=None, source="", sources=[])
    return ChairResult(
        on=day,
        code=term.participant_code,
        name=record.participant_names(day, lang)[term.participant_code],
        from_=str(term.since_partial) if term.since_partial else None,
        to=str(term.until_partial) if term.until_partial else None,
        certainty=term.certainty,
        note=term.note,
        source=", ".join(term.sources),
        sources=_source_refs(record, term.sources),
    )


def organs_on(session: Session, day: date, lang: str = "en") -> OrgansResult:
    record = snapshot.current(session)
    items = [
        OrganItem(
            id=organ.id,
            name=rules.name_on(organ.names, lang, day) or organ.id,
            # Only an abbreviation the charter gives in this language: an English one (SOC) on a
            # Russian page is no abbreviation to its reader, the full name stands alone instead.
            abbreviation=organ.abbreviation.get(lang),
            kind=organ.kind,
            rank=organ.rank,
            periodicity=localized(organ.periodicity, lang),
            adopts=list(organ.adopts),
            recommends=list(organ.recommends),
            forwards_to=list(organ.forwards_to),
            source=", ".join(organ.sources),
        )
        for organ in record.organs
    ]
    return OrgansResult(on=day, items=items)


def accessions(session: Session) -> list[Accession]:
    """Every dated admission, oldest first: the data behind the accessions plot."""
    statuses = snapshot.current(session).statuses
    found = [Accession(code=s.participant_code, kind=s.kind, since=s.since) for s in statuses if s.since]
    return sorted(found, key=lambda a: (a.since, a.code))
