"""Reading the audit trail: filtered pages for the Secretariat, exports, and verification."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, TypeAdapter
from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import authorize
from cica.audit import chain, checkpoints, content, triggers
from cica.audit.keys import CHAIN_KEY_FILE, of_session
from cica.audit.models import AuditEntry, AuditHead
from cica.core import clock, paging, search
from cica.core.errors import Conflict, NotFound
from cica.core.output import csv_lines
from cica.core.paging import PageLinks

Outcome = Literal["ok", "denied"]
ExportFormat = Literal["jsonl", "csv"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv")
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class AuditItem(BaseModel):
    seq: int
    at: datetime
    actor_user_id: int | None
    actor_email: str
    role: str
    delegation: str | None
    action: str
    objects: list[str]
    summary: str
    outcome: str
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditItem:
        return cls.model_validate(entry, from_attributes=True)


class AuditFilter(BaseModel):
    """Filters of the audit page, API and export; every one optional."""

    action: str | None = None  # exact action, or a prefix ending in "." such as "users."
    actor: str | None = None  # part of the actor's e-mail
    delegation: str | None = None
    outcome: Outcome | None = None
    since: date | None = None  # from the start of this day (UTC)
    until: date | None = None  # to the end of this day (UTC)
    q: str | None = None  # words of the summary


class AuditList(BaseModel):
    items: list[AuditItem]
    # Pass as `before` to get the next (older) page; None on the last page.
    next_before: int | None
    page: PageLinks


class VerifyResult(BaseModel):
    ok: bool
    count: int
    # The first entry that breaks the chain, if one does (the walk stops there).
    broken_seq: int | None
    reason: str | None
    head_hash: str
    # Every problem found, one per line: the chain, recorded content, checkpoints, triggers.
    problems: list[str] = []
    # The instance's published Ed25519 key, which checkpoint receipts are signed with.
    public_key: str | None = None

    @property
    def message(self) -> str:
        if self.ok:
            return f"OK {self.count} entries, head {self.head_hash}"
        return "\n".join(f"BROKEN {problem}" for problem in self.problems)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


QueryT = TypeVar("QueryT", bound=Select[Any])


def _filtered(query: QueryT, filters: AuditFilter) -> QueryT:
    if filters.action:
        if filters.action.endswith("."):
            query = query.where(AuditEntry.action.startswith(filters.action, autoescape=True))
        else:
            query = query.where(AuditEntry.action == filters.action)
    if filters.actor:
        query = query.where(AuditEntry.actor_email.contains(filters.actor.strip().lower(), autoescape=True))
    if filters.delegation:
        query = query.where(AuditEntry.delegation == filters.delegation.strip().upper())
    if filters.outcome:
        query = query.where(AuditEntry.outcome == filters.outcome)
    if filters.since:
        query = query.where(AuditEntry.at >= _day_start(filters.since))
    if filters.until:
        query = query.where(AuditEntry.at < _day_start(filters.until + timedelta(days=1)))
    found = search.words(filters.q)
    if found:
        query = query.where(*(AuditEntry.folded.contains(word, autoescape=True) for word in found))
    return query


AUDIT_ORDER = paging.Keyset("audit", (AuditEntry.seq,), (int,), max_limit=MAX_PAGE_SIZE)
# Only the columns a listed entry shows, as plain rows: loading whole entries (their content
# digests and folded summary decoded, each one an ORM object) made a page cost in proportion to
# everything stored, and a page of 100 entries twice what a page of 50 did.
LISTED_COLUMNS = tuple(getattr(AuditEntry, name) for name in AuditItem.model_fields)
LISTED_ITEMS = TypeAdapter(list[AuditItem])


def entries(
    session: Session,
    filters: AuditFilter,
    *,
    before: int | None = None,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
    actor: Actor,
) -> AuditList:
    """Newest first, `limit` at a time; a `cursor` (or `before`, a sequence number) continues
    from an earlier page."""
    authorize(session, actor, "audit.read")
    query = _filtered(select(*LISTED_COLUMNS), filters)
    if before is not None and cursor is None:
        query = query.where(AuditEntry.seq < before)
    found, links = paging.fetch_rows(session, query, AUDIT_ORDER, paging.PageRequest(cursor, limit))
    # Validated in one call, not one model at a time.
    items = LISTED_ITEMS.validate_python([row._asdict() for row in found])
    return AuditList(items=items, next_before=items[-1].seq if links.next_cursor else None, page=links)


def export(session: Session, filters: AuditFilter, output: ExportFormat, *, actor: Actor) -> Iterator[str]:
    """The entries oldest first, as JSON lines or CSV, with their hashes: an export can be
    checked against the chain later. (The permission is checked before the first line.)"""
    authorize(session, actor, "audit.read")
    return _export(session, filters, output)


def _export(session: Session, filters: AuditFilter, output: ExportFormat) -> Iterator[str]:
    query = _filtered(select(AuditEntry), filters).order_by(AuditEntry.seq)
    rows = session.scalars(query.execution_options(yield_per=500))
    # Closed however the reading ends, also when the reader stops early (on PostgreSQL the rows
    # come through a server-side cursor, which would otherwise stay open until collected).
    try:
        if output == "jsonl":
            for entry in rows:
                yield AuditItem.of(entry).model_dump_json() + "\n"
            return
        yield from csv_lines((_csv_row(entry) for entry in rows), list(AuditItem.model_fields))
    finally:
        rows.close()


def _csv_row(entry: AuditEntry) -> dict[str, Any]:
    values = AuditItem.of(entry).model_dump(mode="json")
    values["objects"] = json.dumps(values["objects"], ensure_ascii=False)
    return values


RAW_ENTRIES = text(
    "SELECT seq, at, actor_user_id, actor_email, role, delegation, action, objects, "
    "summary, outcome, content, prev_hash, hash FROM audit_entry ORDER BY seq"
)


@dataclass
class _Walk:
    """What the walk over the stored entries gathers besides the verdict."""

    wanted: set[int]  # sequence numbers whose hash a checkpoint names
    hashes: dict[int, str] = field(default_factory=dict)
    # object reference -> (last entry that recorded it, the digest recorded)
    content: dict[str, tuple[int, str]] = field(default_factory=dict)

    def gather(
        self, items: Iterable[chain.StoredEntry | chain.Unreadable]
    ) -> Iterator[chain.StoredEntry | chain.Unreadable]:
        for item in items:
            if isinstance(item, chain.StoredEntry):
                seq = item.fields.seq
                if seq in self.wanted:
                    self.hashes[seq] = item.hash
                for reference, digest in item.fields.content or ():
                    self.content[reference] = (seq, digest)
            yield item


def verify(
    session: Session, *, actor: Actor, receipts: Sequence[tuple[str, checkpoints.Receipt]] = ()
) -> VerifyResult:
    """The chain (keyed), the content its entries recorded against the tables, every checkpoint
    receipt given, and the append-only triggers: each problem found is named."""
    authorize(session, actor, "audit.read")
    keys = of_session(session)
    problems: list[str] = []
    head = session.get(AuditHead, 1)
    chain_key = keys.chain
    keyed_from = chain_key.keyed_from if chain_key else (head.keyed_from if head else 1)
    walk = _Walk({receipt.count for _, receipt in receipts})
    # Plain SQL, not the ORM: a mangled date or JSON value must become one `Unreadable` entry
    # named in the verdict, not an exception halfway through the walk. Streamed, and closed
    # as soon as the walk stops (on PostgreSQL it is a server-side cursor).
    result = session.execute(RAW_ENTRIES.execution_options(yield_per=1000))
    try:
        rows = walk.gather(chain.from_row(dict(row)) for row in result.mappings())
        verdict = chain.verify(
            rows,
            (head.seq, head.hash) if head else None,
            key=chain_key.secret if chain_key else None,
            keyed_from=keyed_from,
        )
    finally:
        result.close()
    broken = verdict.broken
    if head is None and broken is None:
        # The migration creates the head; without it a truncated tail could not be detected.
        broken = chain.Break(verdict.count, "the chain's head (table audit_head) is missing")
    if broken is not None:
        problems.append(str(broken))
    if chain_key is None:
        problems.append(
            f"the chain key ({keys.directory / CHAIN_KEY_FILE}) is missing: keyed entries cannot be checked"
        )
    elif head is not None and head.keyed_from != chain_key.keyed_from:
        problems.append(
            f"the chain's head says keyed entries start at entry {head.keyed_from}, the chain key at "
            f"entry {chain_key.keyed_from} (altered, restored from an older backup, or another trail's key)"
        )
    trusted = {
        reference: recorded for reference, recorded in walk.content.items() if recorded[0] <= verdict.count
    }
    problems += [str(mismatch) for mismatch in content.mismatches(session, trusted)]
    for name, receipt in receipts:
        problem = checkpoints.signature_problem(receipt, keys.public) or checkpoints.extension_problem(
            receipt, verdict.count, chain.GENESIS if receipt.count == 0 else walk.hashes.get(receipt.count)
        )
        if problem is not None:
            problems.append(f"checkpoint {name}: {problem}")
    for trigger, fault in triggers.faults(session.connection()).items():
        problems.append(f"trigger {trigger}: {fault} (run `cica init` to restore it)")
    return VerifyResult(
        ok=not problems,
        count=verdict.count,
        broken_seq=broken.seq if broken else None,
        reason=broken.reason if broken else None,
        head_hash=verdict.head_hash,
        problems=problems,
        public_key=keys.public_text,
    )


def checkpoint(session: Session, *, actor: Actor, now: datetime | None = None) -> checkpoints.Receipt:
    """Signs the head of a trail that verifies; a broken trail is not vouched for."""
    result = verify(session, actor=actor)
    if not result.ok:
        raise Conflict("the audit trail does not verify, so no checkpoint is signed:\n" + result.message)
    signing = of_session(session).require_signing()
    return checkpoints.sign(
        signing, count=result.count, head_hash=result.head_hash, at=now or clock.now(session)
    )


def public_key(session: Session, *, actor: Actor) -> str:
    authorize(session, actor, "audit.read")
    published = of_session(session).public_text
    if published is None:
        raise NotFound("no checkpoint signing key and no CICA_AUDIT_PUBLIC_KEY: run `cica init`")
    return published
