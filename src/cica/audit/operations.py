"""Writing the audit trail. `record` runs in the caller's transaction, so an action and its entry
commit or roll back together; `record_denial` runs in a unit of work of its own, because the
denied action's transaction has been rolled back.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection, Dialect, Pool, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase

from cica.access.actors import Actor
from cica.audit import chain, content, triggers, vocabulary
from cica.audit.keys import ChainKey, of_session
from cica.audit.models import AuditEntry, AuditHead
from cica.core import clock, search
from cica.core.context import Context
from cica.core.errors import NotFound, PermissionDenied

log = logging.getLogger(__name__)

ANONYMOUS = "anonymous"
HEAD_LEFT_BEHIND = (
    "the audit chain's head did not follow its entries: `cica audit verify` says why, "
    "`cica init` restores missing triggers"
)
# Built once: this runs in every write, and building and caching statements was a good part of
# its cost. Plain Core on the tables skips the ORM's session synchronisation.
ENTRY: Table = AuditEntry.__table__  # type: ignore[assignment]
HEAD: Table = AuditHead.__table__  # type: ignore[assignment]
ENTRY_FIELDS = (
    "seq",
    "at",
    "actor_user_id",
    "actor_email",
    "role",
    "delegation",
    "action",
    "summary",
    "outcome",
)
# Moves the head from the (seq, hash) the entries were sealed after to the last of them, only if
# it is still there: one statement per write, which also takes the head's row lock (PostgreSQL).
MOVE_HEAD = (
    update(HEAD)
    .where(HEAD.c.id == 1, HEAD.c.seq == bindparam("from_seq"), HEAD.c.hash == bindparam("from_hash"))
    .values(seq=bindparam("to_seq"), hash=bindparam("to_hash"))
)
READ_HEAD = select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.id == 1).with_for_update()
ROW_KEYS = (*ENTRY_FIELDS, "objects", "content", "prev_hash", "hash", "folded")
INSERT_ENTRY = insert(ENTRY)
# SQLite: the refusals of an entry whose head is elsewhere (the head trigger's, or the entry's
# number already taken by another process's write); and an insert with its head trigger in
# force changes two rows per entry, the entry and the head.
SQLITE_STALE_HEAD = frozenset({"SQLITE_CONSTRAINT_TRIGGER", "SQLITE_CONSTRAINT_PRIMARYKEY"})
SQLITE_ROWS_PER_ENTRY = 2


@dataclass(frozen=True)
class _Rendered:
    """A statement as one dialect's driver takes it, compiled once. Executed with
    `exec_driver_sql`, it skips what SQLAlchemy does again at every call (cache key, compiled
    lookup, setting up each value's conversion): that was half of what the two statements of an
    audited write cost. It still passes through the engine's events like any statement."""

    sql: str
    names: tuple[str, ...]  # the parameters, in the driver's order when it takes them by position
    positional: bool
    fixed: dict[str, Any]  # values the statement itself carries (`id = 1`)
    convert: dict[str, Callable[[Any], Any]]  # each column type's conversion for this dialect

    @classmethod
    def of(cls, statement: UpdateBase, dialect: Dialect, keys: Sequence[str] | None = None) -> _Rendered:
        compiled = statement.compile(dialect=dialect, column_keys=list(keys) if keys is not None else None)
        binds = compiled.binds
        names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(binds)
        convert: dict[str, Callable[[Any], Any]] = {}
        for name in names:
            processor = binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                convert[name] = processor
        fixed = {name: bind.value for name, bind in binds.items() if not bind.required}
        return cls(compiled.string, names, compiled.positional, fixed, convert)

    def parameters(self, values: dict[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        given = {name: values[name] if name in values else self.fixed[name] for name in self.names}
        for name, convert in self.convert.items():
            given[name] = convert(given[name])
        return tuple(given.values()) if self.positional else given


@dataclass(frozen=True)
class _Statements:
    move_head: _Rendered  # PostgreSQL only: SQLite's head is moved by the insert's trigger
    insert: _Rendered


# By dialect: compiled on a process's first audited write to each database.
_RENDERED: weakref.WeakKeyDictionary[Dialect, _Statements] = weakref.WeakKeyDictionary()


def _statements(dialect: Dialect) -> _Statements:
    rendered = _RENDERED.get(dialect)
    if rendered is None:
        rendered = _Statements(
            _Rendered.of(MOVE_HEAD, dialect), _Rendered.of(INSERT_ENTRY, dialect, ROW_KEYS)
        )
        _RENDERED[dialect] = rendered
    return rendered


# The head each database's last write in this process left, by connection pool: the guess the
# next entries are sealed after, so that a write need not read the head first. A guess is never
# trusted: MOVE_HEAD only moves a head that is still where the guess says (another process
# wrote, a transaction rolled back, a backup was restored: the head is read, under its lock,
# and the entries sealed again).
_LAST_HEAD: weakref.WeakKeyDictionary[Pool, tuple[int, str]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Pending:
    """An entry to be written: what `record` is told, for `record_many`."""

    actor: Actor | None
    action: str
    objects: Sequence[str]
    summary: str
    outcome: str = "ok"


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    objects: Sequence[str],
    summary: str,
    outcome: str = "ok",
    now: datetime | None = None,
) -> chain.StoredEntry:
    """Appends one entry to the chain, in the caller's transaction: keyed with the chain key and,
    when the action was done, covering the content of the objects it names."""
    return record_many(session, [Pending(actor, action, objects, summary, outcome)], now=now)[0]


def record_many(
    session: Session, pending: Sequence[Pending], *, now: datetime | None = None
) -> list[chain.StoredEntry]:
    """Appends entries to the chain in the order given, in the caller's transaction: each exactly
    the entry `record` would have written in its place, in one insert for all of them (and, on
    PostgreSQL, one move of the head)."""
    if not pending:
        return []
    for entry in pending:
        vocabulary.check(entry.action)
    chain_key = of_session(session).require_chain()
    fields = [_fields(session, entry, now) for entry in pending]
    # The session's own connection and transaction; executing on it directly skips the ORM's
    # dispatch of each statement (these are plain Core statements on tables: nothing to flush).
    connection = session.connection()
    pool = connection.engine.pool
    statements = _statements(connection.dialect)
    guess = _LAST_HEAD.get(pool)
    write_after_head = (
        partial(_insert_moving_head, connection, statements.insert)
        if connection.dialect.name == "sqlite"
        else partial(_move_head_then_insert, connection, statements)
    )
    sealed = _append(connection, fields, guess, chain_key, write_after_head)
    _LAST_HEAD[pool] = (sealed[-1].fields.seq, sealed[-1].hash)
    return sealed


def _append(
    connection: Connection,
    fields: Sequence[dict[str, Any]],
    guess: tuple[int, str] | None,
    chain_key: ChainKey,
    write_after_head: Callable[[Sequence[chain.StoredEntry]], bool],
) -> list[chain.StoredEntry]:
    """Seals the entries after the head this process last left and writes them, if the head is
    still there. Else (no guess, or a stale one: another process wrote, a transaction rolled
    back) reads the head and writes them after it. The read is FOR UPDATE: on PostgreSQL its
    row lock queues writers until the transaction before them commits; SQLite's write units
    already hold the database lock. Numbers therefore follow without gaps."""
    if guess is not None:
        sealed = _seal(fields, guess, chain_key)
        if write_after_head(sealed):
            return sealed
    seq, last_hash = connection.execute(READ_HEAD).one()
    sealed = _seal(fields, (seq, last_hash), chain_key)
    if not write_after_head(sealed):
        raise RuntimeError(HEAD_LEFT_BEHIND)
    return sealed


def _move_head_then_insert(
    connection: Connection, statements: _Statements, sealed: Sequence[chain.StoredEntry]
) -> bool:
    """PostgreSQL: moves the head to the last entry if it is where the first follows (taking its
    row lock), then inserts them; False, writing nothing, if the head was elsewhere."""
    first, last = sealed[0], sealed[-1]
    values = {
        "from_seq": first.fields.seq - 1,
        "from_hash": first.prev_hash,
        "to_seq": last.fields.seq,
        "to_hash": last.hash,
    }
    moved = connection.exec_driver_sql(statements.move_head.sql, statements.move_head.parameters(values))
    if moved.rowcount != 1:
        return False
    rows = [statements.insert.parameters(_row(entry)) for entry in sealed]
    connection.exec_driver_sql(statements.insert.sql, rows if len(rows) > 1 else rows[0])
    return True


def _insert_moving_head(
    connection: Connection, insert: _Rendered, sealed: Sequence[chain.StoredEntry]
) -> bool:
    """SQLite: inserts the entries, each of which moves the head by its trigger (migration 0010i)
    if the head is where it follows. True when all went in; False, writing nothing, when the head
    was elsewhere. A plain INSERT: with a row trigger, SQLite runs an INSERT … SELECT through a
    temporary table, and checking the head in the statement cost a third of the entry's insert.

    The driver's count of changed rows, read before and after (no statement is sent), says
    whether the trigger ran: without it an entry would go in and leave the head behind."""
    rows = [insert.parameters(_row(entry)) for entry in sealed]
    driver: Any = connection.connection.driver_connection  # sqlite3's, or a driver like it
    before = driver.total_changes
    try:
        connection.exec_driver_sql(insert.sql, rows if len(rows) > 1 else rows[0])
    except IntegrityError as error:
        stale = getattr(error.orig, "sqlite_errorname", None) in SQLITE_STALE_HEAD
        if stale and _changed_since(driver, before) == 0:
            return False
        if stale:
            # The first entries found the head and a later one did not: the trigger does not
            # move it as it should. The caller's transaction rolls back.
            raise RuntimeError(HEAD_LEFT_BEHIND) from error
        raise
    if _changed_since(driver, before) != SQLITE_ROWS_PER_ENTRY * len(rows):
        raise RuntimeError(HEAD_LEFT_BEHIND)
    return True


def _changed_since(driver: Any, before: int) -> int:
    # The driver's count is SQLite's 32-bit total on Python 3.11: taken modulo 2**32, a count
    # that wrapped around between the two readings still gives the rows this statement changed.
    return int(driver.total_changes - before) & 0xFFFFFFFF


def _fields(session: Session, entry: Pending, now: datetime | None) -> dict[str, Any]:
    # Everything but the sequence number, which is set when the entries are sealed after the
    # head: kept as keywords, so that each entry is built once (`dataclasses.replace` cost as
    # much as building it).
    actor = entry.actor
    return {
        "at": now or clock.now(session),
        "actor_user_id": actor.user_id if actor else None,
        "actor_email": actor.email if actor else ANONYMOUS,
        "role": actor.role if actor else ANONYMOUS,
        "delegation": actor.delegation if actor else None,
        "action": entry.action,
        "objects": tuple(entry.objects),
        "summary": entry.summary,
        "outcome": entry.outcome,
        # A refusal changed nothing: there is no content to vouch for.
        "content": content.digests(session, entry.objects) if entry.outcome == "ok" else (),
    }


def _seal(
    fields: Sequence[dict[str, Any]], head: tuple[int, str], chain_key: ChainKey
) -> list[chain.StoredEntry]:
    seq, previous = head
    sealed = []
    for offset, unnumbered in enumerate(fields, start=1):
        number = seq + offset
        keyed = number >= chain_key.keyed_from
        # Unkeyed only while the key file says keyed entries start later (verify reports that).
        numbered = chain.EntryFields(seq=number, **unnumbered if keyed else {**unnumbered, "content": None})
        entry = chain.seal(numbered, previous, chain_key.secret if keyed else None)
        sealed.append(entry)
        previous = entry.hash
    return sealed


def _row(entry: chain.StoredEntry) -> dict[str, Any]:
    fields = entry.fields
    values: dict[str, Any] = {name: getattr(fields, name) for name in ENTRY_FIELDS}
    values.update(
        objects=list(fields.objects),
        content=None if fields.content is None else dict(fields.content),
        prev_hash=entry.prev_hash,
        hash=entry.hash,
        # The summary as searched, in the entry's own row: no second table to write per entry.
        folded=search.line([fields.summary]),
    )
    return values


def restore_triggers(session: Session, *, actor: Actor) -> dict[str, str]:
    """Puts back the audit triggers that are missing, disabled or redefined, and records
    that it did (run by `cica init`, as the schema's migrations are: by whoever holds the
    database's credentials). Returns the triggers restored, with what was wrong with each."""
    restored = triggers.restore(session.connection())
    if restored:
        record(
            session,
            actor=actor,
            action="audit.triggers.restore",
            objects=[f"trigger:{name}" for name in sorted(restored)],
            summary="restored " + ", ".join(f"{name} ({fault})" for name, fault in sorted(restored.items())),
        )
    return restored


def record_denial(context: Context, error: PermissionDenied) -> None:
    """Records a refused action. Called by the edges (API, pages, CLI) once the action's own
    transaction has rolled back, so that the denial is kept although nothing else is.

    Refusals of anonymous callers (a stale sign-in form) are not recorded: anyone could fill
    the trail with them, while a signed-in caller is accountable for what they try.
    """
    if not isinstance(error.actor, Actor):
        return
    try:
        with context.unit_of_work() as session:
            record(
                session,
                actor=error.actor,
                action=error.action or vocabulary.AuditAction.UNNAMED_REFUSAL,
                objects=error.objects,
                summary=error.message,
                outcome="denied",
            )
    except (SQLAlchemyError, NotFound):
        # The caller still gets its 403; failing to note it (a database error, the chain key
        # missing) must not turn it into a 500.
        log.exception("could not record a denied %s by %s", error.action, error.actor)
