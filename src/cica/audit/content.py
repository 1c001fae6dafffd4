"""Content digests: what an audit entry says about the rows it records, so that a row changed
behind the trail's back (a decision's title, a reservation's text) is found by `verify`.

Each capability registers a digester per object kind ("decision", "revision", "participant");
a digester reads the object's current content into a JSON-able document, or None when the row
does not exist. `record` stores the SHA-256 of each named object's document in the entry (covered
by the entry's keyed hash); `verify` recomputes, for every object, the digest of the last entry
that named it and names the rows that no longer match.

A kind may also register a bulk form giving the documents of many objects in a few statements;
a write recording thousands of entries at once reads them all first in `prefetched`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import instance_state

from cica.audit.chain import ContentDigests, canonical_json

T = TypeVar("T")
Digester = Callable[[Session, str], Any]
BulkDigester = Callable[[Session, list[str]], dict[str, Any]]
DIGESTERS: dict[str, Digester] = {}
BULK_DIGESTERS: dict[str, BulkDigester] = {}
_PREFETCHED = "cica.audit.content.prefetched"  # the key of the documents read ahead, in session.info
_CHUNK = 500  # identifiers per bulk call: well under every backend's limit of bound parameters
ABSENT = "absent"  # the digest recorded for an object with no row (e.g. a profile not yet filled in)


def row(session: Session, model: type[T], key: Any) -> T | None:
    """The row of `model` with primary key `key`: from the session's identity map when the write
    just loaded or changed it (the usual case, as `record` follows the change), else read.
    `Session.get` answers the same, but at several times the cost of a dictionary look-up
    (it is an ORM statement's whole setup), and every audited write calls a digester."""
    found = session.identity_map.get((model, (key,), None))
    if found is not None and not instance_state(found).expired:  # expired: get re-reads it
        return found
    return session.get(model, key)


def register(kind: str) -> Callable[[Digester], Digester]:
    """Declares the digester of objects referred to as `kind:<id>`."""

    def add(digester: Digester) -> Digester:
        DIGESTERS[kind] = digester
        return digester

    return add


def register_many(kind: str) -> Callable[[BulkDigester], BulkDigester]:
    """Declares the bulk form of `kind`'s digester: the document of each of many identifiers (None
    for those without a row), exactly as the single form gives it."""

    def add(digester: BulkDigester) -> BulkDigester:
        BULK_DIGESTERS[kind] = digester
        return digester

    return add


@contextmanager
def prefetched(session: Session, objects: Iterable[str]) -> Iterator[None]:
    """Reads ahead, with the bulk forms, the documents of `objects`; `digests` takes each from
    there once. Only within the block, and each only once: a change made later in the session
    is then read afresh rather than served stale."""
    wanted: dict[str, dict[str, None]] = {}
    for reference in objects:
        kind, _, identifier = reference.partition(":")
        if kind in BULK_DIGESTERS and kind in DIGESTERS and identifier:
            wanted.setdefault(kind, {})[identifier] = None
    documents: dict[str, Any] = {}
    for kind, identifiers in wanted.items():
        listed = list(identifiers)
        for start in range(0, len(listed), _CHUNK):
            chunk = listed[start : start + _CHUNK]
            found = BULK_DIGESTERS[kind](session, chunk)
            documents.update((f"{kind}:{identifier}", found.get(identifier)) for identifier in chunk)
    outer = session.info.get(_PREFETCHED)
    session.info[_PREFETCHED] = documents
    try:
        yield
    finally:
        if outer is None:
            session.info.pop(_PREFETCHED, None)
        else:
            session.info[_PREFETCHED] = outer


def _plain(value: Any) -> str:
    # The same instant must give the same bytes whether it was just written or read back.
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be digested")


# The form content has been digested in since the first (`chain.canonical_json` writes its bytes).
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)


def digest_document(document: Any) -> str:
    if document is None:
        return ABSENT
    return hashlib.sha256(canonical_json(document, standard=_ENCODER, default=_plain)).hexdigest()


def _split(reference: str) -> tuple[Digester, str] | None:
    # The capabilities register their digesters when the assembly wires them (cica.capabilities).
    kind, _, identifier = reference.partition(":")
    digester = DIGESTERS.get(kind)
    return (digester, identifier) if digester is not None and identifier else None


def digests(session: Session, objects: Iterable[str]) -> ContentDigests:
    """The digest of every object in `objects` whose kind has a digester, sorted by reference."""
    found: dict[str, str] = {}
    ahead: dict[str, Any] = session.info.get(_PREFETCHED, {})
    for reference in objects:
        split = _split(reference)
        if split is None:
            continue
        if reference in ahead:
            found[reference] = digest_document(ahead.pop(reference))
        else:
            digester, identifier = split
            found[reference] = digest_document(digester(session, identifier))
    return tuple(sorted(found.items()))


@dataclass(frozen=True)
class Mismatch:
    reference: str
    seq: int  # the last entry that recorded the object
    reason: str

    def __str__(self) -> str:
        return f"{self.reference} (recorded by entry {self.seq}): {self.reason}"


def mismatches(session: Session, recorded: dict[str, tuple[int, str]]) -> list[Mismatch]:
    """Recomputes each object's digest and compares it with the one of the last entry naming it."""
    found: list[Mismatch] = []
    for reference, (seq, digest) in sorted(recorded.items(), key=lambda item: item[1][0]):
        split = _split(reference)
        if split is None:
            found.append(Mismatch(reference, seq, "cannot be checked: no digester for its kind"))
            continue
        digester, identifier = split
        current = digest_document(digester(session, identifier))
        if current != digest:
            reason = (
                "its row no longer exists"
                if current == ABSENT
                else "its row no longer matches what was recorded"
            )
            found.append(Mismatch(reference, seq, reason))
    return found
