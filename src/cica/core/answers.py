"""The answer cache at the ASGI edge: a GET that was answered before, by a route that declared its
answer may be kept, is served again from memory — the exact bytes and headers — before routing,
dependency injection and the other middleware run, as long as nothing it depends on has changed.

- Keyed by all an answer may depend on: the path and query, scheme and host, the credentials
  (digests of `Authorization` and of the whole `Cookie` header, so that one caller's answer is
  never another's), `Accept-Language`, `Accept` and `HX-Request`. The clock's part is each
  entry's `until`: the instant its route said the answer stops holding (the next day at the seat,
  the next minute, a session's end), checked against the one clock at every hit.
- Never stale: each entry keeps the database's state read *before* the answer was built, and a hit
  first reads the state again (`DatabaseState`); any commit since, by this process or another,
  makes it a miss. SQLite: `PRAGMA data_version` on a connection kept for this alone (it changes
  whenever another connection commits, and this one never writes). PostgreSQL:
  `pg_current_snapshot()`, whose text (xmin, xmax, the transactions in progress) is the same only
  if no transaction that wrote anything has ended since, so the visible data is the same; read
  in autocommit, so each read is a fresh snapshot. Any other commit on the server makes a miss,
  never a wrong hit.
- Only what a route declared (`keep_answer`), only `200` answers with a length and a body that set
  no cookie and are not `no-store`. `If-None-Match` is answered from the entry with the same 304
  the validating middleware (`core.caching`) sends. Bounded: least recently used entries go first
  once the bytes kept pass `answer_cache_bytes` (0 turns the cache off).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cica.core import clock
from cica.core.caching import KEPT_ON_304, matches, unmodified_since
from cica.core.deps import SessionDep
from cica.core.forms import REBUILT
from cica.core.middleware import SECURITY_HEADERS

# Where a route's declaration (and every later shortening of it) waits for the edge: the instant
# the answer stops holding.
UNTIL_KEY = "answer_until"
# What a 304 from an entry carries: what core.caching keeps on a 304, and the security headers.
KEPT_ON_NOT_MODIFIED = frozenset((*KEPT_ON_304, *SECURITY_HEADERS))
# Bytes counted for an entry besides its body and headers (key, bookkeeping).
ENTRY_OVERHEAD = 256

Hold = Callable[[Session], datetime]


def hold_until(request: Request, moment: datetime) -> None:
    """Says this answer holds at most until `moment` (the earliest of all such calls wins): a
    route's declaration, a deadline on the page, the caller's session ending."""
    state = request.scope.setdefault("state", {})
    until: datetime | None = state.get(UNTIL_KEY)
    if until is None or moment < until:
        state[UNTIL_KEY] = moment


def keep_answer(holds: Hold) -> Any:
    """A route dependency: this route's answers may be kept at the edge until `holds(session)`
    (computed when the answer is built, by the unit of work's clock), or until the data changes."""

    def declare(request: Request, session: SessionDep) -> None:
        hold_until(request, holds(session))

    return Depends(declare)


def next_minute(session: Session) -> datetime:
    """For answers that tell a time to the minute (deadlines, "in 3 hours"): until the next one."""
    now = clock.now(session)
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)


class DatabaseState(Protocol):
    def read(self) -> object:
        """A value that is the same at two reads only if no commit happened in between."""
        ...


# The one cheap statement per backend whose answer changes with every commit (see above).
STATE_STATEMENTS = {
    "sqlite": "PRAGMA data_version",
    "postgresql": "SELECT pg_current_snapshot()::text",
}


class KeptConnection:
    """One connection of its own, outside the pool, that only ever reads the state; opened at
    the first read (in the worker process that serves, not in the one that built the app)."""

    def __init__(self, engine: Engine) -> None:
        self._url = engine.url
        self._connection: Any = None

    def read(self) -> object:
        try:
            if self._connection is None:
                self._connection = self._connect()
            cursor = self._connection.cursor()
            try:
                cursor.execute(STATE_STATEMENTS[self._url.get_backend_name()])
                row = cursor.fetchone()
            finally:
                cursor.close()
            return row[0]
        except Exception:
            # A lost connection (or a backend without a cheap check): this read is a miss, as a
            # fresh object equals nothing kept, and the next one connects again.
            self.close()
            return object()

    def _connect(self) -> Any:
        engine = create_engine(self._url, poolclass=NullPool)
        fairy = engine.raw_connection()
        driver: Any = fairy.driver_connection
        if engine.dialect.name == "sqlite":
            driver.isolation_level = None  # no transaction is ever held open
        else:
            driver.autocommit = True  # each read a snapshot of its own
        return fairy

    def close(self) -> None:
        if self._connection is not None:
            # Closing a connection that is already gone may fail: it is gone either way.
            with suppress(Exception):
                self._connection.close()
            self._connection = None


@dataclass(frozen=True)
class Entry:
    start: Message
    body: bytes
    etag: bytes | None
    state: object
    until: datetime
    size: int


class AnswerStore:
    """Entries by key, least recently used first, within `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._entries: OrderedDict[bytes, Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: bytes) -> Entry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: bytes, entry: Entry) -> None:
        if entry.size > self.limit:
            return
        self.drop(key)
        self._entries[key] = entry
        self.size += entry.size
        while self.size > self.limit:
            _, oldest = self._entries.popitem(last=False)
            self.size -= oldest.size

    def drop(self, key: bytes) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.size -= entry.size


# The request headers an answer may depend on besides path and query (credentials are digested).
_KEYED = (b"accept-language", b"accept", b"hx-request", b"host")
_CREDENTIALS = (b"authorization", b"cookie")


def answer_key(scope: Scope) -> bytes:
    found: dict[bytes, list[bytes]] = {}
    for name, value in scope["headers"]:
        if name in _KEYED or name in _CREDENTIALS:
            found.setdefault(name, []).append(value)
    parts = [scope.get("scheme", "http").encode(), scope.get("raw_path") or scope["path"].encode()]
    parts.append(scope.get("query_string", b""))
    parts.extend(b"\x1f".join(found.get(name, [])) for name in _KEYED)
    for name in _CREDENTIALS:
        sent = found.get(name)
        parts.append(hashlib.sha256(b"\x1f".join(sent)).digest() if sent else b"")
    return hashlib.sha256(b"\x1e".join(parts)).digest()


class AnswerCache:
    """The outermost middleware: answers a GET or HEAD from its entry, or builds and keeps it."""

    def __init__(
        self, app: ASGIApp, *, limit: int, now: Callable[[], datetime], state: DatabaseState
    ) -> None:
        self.app = app
        self.store = AnswerStore(limit)
        self.now = now
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or scope.get(REBUILT):
            await self.app(scope, receive, send)
            return
        key = answer_key(scope)
        entry = self.store.get(key)
        if entry is not None:
            if entry.until > self.now() and entry.state == self.state.read():
                await self._serve(scope, entry, send)
                return
            self.store.drop(key)
        if scope["method"] == "HEAD":  # answered without a body: nothing to keep
            await self.app(scope, receive, send)
            return
        before = self.state.read()  # before anything is read for the answer
        await self.app(scope, receive, self._keeper(scope, key, before, send))

    def _keeper(self, scope: Scope, key: bytes, before: object, send: Send) -> Send:
        start: Message | None = None
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            await send(message)
            if message["type"] == "http.response.start":
                start = message if _may_keep(message) else None
                return
            if start is None or message["type"] != "http.response.body":
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                start = None  # streamed: never kept
                return
            until = scope.get("state", {}).get(UNTIL_KEY)
            body = b"".join(chunks)
            if until is None or not body or until <= self.now():
                return
            headers: list[tuple[bytes, bytes]] = start["headers"]
            size = len(body) + sum(len(n) + len(v) for n, v in headers) + ENTRY_OVERHEAD
            etag = next((v for n, v in headers if n == b"etag"), None)
            self.store.put(key, Entry(start, body, etag, before, until, size))

        return keep

    @staticmethod
    async def _serve(scope: Scope, entry: Entry, send: Send) -> None:
        held = next((v for n, v in scope["headers"] if n == b"if-none-match"), None)
        since = next((v for n, v in scope["headers"] if n == b"if-modified-since"), None)
        modified = next((v for n, v in entry.start["headers"] if n == b"last-modified"), None)
        if (held is not None and entry.etag is not None and matches(held, entry.etag)) or (
            held is None
            and since is not None
            and unmodified_since(since.decode("latin-1"), (modified or b"").decode("latin-1") or None)
        ):
            kept = [(n, v) for n, v in entry.start["headers"] if n in KEPT_ON_NOT_MODIFIED]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(entry.start)
        body = b"" if scope["method"] == "HEAD" else entry.body
        await send({"type": "http.response.body", "body": body})


def _may_keep(start: Message) -> bool:
    if start["status"] != 200:
        return False
    headers = start.get("headers", [])
    if not any(name == b"content-length" for name, _ in headers):
        return False
    for name, value in headers:
        if name == b"set-cookie" or (name == b"cache-control" and b"no-store" in value):
            return False
    return True
