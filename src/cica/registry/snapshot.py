"""The registry as an immutable in-memory snapshot: the charter and its tables as frozen values.

The registry changes only when a charter is loaded, and `apply_charter` then bumps
`charter.generation` in the same transaction. A unit of work asks `current(session)` once: one
read of the one-row `charter` table (digest, generation); the snapshot for that key is built once
per process and shared read-only by every request, so "on this day" questions (who belonged, who
chaired, names in every language, categories) cost no SQL. Another process's load is seen at the
next unit of work, since each compares the key again.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, SessionTransaction

from cica.core.errors import NotFound
from cica.registry import rules
from cica.registry.countries import country_name
from cica.registry.models import (
    Category,
    ChairTerm,
    CharterRecord,
    DatedFact,
    Organ,
    OrganName,
    Participant,
    ParticipantName,
    ParticipantStatus,
)

SnapshotKey = tuple[str, int]  # the charter's digest and generation
T = TypeVar("T")


@dataclass(frozen=True)
class DatedValue(DatedFact):
    since: date | None
    since_precision: str | None
    until: date | None
    until_precision: str | None
    sources: tuple[str, ...]
    certainty: str
    note: str | None


@dataclass(frozen=True)
class CategoryValue:
    id: str
    kind: str
    applies_to: str
    name: Mapping[str, str]
    may_attend: bool
    may_speak: bool
    may_propose: bool
    may_object: bool
    may_break_silence: bool


@dataclass(frozen=True)
class ParticipantValue:
    code: str
    type: str
    name: Mapping[str, str]
    abbreviation: Mapping[str, str]


@dataclass(frozen=True)
class StatusValue(DatedValue):
    participant_code: str
    category_id: str
    kind: str
    instrument: str | None


@dataclass(frozen=True)
class NameValue(DatedValue):
    lang: str
    name: str


@dataclass(frozen=True)
class ChairValue(DatedValue):
    participant_code: str


@dataclass(frozen=True)
class OrganValue:
    id: str
    kind: str
    rank: int
    abbreviation: Mapping[str, str]
    periodicity: Mapping[str, str]
    adopts: tuple[str, ...]
    recommends: tuple[str, ...]
    forwards_to: tuple[str, ...]
    sources: tuple[str, ...]
    names: tuple[NameValue, ...]


# Answers kept per snapshot (per day and language): bounded, as a long-lived process is asked
# about many days.
MEMO_LIMIT = 512


@dataclass(frozen=True)
class RegistrySnapshot:
    """What the registry holds under one charter generation; nothing here changes after loading."""

    key: SnapshotKey
    document: Mapping[str, Any]  # the charter's canonical JSON: treat as read-only
    categories: Mapping[str, CategoryValue]
    participants: Mapping[str, ParticipantValue]
    statuses: tuple[StatusValue, ...]
    statuses_of: Mapping[str, tuple[StatusValue, ...]]
    names_of: Mapping[str, tuple[NameValue, ...]]
    organs: tuple[OrganValue, ...]  # by rank, then id
    chair_terms: tuple[ChairValue, ...]
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def digest(self) -> str:
        return self.key[0]

    def memo(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """`compute()`, once per key: a day's answer under one charter never changes. Two threads
        may compute the same answer at once; both are equal, so either may stay."""
        try:
            found: T = self._memo[key]
            return found
        except KeyError:
            pass
        value = compute()
        if len(self._memo) >= MEMO_LIMIT:
            self._memo.clear()
        self._memo[key] = value
        return value

    def category_on(self, code: str, day: date) -> CategoryValue | None:
        """The category `code` belongs to on `day`, or None if it is not a participant then."""
        current = rules.in_force(self.statuses_of.get(code, ()), day)
        return self.categories.get(current[0].category_id) if current else None

    def chair_term_on(self, day: date) -> ChairValue | None:
        return rules.one_in_force(self.chair_terms, day)

    def chair_code_on(self, day: date) -> str | None:
        term = self.chair_term_on(day)
        return term.participant_code if term is not None else None

    def participant_names(self, day: date, lang: str) -> Mapping[str, str]:
        """Every participant's name in `lang` on `day`: the charter's dated name, else ISO's."""
        return self.memo(("names", day, lang), lambda: MappingProxyType(self._names(day, lang)))

    def _names(self, day: date, lang: str) -> dict[str, str]:
        names = {}
        for participant in self.participants.values():
            dated = self.names_of.get(participant.code, ())
            # The charter's name in this language, then ISO's in this language, then the charter's
            # English name: a Russian page should not show an English override over a Russian name.
            names[participant.code] = (
                rules.name_on(dated, lang, day, fallback=None)
                or (country_name(participant.code, lang) if participant.type == "state" else None)
                or localized(participant.name, lang)
                or rules.name_on(dated, "en", day, fallback=None)
                or participant.code
            )
        return names


def localized(values: Mapping[str, str], lang: str) -> str | None:
    return values.get(lang) or values.get("en") or next(iter(values.values()), None)


_snapshots: dict[SnapshotKey, RegistrySnapshot] = {}
_building = threading.Lock()
# Session.info key: (the transaction it was read in, the snapshot).
_SESSION_KEY = "cica_registry_snapshot"
KEEP = 4  # one body per database; a few keys cover a process serving tests or reloading charters


def current(session: Session) -> RegistrySnapshot:
    """The snapshot of the charter this database holds now: one tiny read per transaction."""
    held: tuple[SessionTransaction, RegistrySnapshot] | None = session.info.get(_SESSION_KEY)
    transaction = session.get_transaction()
    if held is not None and transaction is not None and held[0] is transaction:
        return held[1]
    row = session.execute(select(CharterRecord.digest, CharterRecord.generation)).first()
    if row is None:
        raise NotFound("no charter is loaded in this database; run `cica init` first")
    key: SnapshotKey = (row.digest, row.generation)
    snapshot = _snapshots.get(key)
    if snapshot is None:
        with _building:
            snapshot = _snapshots.get(key)
            if snapshot is None:
                snapshot = _load(session, key)
                if len(_snapshots) >= KEEP:
                    _snapshots.clear()
                _snapshots[key] = snapshot
    session.info[_SESSION_KEY] = (session.get_transaction(), snapshot)
    return snapshot


def forget(session: Session) -> None:
    """After a charter load in this unit of work: its next question reads the key again."""
    session.info.pop(_SESSION_KEY, None)


def _dated(row: Any) -> dict[str, Any]:
    return {
        "since": row.since,
        "since_precision": row.since_precision,
        "until": row.until,
        "until_precision": row.until_precision,
        "sources": tuple(row.sources or ()),
        "certainty": row.certainty,
        "note": row.note,
    }


def _frozen(values: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(values or {}))


def _load(session: Session, key: SnapshotKey) -> RegistrySnapshot:
    document = session.scalar(select(CharterRecord.document).where(CharterRecord.digest == key[0]))
    categories = {
        c.id: CategoryValue(
            c.id,
            c.kind,
            c.applies_to,
            _frozen(c.name),
            c.may_attend,
            c.may_speak,
            c.may_propose,
            c.may_object,
            c.may_break_silence,
        )
        for c in session.scalars(select(Category).order_by(Category.id))
    }
    participants = {
        p.code: ParticipantValue(p.code, p.type, _frozen(p.name), _frozen(p.abbreviation))
        for p in session.scalars(select(Participant).order_by(Participant.code))
    }
    statuses = tuple(
        StatusValue(
            **_dated(s),
            participant_code=s.participant_code,
            category_id=s.category_id,
            kind=s.kind,
            instrument=s.instrument,
        )
        for s in session.scalars(select(ParticipantStatus).order_by(ParticipantStatus.id))
    )
    statuses_of: dict[str, list[StatusValue]] = defaultdict(list)
    for status in statuses:
        statuses_of[status.participant_code].append(status)
    names_of: dict[str, list[NameValue]] = defaultdict(list)
    for name in session.scalars(select(ParticipantName).order_by(ParticipantName.id)):
        names_of[name.participant_code].append(NameValue(**_dated(name), lang=name.lang, name=name.name))
    organ_names: dict[str, list[NameValue]] = defaultdict(list)
    for organ_name in session.scalars(select(OrganName).order_by(OrganName.id)):
        organ_names[organ_name.organ_id].append(
            NameValue(**_dated(organ_name), lang=organ_name.lang, name=organ_name.name)
        )
    organs = tuple(
        OrganValue(
            o.id,
            o.kind,
            o.rank,
            _frozen(o.abbreviation),
            _frozen(o.periodicity),
            tuple(o.adopts),
            tuple(o.recommends),
            tuple(o.forwards_to),
            tuple(o.sources),
            tuple(organ_names[o.id]),
        )
        for o in session.scalars(select(Organ).order_by(Organ.rank, Organ.id))
    )
    chair_terms = tuple(
        ChairValue(**_dated(t), participant_code=t.participant_code)
        for t in session.scalars(select(ChairTerm).order_by(ChairTerm.id))
    )
    return RegistrySnapshot(
        key=key,
        document=document or {},
        categories=MappingProxyType(categories),
        participants=MappingProxyType(participants),
        statuses=statuses,
        statuses_of=MappingProxyType({code: tuple(found) for code, found in statuses_of.items()}),
        names_of=MappingProxyType({code: tuple(found) for code, found in names_of.items()}),
        organs=organs,
        chair_terms=chair_terms,
    )
