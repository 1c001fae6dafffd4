"""The hash chain of the audit trail. Pure: canonical JSON, hashing, verification of a sequence.

Each entry's hash is HMAC-SHA-256(chain key, previous entry's hash || canonical JSON of the
entry), the key kept outside the database (`audit.keys`), so that whoever controls the database
cannot rewrite an entry and recompute the hashes after it. Entries written before the key existed
(sequence numbers below `keyed_from`, recorded in the chain's head and in the key file) keep the
plain SHA-256 of the same bytes. Because the sequence number is part of what is hashed and
numbers run 1, 2, 3, … without gaps, an edited entry fails its own hash, a deleted one leaves a
gap, an inserted or moved one breaks the link to its predecessor, and a removed or added last
entry disagrees with the recorded head. Keyed entries also carry the digests of the content they
record (`audit.content`), covered by the same hash.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import orjson

GENESIS = "0" * 64


class Scheme(StrEnum):
    """How an entry's hash is made."""

    SHA256 = "sha256"  # before the chain key existed (migration 0004a records where it ends)
    HMAC_SHA256 = "hmac-sha256"


# (object reference such as "decision:5", SHA-256 of its canonical content), sorted by reference.
ContentDigests = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class EntryFields:
    """What an entry says; everything here is covered by its hash."""

    seq: int
    at: datetime
    actor_user_id: int | None
    actor_email: str
    role: str
    delegation: str | None
    action: str
    objects: tuple[str, ...]
    summary: str
    outcome: str
    # Only keyed entries carry digests; None keeps the document of an unkeyed entry as it was.
    content: ContentDigests | None = None

    def as_document(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "seq": self.seq,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": {"user_id": self.actor_user_id, "email": self.actor_email},
            "role": self.role,
            "delegation": self.delegation,
            "action": self.action,
            "objects": list(self.objects),
            "summary": self.summary,
            "outcome": self.outcome,
        }
        if self.content is not None:
            document["content"] = {reference: digest for reference, digest in self.content}
        return document


@dataclass(frozen=True)
class StoredEntry:
    fields: EntryFields
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Unreadable:
    """A stored row whose values no longer parse (a byte changed in a date or in the JSON)."""

    seq: int | None
    reason: str


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.reason}"


@dataclass(frozen=True)
class Verdict:
    count: int
    broken: Break | None
    head_hash: str

    @property
    def ok(self) -> bool:
        return self.broken is None


# The form every entry has been hashed in since the first: the standard library's encoder with
# these options. Built once (`json.dumps` with options builds a new one at every call).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(
    document: Any,
    *,
    standard: json.JSONEncoder = _CANONICAL,
    default: Callable[[Any], Any] | None = None,
) -> bytes:
    """The bytes `standard` (sorted keys, no spaces, ensure_ascii=False) writes, by orjson at a
    tenth of the cost: every audited write encodes its entry and the content it vouches for.
    For text, integers, booleans, null, and lists and objects of them (what entries and the
    documents of the content digesters hold: none of them has a float, whose exponent orjson
    would write otherwise), orjson with sorted keys writes exactly those bytes;
    tests/unit/audit/test_chain.py checks it on any such document. `default` turns what else a
    document holds (dates) into those. What orjson refuses (an integer beyond 64 bits, a lone
    surrogate, a key that is not text) is left to `standard`, which answers as it always did."""
    try:
        return orjson.dumps(
            document, default=default, option=orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
        )
    except orjson.JSONEncodeError:
        return standard.encode(document).encode()


def canonical(fields: EntryFields) -> bytes:
    """Sorted keys, no spaces, UTF-8: the one byte string a given entry can be written as."""
    return canonical_json(fields.as_document())


def entry_hash(prev_hash: str, fields: EntryFields, key: bytes | None = None) -> str:
    """Plain SHA-256 without a key (the entries before the key existed), HMAC-SHA-256 with one."""
    message = prev_hash.encode("ascii", "replace") + canonical(fields)
    if key is None:
        return hashlib.sha256(message).hexdigest()
    keyed = _keyed(key).copy()
    keyed.update(message)
    return keyed.hexdigest()


@functools.lru_cache(maxsize=8)
def _keyed(key: bytes) -> hmac.HMAC:
    # HMAC-SHA-256 with the key already taken in, copied for each entry: the same bytes as
    # hmac.digest(key, message, "sha256"), which set OpenSSL's HMAC up afresh at every call and
    # cost an audited write 10 to 20 µs of its ~0.75 ms.
    return hmac.new(key, digestmod=hashlib.sha256)


def seal(fields: EntryFields, prev_hash: str, key: bytes | None = None) -> StoredEntry:
    return StoredEntry(fields, prev_hash, entry_hash(prev_hash, fields, key))


def _scheme_break(item: StoredEntry, keyed_from: int | None, key: bytes | None) -> Break | None:
    seq = item.fields.seq
    if keyed_from is None or seq < keyed_from:
        if item.fields.content is not None:
            return Break(seq, "carries content digests but predates the keyed chain (altered)")
        return None
    if item.fields.content is None:
        return Break(seq, "lacks the content digests every keyed entry carries (altered)")
    if key is None:
        return Break(seq, "is keyed, and the chain key is not available to check it")
    return None


def verify(
    entries: Iterable[StoredEntry | Unreadable],
    head: tuple[int, str] | None = None,
    *,
    key: bytes | None = None,
    keyed_from: int | None = None,
) -> Verdict:
    """Walks the chain in storage order and names the first entry that breaks it.

    `head` is the recorded (last seq, last hash); without it a truncated tail cannot be seen.
    Entries from `keyed_from` on are checked with `key`; those before it (all of them when it is
    None) with plain SHA-256.
    """
    expected, previous, count = 1, GENESIS, 0
    for item in entries:
        if isinstance(item, Unreadable):
            return Verdict(count, Break(item.seq or expected, f"unreadable ({item.reason})"), previous)
        seq = item.fields.seq
        if seq != expected:
            reason = (
                f"missing (deleted): entry {expected - 1} is followed by entry {seq}"
                if seq > expected
                else f"found entry {seq} where entry {expected} belongs (reordered)"
            )
            return Verdict(count, Break(expected, reason), previous)
        if item.prev_hash != previous:
            return Verdict(
                count,
                Break(seq, "does not follow the entry before it (inserted, reordered or edited)"),
                previous,
            )
        scheme_break = _scheme_break(item, keyed_from, key)
        if scheme_break is not None:
            return Verdict(count, scheme_break, previous)
        entry_key = key if keyed_from is not None and seq >= keyed_from else None
        if not hmac.compare_digest(entry_hash(item.prev_hash, item.fields, entry_key), item.hash):
            reason = (
                "its content does not match its hash (edited, or hashed without the chain key)"
                if entry_key
                else "its content does not match its hash (edited)"
            )
            return Verdict(count, Break(seq, reason), previous)
        previous, expected, count = item.hash, expected + 1, count + 1
    if head is not None:
        head_seq, head_hash = head
        if head_seq > count:
            return Verdict(
                count,
                Break(count + 1, f"missing (deleted): the chain's head records {head_seq} entries"),
                previous,
            )
        if head_seq < count:
            return Verdict(
                count, Break(head_seq + 1, "not recorded in the chain's head (inserted)"), previous
            )
        if head_hash != previous:
            return Verdict(
                count, Break(count, "does not match the hash recorded in the chain's head"), previous
            )
    return Verdict(count, None, previous)


# --- Reading stored values ------------------------------------------------------------------


def _timestamp(value: Any) -> datetime:
    # PostgreSQL hands back a datetime; SQLite the text SQLAlchemy wrote (UTC, no zone).
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _objects(value: Any) -> tuple[str, ...]:
    parsed = json.loads(value) if isinstance(value, str | bytes) else value
    if not isinstance(parsed, list) or not all(isinstance(item, str) for item in parsed):
        raise ValueError("objects is not a list of strings")
    return tuple(parsed)


def _optional_int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    return value


def _content(value: Any) -> ContentDigests | None:
    if value is None:
        return None
    parsed = json.loads(value) if isinstance(value, str | bytes) else value
    if not isinstance(parsed, dict) or not all(
        isinstance(reference, str) and isinstance(digest, str) for reference, digest in parsed.items()
    ):
        raise ValueError("content is not a map of object references to digests")
    return tuple(sorted(parsed.items()))


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} is not text")
    return value


def from_row(row: Mapping[str, Any]) -> StoredEntry | Unreadable:
    """An entry from the raw values of a stored row, read without the ORM's conversions, so that
    one unreadable row is reported rather than stopping the walk."""
    raw_seq = row.get("seq")
    seq = raw_seq if isinstance(raw_seq, int) and not isinstance(raw_seq, bool) else None
    try:
        if seq is None:
            raise ValueError(f"sequence number {raw_seq!r} is not a whole number")
        delegation = row["delegation"]
        fields = EntryFields(
            seq=seq,
            at=_timestamp(row["at"]),
            actor_user_id=_optional_int(row["actor_user_id"]),
            actor_email=_text(row["actor_email"], "actor_email"),
            role=_text(row["role"], "role"),
            delegation=None if delegation is None else _text(delegation, "delegation"),
            action=_text(row["action"], "action"),
            objects=_objects(row["objects"]),
            summary=_text(row["summary"], "summary"),
            outcome=_text(row["outcome"], "outcome"),
            content=_content(row.get("content")),
        )
        return StoredEntry(fields, _text(row["prev_hash"], "prev_hash"), _text(row["hash"], "hash"))
    except (ValueError, TypeError, KeyError) as error:
        return Unreadable(seq, str(error))
