"""One clock: at 23:30 UTC on 23 September 2020 it is already 05:30 on 24 September at CICA's seat
(Almaty), the day Kazakhstan took the chair over from Tajikistan (and neither chairs today). Operations, API, pages and CLI must all
answer for the seat's day, by the clock the context carries (here `CICA_FROZEN_TIME`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from cica.access.actors import Actor
from cica.access.guard import authorize
from cica.app import create_app
from cica.charter.loader import load_charter
from cica.core.clock import FixedClock, clock_from_setting
from cica.core.context import Context
from cica.core.errors import InvalidInput, PermissionDenied
from cica.core.settings import Settings
from cica.registry import queries
from cica.registry.operations import apply_charter
from tests.conftest import RunCli, _runner
from tests.factories import make_token, make_user

MOMENT = "2020-09-23T23:30:00+00:00"
SEAT_DAY = date(2020, 9, 24)  # 05:30 in Almaty (UTC+6 until 2024)
SERVER_DAY = date(2020, 9, 23)


@pytest.fixture
def late(settings: Settings) -> Iterator[Context]:
    context = Context.create(replace(settings, frozen_time=MOMENT), migrate=True)
    with context.unit_of_work() as session:
        apply_charter(session, load_charter(None))
    yield context
    context.close()


@pytest.fixture
def heads(late: Context) -> dict[str, tuple[str, str]]:
    """E-mail and API token of the heads of delegation of the old and the new chair."""
    with late.unit_of_work() as session:
        found = {}
        for code in ("KAZ", "TJK"):
            user = make_user(session, role="head_of_delegation", delegation=code)
            found[code] = (user.email, make_token(session, user))
        return found


def test_the_clock_the_context_carries_decides_the_day_of_every_query(late: Context) -> None:
    assert late.clock.now() == datetime(2020, 9, 23, 23, 30, tzinfo=UTC)
    with late.unit_of_work(write=False) as session:
        assert queries.seat_today(session) == SEAT_DAY
        assert queries.chair_on(session, SEAT_DAY).code == "KAZ"
        assert queries.chair_on(session, SERVER_DAY).code == "TJK"  # the day a server in UTC sees


def test_operations_grant_the_chair_s_rights_to_the_chair_at_the_seat(late: Context) -> None:
    new_chair = Actor(None, "head@kaz.example", "head_of_delegation", "KAZ")
    old_chair = Actor(None, "head@tjk.example", "head_of_delegation", "TJK")
    with late.unit_of_work(write=False) as session:
        authorize(session, new_chair, "consensus.open")
        with pytest.raises(PermissionDenied):
            authorize(session, old_chair, "consensus.open")


def test_api_and_pages_answer_for_the_seat_s_day(late: Context, heads: dict[str, tuple[str, str]]) -> None:
    with TestClient(create_app(context=late)) as client:
        chair = client.get("/api/v1/chair").json()
        assert (chair["on"], chair["code"]) == (SEAT_DAY.isoformat(), "KAZ")
        members = client.get("/api/v1/members").json()
        with late.unit_of_work(write=False) as session:
            expected = queries.members_on(session, SEAT_DAY, "member", "en")
        assert members["on"] == SEAT_DAY.isoformat()
        assert [item["code"] for item in members["items"]] == [item.code for item in expected.items]

        home = client.get("/").text
        assert f'<time datetime="{SEAT_DAY.isoformat()}">' in home
        assert '<span class="figure-value">Kazakhstan</span>' in home
        assert f'value="{SEAT_DAY.isoformat()}"' in client.get("/members").text

        body = {
            "kind": "declaration",
            "organ": "swg",
            "sponsor": "chair",
            "texts": [{"lang": "en", "title": "Draft", "body": "Decide to meet."}],
        }
        for code, expected_status in (("KAZ", 201), ("TJK", 403)):
            answer = client.post(
                "/api/v1/drafts", json=body, headers={"Authorization": f"Bearer {heads[code][1]}"}
            )
            assert answer.status_code == expected_status, answer.text


def test_the_command_line_answers_for_the_seat_s_day(
    late: Context, heads: dict[str, tuple[str, str]], cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CICA_FROZEN_TIME", MOMENT)
    run: RunCli = _runner({**cli_env, "CICA_FROZEN_TIME": MOMENT})
    chair = json.loads(run("chair", "--format", "json").stdout)
    assert (chair["on"], chair["code"]) == (SEAT_DAY.isoformat(), "KAZ")
    assert json.loads(run("members", "--format", "json").stdout)["on"] == SEAT_DAY.isoformat()
    create = ("drafts", "create", "--kind", "declaration", "--organ", "swg", "--title", "Draft")
    created = run(*create, "--text", "Decide to meet.", "--sponsor", "chair", "--as", heads["KAZ"][0])
    assert created.exit_code == 0, created.output
    refused = run(*create, "--text", "Decide to meet.", "--sponsor", "chair", "--as", heads["TJK"][0])
    assert refused.exit_code == 2 and "not allowed" in refused.stderr


def test_a_frozen_time_without_a_zone_is_refused() -> None:
    with pytest.raises(InvalidInput, match="CICA_FROZEN_TIME"):
        clock_from_setting("2024-12-16T23:30:00")
    assert clock_from_setting("").now().tzinfo is UTC
    assert FixedClock(datetime(2020, 9, 24, 5, 30, tzinfo=ZoneInfo("Asia/Almaty"))).now() == (
        datetime(2020, 9, 23, 23, 30, tzinfo=UTC)
    )
