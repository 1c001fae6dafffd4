"""What every answer carries (security headers), the language cookie over HTTPS, the offline API
docs page, the problems the OpenAPI document declares, and the request body limit."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest.mock import MagicMock

import httpx2 as httpx
import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select

from cica.access.actors import Actor
from cica.accounts.models import SigninAttempt
from cica.app import DOCS_URL, create_app
from cica.audit.operations import record
from cica.core.context import Context
from cica.core.settings import Settings
from cica.deliberation import operations
from tests.conftest import FAST_PASSWORDS_ENV, make_context
from tests.factories import make_silence, make_user
from tests.web.access.conftest import sign_in

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def _concrete(path: str) -> str:
    """A URL for a route's path: every {parameter} replaced by something plausible."""
    return re.sub(r"\{[^}]+\}", lambda m: "IND" if m.group(0) == "{code}" else "1", path)


def _routes() -> list[tuple[str, str]]:
    app = create_app(context=MagicMock())
    found = set()
    for route in iter_route_contexts(app.routes):
        if route.path is None:
            continue
        for method in route.methods or {"GET"}:
            if method != "HEAD":
                found.add((method, _concrete(route.path)))
    return sorted(found)


ROUTES = _routes()


@pytest.fixture
def https_client(cica: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        yield client


def _check_headers(response: httpx.Response, *, https: bool) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (response.url, name)
    policy = response.headers.get("content-security-policy", "")
    if response.headers.get("content-type", "").startswith("image/svg"):
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    else:
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert ("strict-transport-security" in response.headers) == https, response.url


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_route_answers_with_the_security_headers(https_client: TestClient) -> None:
    # Whatever the answer (200, 401, 404, 422, a redirect), the headers are there.
    for method, url in [*ROUTES, ("GET", "/no/such/page"), ("GET", "/static/cica.css")]:
        response = https_client.request(method, url, follow_redirects=False)
        _check_headers(response, https=True)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_strict_transport_security_over_plain_http(cica: Context) -> None:
    with TestClient(create_app(context=cica)) as client:
        for url in ("/", "/api/v1/members", DOCS_URL):
            _check_headers(client.get(url), https=False)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_language_cookie_is_secure_over_https(https_client: TestClient) -> None:
    response = https_client.get("/?lang=fr")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("cica_lang=fr") and "Secure" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_api_docs_page_uses_only_the_package_s_own_assets(https_client: TestClient) -> None:
    page = https_client.get(DOCS_URL)
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(source.startswith("/static/") for source in sources), sources
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text), "an inline script"
    assert "style=" not in page.text
    for source in sources:
        assert https_client.get(source).status_code == 200, source


def test_the_openapi_document_declares_every_problem_answer() -> None:
    document = create_app(context=MagicMock()).openapi()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for status in ("401", "403", "404", "409", "413", "422"):
                answer = operation["responses"].get(status)
                assert answer is not None, (method, path, status)
                assert list(answer["content"]) == ["application/problem+json"], (method, path, status)


# --- The body limit -----------------------------------------------------------------------------

LIMIT = 1_048_576


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_body_over_the_limit_is_413_whether_declared_or_chunked(https_client: TestClient) -> None:
    big = b'{"name": "' + b"x" * (LIMIT + 10) + b'"}'
    declared = https_client.post("/api/v1/tokens", content=big, headers={"Content-Type": "application/json"})
    assert declared.status_code == 413
    assert declared.headers["content-type"] == "application/problem+json"

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 65536):
            yield big[start : start + 65536]

    chunked = https_client.post(
        "/api/v1/tokens", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert chunked.status_code == 413
    # Under the limit, chunked or not, the request goes through to the route (401: not signed in).
    small = b'{"name": "x"}'
    assert https_client.post("/api/v1/tokens", content=iter([small])).status_code == 401
    assert https_client.post("/api/v1/tokens", content=small).status_code == 401


def _peak_rss_kib(pid: int) -> int:
    # The high-water mark, not the current RSS: a body read and freed again still shows.
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


@contextmanager
def served(settings: Settings, **env: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`cica serve` in a subprocess on a free port, on `settings`' (migrated) database."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        **os.environ,
        **FAST_PASSWORDS_ENV,
        "CICA_DATABASE_URL": settings.database_url,
        "CICA_SCHEDULER_SECONDS": "0",
        **env,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "cica", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/v1/members", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_20_mb_body_is_refused_by_a_real_server_without_its_memory_growing(settings: Settings) -> None:
    make_context(settings).close()
    with served(settings) as (base, server):
        before = _peak_rss_kib(server.pid)
        body = b'{"name": "' + b"x" * 20_000_000 + b'"}'
        for content in (body, iter([body[i : i + 1_000_000] for i in range(0, len(body), 1_000_000)])):
            try:
                response = httpx.post(f"{base}/api/v1/tokens", content=content, timeout=30,
                                      headers={"Content-Type": "application/json"})  # fmt: skip
                assert response.status_code == 413
                assert json.loads(response.text)["status"] == 413
            except httpx.WriteError:
                pass  # the server answered 413 and closed before the whole body was sent
        grown = _peak_rss_kib(server.pid) - before
        assert grown < 5 * 1024, f"the server's peak memory grew by {grown} KiB"


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _sign_in_attempts(base: str, email: str, forwarded_for: list[str]) -> list[int]:
    statuses = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for address in forwarded_for:
            found = CSRF.search(client.get("/signin").text)
            assert found
            data = {"email": email, "password": "not the password at all", "csrf_token": found.group(1)}
            response = client.post("/signin", data=data, headers={"X-Forwarded-For": address})
            statuses.append(response.status_code)
    return statuses


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_x_forwarded_for_from_an_untrusted_client_does_not_escape_throttling(
    settings: Settings, cica: Context
) -> None:
    with cica.unit_of_work() as session:
        email = make_user(session).email
    spoofed = [f"198.51.100.{n}" for n in range(7)]
    with served(settings) as (base, _):
        assert _sign_in_attempts(base, email, spoofed) == [401] * 5 + [429] * 2
    with cica.unit_of_work() as session:
        assert set(session.scalars(select(SigninAttempt.client))) == {"127.0.0.1"}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_x_forwarded_for_from_a_configured_proxy_names_the_client(settings: Settings, cica: Context) -> None:
    with cica.unit_of_work() as session:
        email = make_user(session).email
    with served(settings, CICA_TRUSTED_PROXIES="127.0.0.1") as (base, _):
        assert _sign_in_attempts(base, email, ["198.51.100.1", "198.51.100.2"]) == [401, 401]
    with cica.unit_of_work() as session:
        assert set(session.scalars(select(SigninAttempt.client))) == {"198.51.100.1", "198.51.100.2"}


# --- CSV exports ----------------------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil.example","click")'


def test_csv_exports_neutralise_formulas(cica: Context, https_client: TestClient) -> None:
    start = datetime.now(UTC) - timedelta(days=20)
    with cica.unit_of_work() as session:
        make_silence(session, started=start, title=FORMULA)
        record(session, actor=Actor(None, "-1+2@ind.example", "delegate", "IND"), action="draft.read",
               objects=["draft:1"], summary=FORMULA)  # fmt: skip
        secretariat = make_user(session, role="secretariat")
    with cica.unit_of_work() as session:
        assert operations.finalise_due(session)
    register = https_client.get("/api/v1/decisions/export", params={"format": "csv"})
    assert register.status_code == 200
    cells = [cell for row in csv.reader(io.StringIO(register.text)) for cell in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    sign_in(https_client, secretariat.email)
    trail = https_client.get("/audit/export", params={"format": "csv"})
    assert trail.status_code == 200
    cells = [cell for row in csv.reader(io.StringIO(trail.text)) for cell in row]
    assert "'" + FORMULA in cells and "'-1+2@ind.example" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
