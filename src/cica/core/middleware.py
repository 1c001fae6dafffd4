"""ASGI middleware around the whole app: bounded request bodies and the security headers.

Both are plain ASGI (not Starlette's BaseHTTPMiddleware), so that a body is refused before any
of it is read or parsed, and so that every response, streamed or not, gets the headers.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from cica.core.problems import PROBLEM_JSON

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No inline script or style anywhere: scripts and styles come from /static only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# An SVG answer (the plots) styles itself inline and is never a page that runs anything.
SVG_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
HSTS = "max-age=31536000; includeSubDomains"
# The headers SecurityHeaders adds (a 304 served from elsewhere repeats them: core.answers).
SECURITY_HEADERS = (
    b"content-security-policy",
    b"x-content-type-options",
    b"referrer-policy",
    b"strict-transport-security",
)


# Paths whose POST carries a file (the documents' upload form): held to `max_upload_bytes`.
UPLOAD_SUFFIX = "/upload"


class BodyLimit:
    """Refuses a request body larger than `limit` bytes with 413 problem+json, before parsing.

    A declared `Content-Length` over the limit is refused without reading anything. A body
    without one (chunked) is read up to the limit only, then refused, or handed on whole.
    """

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int | None = None) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = limit if upload_limit is None else upload_limit

    def limit_of(self, scope: Scope) -> int:
        """The limit for this request: uploads (a POST to a path ending in `/upload`) have their own."""
        return self.upload_limit if str(scope.get("path", "")).endswith(UPLOAD_SUFFIX) else self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_of(scope)
        length = _header(scope, b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > limit:
                await self._refuse(send, limit)
                return
            await self.app(scope, receive, send)
            return
        if _header(scope, b"transfer-encoding") is None:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, limit: int) -> None:
        detail = f"the request body is larger than {limit} bytes, the limit of this server"
        body = json.dumps(
            {"type": "about:blank", "title": "Request too large", "status": 413, "detail": detail}
        ).encode()
        headers = [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds the Content-Security-Policy, nosniff, the referrer policy and, over HTTPS, HSTS to
    every response (a route may set its own policy; it is then kept)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
                policy = SVG_CONTENT_SECURITY_POLICY if content_type.startswith(b"image/svg") else None
                wanted = [
                    (b"content-security-policy", (policy or CONTENT_SECURITY_POLICY).encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if https:
                    wanted.append((b"strict-transport-security", HSTS.encode()))
                headers.extend((name, value) for name, value in wanted if name not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1")).strip()
    return None
