"""Validated, cacheable answers: one middleware gives every successful GET a strong ETag, answers
`If-None-Match` with `304 Not Modified`, and says who may keep a copy (`Cache-Control`).

- The ETag is a hash of the body bytes, so it is exact for every answer without any route having
  to know what its answer depends on; a route that knows a cheaper validator may set its own
  `ETag` first (it is kept).
- Who may keep it: an answer to a caller who is signed in or sends credentials (a session cookie,
  a token) depends on that caller: `private`. One that sets a cookie, or any error, is not kept
  (`no-store`). An anonymous answer is the same for every anonymous reader: `public`, revalidated
  on every use (`no-cache`), unless its route declared it stable for a while (`shared_for`, the
  registry's answers); `Vary` names what else it depends on.
- Streamed answers (exports) have no length up front; they pass through untouched.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

from fastapi import Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cica import __version__

MAX_AGE_KEY = "shared_max_age"
PRIVATE = "private, no-cache"
NOT_KEPT = "no-store"
PUBLIC = "public, no-cache"
# HX-Request: a page and its HTMX fragment share an address; a cache must keep them apart.
VARY = "Authorization, Cookie, Accept-Language, HX-Request"
# Headers a 304 repeats from the answer it stands for (RFC 9110 §15.4.5).
KEPT_ON_304 = (b"etag", b"cache-control", b"vary", b"content-location", b"expires")

# Cookies that say who the caller is: the capability that sets one registers its name (accounts'
# wiring registers the session cookie), so that core needs no capability to tell them apart.
_credential_cookies: list[bytes] = []


def on_credential_cookie(name: str) -> None:
    """Registers a cookie (once) whose presence makes an answer depend on the caller."""
    marker = name.encode() + b"="
    if marker not in _credential_cookies:
        _credential_cookies.append(marker)


def shared_for(seconds: int) -> Callable[[Request], None]:
    """A route dependency: anonymous answers of this route may be shared for `seconds`."""

    def declare(request: Request) -> None:
        request.state.shared_max_age = seconds

    return declare


def version_tag(*parts: object) -> str:
    """A strong ETag from what an answer is made of (e.g. the charter's digest, the day and the
    parameters), for answers that are a function of them: checked before anything is built.
    The package version is part of it, as another release may shape the same data otherwise."""
    made_of = repr((__version__, *parts)).encode()
    return '"v' + hashlib.sha256(made_of).hexdigest()[:31] + '"'


class BuiltByVersion:
    """Bodies kept by the version tag (`version_tag`) they were built for, least recently used
    dropped first within `limit` bytes. A tag names everything its body is made of, so the body
    kept under it is the one a new build would give: unlike the answer cache, which any write
    to the database makes stale, a body here stays right until what it is made of changes (a
    feed of 300 meetings is not rebuilt because a draft was revised). Shared by a worker's
    threads."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._size = 0
        self._bodies: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key: tuple[object, ...], build: Callable[[], bytes]) -> bytes:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
                return body
        body = build()  # outside the lock: two threads may build the same body, never a wrong one
        if len(body) <= self.limit:
            with self._lock:
                if key not in self._bodies:
                    self._bodies[key] = body
                    self._size += len(body)
                while self._size > self.limit:
                    _, oldest = self._bodies.popitem(last=False)
                    self._size -= len(oldest)
        return body


def not_modified(request: Request, etag: str) -> Response | None:
    """`304 Not Modified` if the client holds this version already, else None (build the answer)."""
    held = request.headers.get("if-none-match")
    if held is not None and matches(held.encode(), etag.encode()):
        return Response(status_code=304, headers={"ETag": etag})
    return None


def unmodified_since(if_modified_since: str | None, last_modified: str | None) -> bool:
    """Whether `If-Modified-Since` says the client holds the answer last modified at
    `last_modified` (both HTTP dates). Callers heed it only without `If-None-Match` (RFC 9110)."""
    if if_modified_since is None or last_modified is None:
        return False
    try:
        since, last = parsedate_to_datetime(if_modified_since), parsedate_to_datetime(last_modified)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and last <= since


def etag_of(body: bytes) -> bytes:
    return b'"' + hashlib.sha256(body).hexdigest()[:32].encode() + b'"'


def matches(if_none_match: bytes, etag: bytes) -> bool:
    """Whether `If-None-Match` names this ETag (weak comparison, as RFC 9110 asks for GET)."""
    if if_none_match.strip() == b"*":
        return True
    candidates = (tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b","))
    return etag in candidates


def _has_credentials(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"authorization":
            return True
        if name == b"cookie" and any(marker in value for marker in _credential_cookies):
            return True
    return scope.get("state", {}).get("user") is not None


def cache_control(scope: Scope, status: int, headers: list[tuple[bytes, bytes]]) -> bytes:
    if status >= 400 or any(name == b"set-cookie" for name, _ in headers):
        return NOT_KEPT.encode()
    if _has_credentials(scope):
        return PRIVATE.encode()
    seconds = scope.get("state", {}).get(MAX_AGE_KEY)
    return f"public, max-age={int(seconds)}".encode() if seconds else PUBLIC.encode()


class CachingMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        if_none_match = next((v for n, v in scope["headers"] if n == b"if-none-match"), None)
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", cache_control(scope, message["status"], headers)))
                    headers.append((b"vary", VARY.encode()))
                message = {**message, "headers": headers}
                if message["status"] != 200 or not any(n == b"content-length" for n, _ in headers):
                    start = None  # an error or a stream: nothing to validate, sent as it comes
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._finish(start, b"".join(chunks), if_none_match, send)

        await self.app(scope, receive, buffered)

    @staticmethod
    async def _finish(start: dict[str, Any], body: bytes, if_none_match: bytes | None, send: Send) -> None:
        headers: list[tuple[bytes, bytes]] = start["headers"]
        etag = next((v for n, v in headers if n == b"etag"), None)
        if etag is None:
            etag = etag_of(body)
            headers.append((b"etag", etag))
        if if_none_match is not None and matches(if_none_match, etag):
            kept = [(n, v) for n, v in headers if n in KEPT_ON_304]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(start)
        await send({"type": "http.response.body", "body": body})
