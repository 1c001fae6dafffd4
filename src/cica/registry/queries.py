"""Read side of the registry: who belonged, who chaired, what the organs were called, on a day.

The result models are the JSON shapes shared by the CLI (`--format json`) and the API.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.core import clock
from cica.core.errors import NotFound
from cica.registry import rules
from cica.registry.collation import sort_key
from cica.registry.countries import country_name
from cica.registry.models import (
    ChairTerm,
    CharterRecord,
    Organ,
    OrganName,
    Participant,
    ParticipantName,
    ParticipantStatus,
)
from cica.registry.rules import KindFilter


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


def _charter(session: Session) -> CharterDocument:
    digest = session.scalar(select(CharterRecord.digest))
    if digest is None:
        raise NotFound("no charter is loaded in this database; run `cica init` first")
    return _document(session, digest)


@dataclass(frozen=True)
class CharterDocument:
    """The loaded charter's JSON, shared read-only between requests until the charter changes."""

    digest: str
    document: dict[str, Any]


_documents: dict[str, CharterDocument] = {}


def _document(session: Session, digest: str) -> CharterDocument:
    # The document is large and changes only when a charter is loaded: keep one per digest.
    if digest not in _documents:
        document = session.scalar(select(CharterRecord.document).where(CharterRecord.digest == digest))
        _documents.clear()
        _documents[digest] = CharterDocument(digest, document or {})
    return _documents[digest]


def _localized(values: dict[str, str], lang: str) -> str | None:
    return values.get(lang) or values.get("en") or next(iter(values.values()), None)


def _source_refs(record: CharterDocument, ids: list[str]) -> list[SourceRef]:
    known: dict[str, Any] = record.document.get("sources", {})
    return [
        SourceRef(
            id=source_id,
            title=known.get(source_id, {}).get("title", ""),
            url=known.get(source_id, {}).get("url"),
        )
        for source_id in ids
    ]


def participant_names(session: Session, day: date, lang: str) -> dict[str, str]:
    """Every participant's name in `lang` on `day`: the charter's dated name, else ISO's."""
    dated: dict[str, list[ParticipantName]] = defaultdict(list)
    for name in session.scalars(select(ParticipantName)):
        dated[name.participant_code].append(name)
    names = {}
    for participant in session.scalars(select(Participant)):
        # The charter's name in this language, then ISO's in this language, then the charter's
        # English name: a Russian page should not show an English override over a Russian name.
        names[participant.code] = (
            rules.name_on(dated[participant.code], lang, day, fallback=None)
            or (country_name(participant.code, lang) if participant.type == "state" else None)
            or _localized(participant.name, lang)
            or rules.name_on(dated[participant.code], "en", day, fallback=None)
            or participant.code
        )
    return names


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def seat_zone(session: Session) -> ZoneInfo:
    """The time zone of the body's seat (the charter's); UTC while no charter is loaded."""
    name = session.scalar(select(CharterRecord.document["organisation"]["time_zone"].as_string()))
    return _zone(name or "UTC")


def seat_today(session: Session) -> date:
    """Today at the seat, by the clock of this unit of work: the day every as-of default means."""
    return clock.day_at(clock.now(session), seat_zone(session))


def organisation(session: Session, lang: str) -> OrganisationInfo:
    document = _charter(session).document["organisation"]
    return OrganisationInfo(
        id=document["id"],
        name=_localized(document["name"], lang) or document["id"],
        abbreviation=_localized(document["abbreviation"], lang) or document["id"],
        description=_localized(document.get("description", {}), lang),
        time_zone=document["time_zone"],
        seat=_localized(document.get("seat", {}), lang),
    )


def members_on(session: Session, day: date, kind: KindFilter = "member", lang: str = "en") -> MembersResult:
    record = _charter(session)
    participants = {p.code: p for p in session.scalars(select(Participant))}
    statuses = rules.statuses_of_kind(session.scalars(select(ParticipantStatus)).all(), day, kind)
    names = participant_names(session, day, lang)
    items = [
        MemberItem(
            code=status.participant_code,
            name=names[status.participant_code],
            type=participants[status.participant_code].type,
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
    kind_order = {"member": 0, "observer": 1, "partner": 2}
    items.sort(key=lambda item: (kind_order.get(item.kind, 3), sort_key(item.name, lang)))
    return MembersResult(on=day, kind=kind, count=len(items), items=items)


def chair_on(session: Session, day: date, lang: str = "en") -> ChairResult:
    record = _charter(session)
    term = rules.one_in_force(session.scalars(select(ChairTerm)).all(), day)
    if term is None:
        return ChairResult(on=day, code=None, name=None, from_=None, to=None, source="", sources=[])
    return ChairResult(
        on=day,
        code=term.participant_code,
        name=participant_names(session, day, lang)[term.participant_code],
        from_=str(term.since_partial) if term.since_partial else None,
        to=str(term.until_partial) if term.until_partial else None,
        certainty=term.certainty,
        note=term.note,
        source=", ".join(term.sources),
        sources=_source_refs(record, term.sources),
    )


def organs_on(session: Session, day: date, lang: str = "en") -> OrgansResult:
    _charter(session)
    names: dict[str, list[OrganName]] = defaultdict(list)
    for name in session.scalars(select(OrganName)):
        names[name.organ_id].append(name)
    items = [
        OrganItem(
            id=organ.id,
            name=rules.name_on(names[organ.id], lang, day) or organ.id,
            abbreviation=_localized(organ.abbreviation, lang),
            kind=organ.kind,
            rank=organ.rank,
            periodicity=_localized(organ.periodicity, lang),
            adopts=organ.adopts,
            recommends=organ.recommends,
            forwards_to=organ.forwards_to,
            source=", ".join(organ.sources),
        )
        for organ in session.scalars(select(Organ).order_by(Organ.rank, Organ.id))
    ]
    return OrgansResult(on=day, items=items)


def accessions(session: Session) -> list[Accession]:
    """Every dated admission, oldest first: the data behind the accessions plot."""
    statuses = session.scalars(select(ParticipantStatus).where(ParticipantStatus.since.is_not(None))).all()
    found = [Accession(code=s.participant_code, kind=s.kind, since=s.since) for s in statuses if s.since]
    return sorted(found, key=lambda a: (a.since, a.code))
