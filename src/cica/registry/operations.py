"""Writes of the registry: loading a charter into the database, as a diff against what is there.

Loading the same charter again changes nothing; a changed charter changes exactly the rows
that differ. Everything happens in the caller's unit of work (one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import authorize
from cica.audit import operations as audit
from cica.charter.loader import LoadedCharter
from cica.charter.schema import Charter, Dated
from cica.core import clock
from cica.core.db import Base
from cica.core.errors import Conflict
from cica.registry import snapshot
from cica.registry.models import (
    Category,
    ChairTerm,
    CharterRecord,
    Organ,
    OrganName,
    Participant,
    ParticipantName,
    ParticipantStatus,
)

Key = tuple[Any, ...]
# Loading a charter is the system's act unless a caller names another actor (the CLI does).
SYSTEM = Actor.system()


@dataclass(frozen=True)
class TableSpec:
    model: type[Base]
    key: tuple[str, ...]


# Parents before children: inserts go in this order, deletions in the reverse.
TABLES: tuple[TableSpec, ...] = (
    TableSpec(Category, ("id",)),
    TableSpec(Participant, ("code",)),
    TableSpec(Organ, ("id",)),
    TableSpec(ParticipantStatus, ("participant_code", "category_id", "since")),
    TableSpec(ParticipantName, ("participant_code", "lang", "since")),
    TableSpec(OrganName, ("organ_id", "lang", "since")),
    TableSpec(ChairTerm, ("participant_code", "since")),
)


@dataclass
class TableChange:
    table: str
    added: list[Key] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)
    changed: list[Key] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class CharterDiff:
    organisation_id: str
    created: bool
    changes: list[TableChange]

    @property
    def unchanged(self) -> bool:
        return not self.created and not any(self.changes)

    def summary(self) -> str:
        if self.unchanged:
            return f"charter {self.organisation_id!r} unchanged"
        verb = "loaded" if self.created else "updated"
        parts = [
            f"{change.table}: +{len(change.added)} -{len(change.removed)} ~{len(change.changed)}"
            for change in self.changes
            if change
        ]
        return f"charter {self.organisation_id!r} {verb} ({'; '.join(parts)})"


def apply_charter(
    session: Session, loaded: LoadedCharter, *, now: datetime | None = None, actor: Actor = SYSTEM
) -> CharterDiff:
    authorize(session, actor, "charter.load", objects=[f"charter:{loaded.charter.organisation.id}"])
    charter = loaded.charter
    organisation_id = charter.organisation.id
    records = session.scalars(select(CharterRecord)).all()
    others = [r.organisation_id for r in records if r.organisation_id != organisation_id]
    if others:
        raise Conflict(
            f"this database holds the charter of {others[0]!r}; "
            f"a database holds one body, so {organisation_id!r} needs a database of its own"
        )
    record = records[0] if records else None
    if record is not None and record.digest == loaded.digest:
        return CharterDiff(organisation_id, created=False, changes=[])

    desired = desired_rows(charter)
    changes = [TableChange(spec.model.__tablename__) for spec in TABLES]
    plans = [
        _plan(session, spec, desired[spec.model], change)
        for spec, change in zip(TABLES, changes, strict=True)
    ]
    for spec, plan, change in reversed(list(zip(TABLES, plans, changes, strict=True))):
        for row in plan.to_delete:
            session.delete(row)
        try:
            session.flush()
        except IntegrityError:
            # Another capability still refers to a row this charter removes (a delegation's
            # accounts, a draft held by an organ): refuse rather than orphan those records.
            raise Conflict(
                f"the charter removes {spec.model.__tablename__} {', '.join(map(str, change.removed))}, "
                "which other records still refer to (accounts, drafts, decisions); "
                "keep it in the charter with an end date instead"
            ) from None
    for spec, plan in zip(TABLES, plans, strict=True):
        for row, values in plan.to_update:
            for name, value in values.items():
                setattr(row, name, value)
        session.add_all(spec.model(**values) for values in plan.to_insert)
        session.flush()

    document = charter.model_dump(mode="json", by_alias=True)
    if record is None:
        session.add(
            CharterRecord(
                organisation_id=organisation_id,
                digest=loaded.digest,
                document=document,
                source_file=loaded.file,
                loaded_at=now or clock.now(session),
                generation=1,
            )
        )
    else:
        record.digest, record.document = loaded.digest, document
        record.source_file, record.loaded_at = loaded.file, now or clock.now(session)
        # In this transaction: every process holding the old snapshot sees the new key next time.
        record.generation = record.generation + 1
    session.flush()
    snapshot.forget(session)
    diff = CharterDiff(organisation_id, created=record is None, changes=changes)
    audit.record(
        session,
        actor=actor,
        action="charter.load",
        objects=[f"charter:{organisation_id}"],
        # A new digest with no row changed still updated the stored charter document.
        summary=(
            f"{diff.summary() if not diff.unchanged else f'charter {organisation_id!r} document updated'}"
            f" from {loaded.file} (digest {loaded.digest[:12]})"
        ),
        now=now,
    )
    return diff


@dataclass
class _Plan:
    to_insert: list[dict[str, Any]]
    to_update: list[tuple[Any, dict[str, Any]]]
    to_delete: list[Any]


def _plan(session: Session, spec: TableSpec, desired: list[dict[str, Any]], change: TableChange) -> _Plan:
    def key_of(values: dict[str, Any]) -> Key:
        return tuple(values[name] for name in spec.key)

    wanted = {key_of(values): values for values in desired}
    existing = {
        tuple(getattr(row, name) for name in spec.key): row
        for row in session.scalars(select(spec.model)).all()
    }
    plan = _Plan([], [], [])
    for key, row in existing.items():
        if key not in wanted:
            plan.to_delete.append(row)
            change.removed.append(key)
    for key, values in wanted.items():
        if key not in existing:
            plan.to_insert.append(values)
            change.added.append(key)
        elif any(getattr(existing[key], name) != value for name, value in values.items()):
            plan.to_update.append((existing[key], values))
            change.changed.append(key)
    return plan


def _dated(fact: Dated) -> dict[str, Any]:
    return {
        "since": fact.from_.first_day() if fact.from_ else None,
        "since_precision": fact.from_.precision if fact.from_ else None,
        "until": fact.to.first_day() if fact.to else None,
        "until_precision": fact.to.precision if fact.to else None,
        "sources": list(fact.source),
        "certainty": fact.certainty,
        "note": fact.note,
    }


def desired_rows(charter: Charter) -> dict[type[Base], list[dict[str, Any]]]:
    """The rows each registry table should hold for `charter`."""
    kind_of = {category.id: category.kind for category in charter.categories}
    rows: dict[type[Base], list[dict[str, Any]]] = {spec.model: [] for spec in TABLES}
    for category in charter.categories:
        rows[Category].append(category.model_dump())
    for participant in charter.participants:
        rows[Participant].append(
            {
                "code": participant.code,
                "type": participant.type,
                "name": dict(participant.name),
                "abbreviation": dict(participant.abbreviation),
            }
        )
        for status in participant.statuses:
            rows[ParticipantStatus].append(
                {
                    "participant_code": participant.code,
                    "category_id": status.category,
                    "kind": kind_of[status.category],
                    "instrument": status.instrument,
                    **_dated(status),
                }
            )
        for name in participant.names:
            rows[ParticipantName].append(
                {"participant_code": participant.code, "lang": name.lang, "name": name.name, **_dated(name)}
            )
    for organ in charter.organs:
        rows[Organ].append(
            {
                "id": organ.id,
                "kind": organ.kind,
                "rank": organ.rank,
                "abbreviation": dict(organ.abbreviation),
                "periodicity": dict(organ.periodicity),
                "composition": list(organ.composition),
                "adopts": list(organ.adopts),
                "recommends": list(organ.recommends),
                "forwards_to": list(organ.forwards_to),
                "sources": list(organ.source),
                "certainty": organ.certainty,
                "note": organ.note,
            }
        )
        for name in organ.names:
            rows[OrganName].append(
                {"organ_id": organ.id, "lang": name.lang, "name": name.name, **_dated(name)}
            )
    for term in charter.chairmanships:
        rows[ChairTerm].append({"participant_code": term.participant, **_dated(term)})
    return rows
