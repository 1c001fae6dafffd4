"""Two server processes on one database (two apps, each with its own Context, pool and snapshot):
what one records, the other answers at once — a position on the board and its poll, a
delegation's contact details."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cica.app import create_app
from cica.core.context import Context
from cica.core.settings import Settings
from cica.deliberation import operations
from tests.factories import CHAIR, make_draft
from tests.web.deliberation.conftest import Api

STAMP = re.compile(r'data-stamp="([0-9a-f]+)"')


@pytest.fixture
def other(settings: Settings, api: Api) -> Iterator[TestClient]:
    """The second process: a Context of its own on the database `api` serves."""
    with (
        Context.create(settings) as context,
        TestClient(create_app(context=context), base_url="https://testserver") as client,
    ):
        yield client


def test_a_position_taken_in_one_app_shows_in_the_others_board_and_poll(
    api: Api, other: TestClient, cica: Context
) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session, organ="ministerial_council").id
        procedure_id = operations.open_consensus(session, draft_id, actor=CHAIR).id
    board = f"/procedures/{procedure_id}/board"
    seen = STAMP.search(other.get(board).text)
    assert seen
    assert other.get(board, params={"since": seen.group(1)}).status_code == 204
    taken = api.post(
        f"/procedures/{procedure_id}/positions", "india", json={"stance": "object", "text": "No."}
    )
    assert taken.status_code == 200, taken.text
    polled = other.get(board, params={"since": seen.group(1)})
    assert polled.status_code == 200 and "No." in polled.text
    fresh = STAMP.search(polled.text)
    assert fresh and fresh.group(1) != seen.group(1)
    assert other.get(board, params={"since": fresh.group(1)}).status_code == 204
    rows = other.get(f"/api/v1/procedures/{procedure_id}/board").json()["rows"]
    assert next(row for row in rows if row["code"] == "IND")["stance"] == "object"
    closed = api.post(f"/procedures/{procedure_id}/close", "chair")
    assert closed.status_code == 200, closed.text
    assert other.get(board, params={"since": fresh.group(1)}).status_code == 200  # closing is news too


def test_a_delegations_details_changed_in_one_app_show_in_the_other(api: Api, other: TestClient) -> None:
    headers = {"Authorization": f"Bearer {api.tokens['india_head']}"}
    assert other.get("/api/v1/delegations/IND", headers=headers).json()["contact_email"] is None
    changed = api.client.put(
        "/api/v1/delegations/IND", headers=headers, json={"contact_email": "mission@ind.example"}
    )
    assert changed.status_code == 200, changed.text
    assert (
        other.get("/api/v1/delegations/IND", headers=headers).json()["contact_email"] == "mission@ind.example"
    )
