"""The answer cache on a real database (SQLite and PostgreSQL): a hit runs no SQL and serves the
same bytes; what another Context (another process) commits is answered at once; callers never
share an entry; an answer about "now" ends with its minute, its day or its session."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from cica.accounts import operations as accounts
from cica.accounts.models import ApiToken, WebSession
from cica.accounts.queries import actor_for_email, digest
from cica.app import create_app
from cica.charter.loader import load_charter
from cica.core.clock import FixedClock
from cica.core.context import Context
from cica.core.settings import Settings
from cica.registry.operations import apply_charter
from tests.factories import charter_data, make_draft, make_token, make_user, write_charter
from tests.web.deliberation.conftest import sign_in

# 12:00 at CICA's seat (Asia/Almaty, UTC+5).
NOON = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


class Statements:
    """Counts the statements an engine runs (the cache's own connection is not one of its)."""

    def __init__(self, context: Context) -> None:
        self.count = 0
        event.listen(context.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_: Any) -> None:
        self.count += 1


def hit(client: TestClient, counted: Statements, path: str, **kwargs: Any) -> Any:
    """A request answered from the cache, tried a few times: on PostgreSQL any commit on the
    server (another database's too) makes a miss, which is safe but not what is tested here; a
    busy shared server can commit between many requests in a row (the suite's other worker runs
    bulk writes for seconds), hence the pauses and the long patience."""
    give_up = time.monotonic() + 60
    while time.monotonic() < give_up:
        before = counted.count
        answer = client.get(path, **kwargs)
        if counted.count == before:
            return answer
        time.sleep(0.01)
    raise AssertionError(f"{path} was never answered from the cache")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOON)


@pytest.fixture(params=["cica", "fictional"])
def charter(request: pytest.FixtureRequest, tmp_path: Path) -> Path | None:
    """CICA's (drafts need its organs and states), or a fictional one whose chair a test changes."""
    return None if request.param == "cica" else write_charter(tmp_path, charter_data())


@pytest.fixture
def body(settings: Settings, clock: FixedClock, charter: Path | None) -> Iterator[Context]:
    context = Context.create(settings, migrate=True, clock=clock)
    with context.unit_of_work() as session:
        apply_charter(session, load_charter(charter))
    yield context
    context.close()


@pytest.fixture
def client(body: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=body), base_url="https://testserver") as test_client:
        yield test_client


@pytest.fixture
def other(settings: Settings) -> Iterator[Context]:
    """Another process's Context on the same database: its own pool and snapshot."""
    with Context.create(settings) as context:
        yield context


@pytest.mark.parametrize("charter", ["cica"], indirect=True)
def test_a_hit_runs_no_sql_and_serves_the_same_bytes_and_headers(client: TestClient, body: Context) -> None:
    counted = Statements(body)
    for path in ("/api/v1/chair", "/api/v1/members", "/", "/members"):
        first = client.get(path)
        again = hit(client, counted, path)
        assert again.content == first.content and again.headers.raw == first.headers.raw, path
        not_modified = hit(client, counted, path, headers={"If-None-Match": first.headers["etag"]})
        assert not_modified.status_code == 304


@pytest.mark.parametrize("charter", ["cica"], indirect=True)
def test_the_304_from_an_entry_is_the_one_the_app_sends(client: TestClient, body: Context) -> None:
    counted = Statements(body)
    etag = client.get("/api/v1/chair").headers["etag"]
    from_entry = hit(client, counted, "/api/v1/chair", headers={"If-None-Match": etag})
    uncached = replace(body.settings, answer_cache_bytes=0)
    with (
        Context.create(uncached, clock=body.clock) as plain,
        TestClient(create_app(context=plain), base_url="https://testserver") as c,
    ):
        built = c.get("/api/v1/chair", headers={"If-None-Match": etag})
    assert built.status_code == from_entry.status_code == 304
    assert from_entry.headers.raw == built.headers.raw


def _chair_passes_to_france(tmp_path: Path) -> Path:
    data = charter_data()
    data["chairmanships"] = [
        {"participant": "FRA", "from": "2000", "to": "2002"},
        {"participant": "DEU", "from": "2002", "to": "2020"},
        {"participant": "FRA", "from": "2020"},
    ]
    return write_charter(tmp_path, data, "changed.toml")


@pytest.mark.parametrize("charter", ["fictional"], indirect=True)
def test_a_charter_applied_by_another_context_is_answered_at_once(
    client: TestClient, body: Context, other: Context, tmp_path: Path
) -> None:
    counted = Statements(body)
    assert client.get("/api/v1/chair").json()["code"] == "DEU"
    hit(client, counted, "/api/v1/chair")
    home = client.get("/").text
    with other.unit_of_work() as session:
        apply_charter(session, load_charter(_chair_passes_to_france(tmp_path)))
    assert client.get("/api/v1/chair").json()["code"] == "FRA"
    assert client.get("/").text != home


@pytest.mark.parametrize("charter", ["fictional"], indirect=True)
def test_a_charter_applied_by_another_process_is_answered_at_once(
    client: TestClient, body: Context, settings: Settings, tmp_path: Path
) -> None:
    counted = Statements(body)
    client.get("/api/v1/chair")
    hit(client, counted, "/api/v1/chair")
    changed = _chair_passes_to_france(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CICA_")}
    env |= {"CICA_DATABASE_URL": settings.database_url, "CICA_AUDIT_KEY_DIR": settings.audit_key_dir}
    subprocess.run([sys.executable, "-m", "cica", "init", "--charter", str(changed)], env=env, check=True)
    assert client.get("/api/v1/chair").json()["code"] == "FRA"


@pytest.mark.parametrize("charter", ["cica"], indirect=True)
def test_a_token_revoked_by_another_context_is_refused_at_once(
    client: TestClient, body: Context, other: Context
) -> None:
    with body.unit_of_work() as session:
        owner = make_user(session, role="delegate", delegation="IND")
        token, email, draft = make_token(session, owner), owner.email, make_draft(session).id
    headers = {"Authorization": f"Bearer {token}"}
    counted = Statements(body)
    assert client.get(f"/api/v1/drafts/{draft}", headers=headers).status_code == 200
    hit(client, counted, f"/api/v1/drafts/{draft}", headers=headers)
    with other.unit_of_work() as session:
        found = session.scalars(select(ApiToken).where(ApiToken.token_hash == digest(token))).one()
        accounts.revoke_token(session, token_id=found.id, actor=actor_for_email(session, email))
    assert client.get(f"/api/v1/drafts/{draft}", headers=headers).status_code == 401


@pytest.mark.parametrize("charter", ["cica"], indirect=True)
def test_a_sign_out_by_another_context_is_seen_at_once(
    client: TestClient, body: Context, other: Context
) -> None:
    with body.unit_of_work() as session:
        user = make_user(session, role="delegate", delegation="IND")
        email, draft = user.email, make_draft(session).id
    sign_in(client, email)
    counted = Statements(body)
    signed_in = client.get(f"/drafts/{draft}").text
    assert email in signed_in or "signout" in signed_in
    hit(client, counted, f"/drafts/{draft}")
    cookie = client.cookies["cica_session"]
    with other.unit_of_work() as session:
        actor = actor_for_email(session, email)
        ended = session.get(WebSession, digest(cookie))
        assert ended is not None
        accounts.sign_out(session, session_id=ended.id, actor=actor)
    after = client.get(f"/drafts/{draft}").text
    assert "/signout" not in after and "/signout" in signed_in


@pytest.mark.parametrize("charter", ["cica"], indirect=True)
def test_two_callers_never_share_an_entry(client: TestClient, body: Context) -> None:
    with body.unit_of_work() as session:
        india = make_token(session, make_user(session, role="delegate", delegation="IND"))
        named = make_draft(session, classification="confidential", named=("IND",)).id
    headers = {"Authorization": f"Bearer {india}"}
    counted = Statements(body)
    assert client.get(f"/api/v1/drafts/{named}", headers=headers).status_code == 200
    hit(client, counted, f"/api/v1/drafts/{named}", headers=headers)
    assert client.get(f"/api/v1/drafts/{named}").status_code == 404
    assert client.get(f"/api/v1/drafts/{named}", headers={"Cookie": "cica_session=x"}).status_code == 404


@pytest.mark.parametrize("charter", ["cica"], indirect=True)
def test_an_answer_about_today_ends_with_the_day_at_the_seat(
    client: TestClient, body: Context, clock: FixedClock
) -> None:
    counted = Statements(body)
    clock.moment = datetime(2026, 12, 1, 18, 59, tzinfo=UTC)  # 23:59 at the seat
    today = client.get("/api/v1/members").json()
    hit(client, counted, "/api/v1/members")
    clock.advance(timedelta(minutes=1))  # 00:00 on 2 December at the seat
    tomorrow = client.get("/api/v1/members").json()
    assert (today["on"], tomorrow["on"]) == ("2026-12-01", "2026-12-02")


@pytest.mark.parametrize("charter", ["cica"], indirect=True)
def test_a_draft_answer_ends_with_its_minute(client: TestClient, body: Context, clock: FixedClock) -> None:
    with body.unit_of_work() as session:
        draft = make_draft(session).id
    counted = Statements(body)
    client.get(f"/api/v1/drafts/{draft}")
    clock.advance(timedelta(seconds=59))
    hit(client, counted, f"/api/v1/drafts/{draft}")
    clock.advance(timedelta(seconds=1))
    before = counted.count
    client.get(f"/api/v1/drafts/{draft}")
    assert counted.count > before


def test_a_signed_in_answer_ends_with_the_session(
    settings: Settings, clock: FixedClock, tmp_path: Path
) -> None:
    short = replace(settings, session_idle_minutes=5, session_max_hours=1)
    context = Context.create(short, migrate=True, clock=clock)
    try:
        with context.unit_of_work() as session:
            apply_charter(session, load_charter(None))
            user = make_user(session, role="delegate", delegation="IND")
            email = user.email
        with TestClient(create_app(context=context), base_url="https://testserver") as client:
            sign_in(client, email)
            counted = Statements(context)
            assert "/signout" in client.get("/members").text
            assert "/signout" in hit(client, counted, "/members").text
            # Unused for the idle time: ended, though the page was kept until tomorrow.
            clock.advance(timedelta(minutes=5))
            assert "/signout" not in client.get("/members").text
    finally:
        context.close()


@pytest.mark.parametrize("charter", ["cica"], indirect=True)
def test_an_answer_that_sets_a_cookie_is_not_kept(client: TestClient, body: Context) -> None:
    counted = Statements(body)
    first = client.get("/members?lang=ru")
    assert "set-cookie" in first.headers
    client.cookies.clear()  # asked again exactly as the first time
    before = counted.count
    again = client.get("/members?lang=ru")
    assert counted.count > before and "set-cookie" in again.headers


@pytest.mark.parametrize("charter", ["cica"], indirect=True)
def test_anonymous_reading_sets_no_cookie(client: TestClient) -> None:
    for path in ("/", "/members", "/api/v1/members"):
        assert "set-cookie" not in client.get(path).headers


@pytest.mark.parametrize("charter", ["cica"], indirect=True)
def test_a_write_through_this_same_app_is_answered_at_once(client: TestClient, body: Context) -> None:
    """The app's own writes go through pooled connections, not the cache's: they count too."""
    with body.unit_of_work() as session:
        head = make_token(session, make_user(session, role="head_of_delegation", delegation="IND"))
    headers = {"Authorization": f"Bearer {head}"}
    counted = Statements(body)
    assert client.get("/api/v1/delegations/IND", headers=headers).json()["contact_email"] is None
    hit(client, counted, "/api/v1/delegations/IND", headers=headers)
    changed = client.put("/api/v1/delegations/IND", headers=headers, json={"contact_email": "m@ind.example"})
    assert changed.status_code == 200, changed.text
    assert client.get("/api/v1/delegations/IND", headers=headers).json()["contact_email"] == "m@ind.example"
