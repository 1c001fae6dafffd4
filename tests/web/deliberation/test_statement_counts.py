"""What the hot pages cost the database: SQL statements per request (counted with a
`before_cursor_execute` listener), one pooled connection per request, and no SQL for the registry
once its snapshot is read. Speed itself is measured in `make bench`, never here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from sqlalchemy import Engine, event

from cica.access.guard import allowed
from cica.core.context import Context
from cica.core.settings import Settings
from cica.deliberation import operations, queries
from tests.factories import CHAIR, make_draft
from tests.web.deliberation.conftest import Api, sign_in

# The caps: a signed-in draft page used to run 64-94 statements on two connections.
DRAFT_PAGE_CAP = 15
BOARD_CAP = 10
POLL_CAP = 3  # BEGIN, the charter's key, the procedure's version
STAMP = re.compile(r'data-stamp="([0-9a-f]+)"')


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # What a request costs when it is built: the answer cache (core.answers, tested on its own)
    # is off here, or a repeated request would be served without reaching the route at all.
    return replace(settings, answer_cache_bytes=0)


@dataclass
class Tally:
    statements: list[str] = field(default_factory=list)
    checkouts: int = 0
    connects: int = 0


@contextmanager
def counting(engine: Engine) -> Iterator[Tally]:
    tally = Tally()

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        tally.statements.append(sql)

    def checkout(*_: Any) -> None:
        tally.checkouts += 1

    def connect(*_: Any) -> None:
        tally.connects += 1

    listeners = (("before_cursor_execute", statement), ("checkout", checkout), ("connect", connect))
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        yield tally
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)


def council_draft(context: Context) -> int:
    with context.unit_of_work() as session:
        return make_draft(session, organ="ministerial_council").id


def test_a_signed_in_draft_page_runs_few_statements_on_one_pooled_connection(api: Api, cica: Context) -> None:
    draft_id = council_draft(cica)
    client = api.client
    anonymous = client.get(f"/drafts/{draft_id}")  # warms the snapshot and the pool
    with counting(cica.engine) as reading:
        assert client.get(f"/drafts/{draft_id}").text == anonymous.text
    sign_in(client, api.emails["chair"])  # the chairing state's head: every step is offered
    page = client.get(f"/drafts/{draft_id}")
    assert "Open the consensus procedure" in page.text and "Start the silence procedure" in page.text
    with counting(cica.engine) as signed_in:
        assert client.get(f"/drafts/{draft_id}").text == page.text
    assert len(reading.statements) <= DRAFT_PAGE_CAP, reading.statements
    assert len(signed_in.statements) <= DRAFT_PAGE_CAP, signed_in.statements
    # Identifying the caller shares the route's connection; a pooled one, so no PRAGMAs again.
    assert (reading.checkouts, signed_in.checkouts) == (1, 1)
    assert reading.connects == signed_in.connects == 0
    assert not [sql for sql in signed_in.statements if "participant" in sql or "chair_term" in sql]


def test_an_api_read_with_a_token_identifies_the_caller_on_the_routes_connection(
    api: Api, cica: Context
) -> None:
    draft_id = council_draft(cica)
    assert api.get(f"/drafts/{draft_id}", "india").status_code == 200
    with counting(cica.engine) as tally:
        assert api.get(f"/drafts/{draft_id}", "india").status_code == 200
    assert tally.checkouts == 1 and tally.connects == 0
    assert any("api_token" in sql for sql in tally.statements)


def test_the_board_and_its_poll_run_few_statements(api: Api, cica: Context) -> None:
    draft_id = council_draft(cica)
    with cica.unit_of_work() as session:
        procedure_id = operations.open_consensus(session, draft_id, actor=CHAIR).id
    client = api.client
    first = client.get(f"/procedures/{procedure_id}/board")
    stamp = STAMP.search(first.text)
    assert stamp
    with counting(cica.engine) as board:
        assert client.get(f"/procedures/{procedure_id}/board").status_code == 200
    with counting(cica.engine) as poll:
        assert (
            client.get(f"/procedures/{procedure_id}/board", params={"since": stamp.group(1)}).status_code
            == 204
        )
    assert len(board.statements) <= BOARD_CAP, board.statements
    assert len(poll.statements) <= POLL_CAP, poll.statements
    assert any("procedure.version" in sql for sql in poll.statements)
    assert not [sql for sql in poll.statements if "position" in sql]  # the board is not rebuilt


def test_permission_checks_and_step_buttons_issue_no_sql_for_the_registry(cica: Context) -> None:
    draft_id = council_draft(cica)
    with cica.unit_of_work(write=False) as session:
        who = queries.reader(session, CHAIR)  # reads the charter's key: the snapshot of this unit of work
        detail = queries.draft_detail(session, who, draft_id)
        with counting(cica.engine) as tally:
            steps = queries.next_steps(session, CHAIR, who, detail)
            chairs = allowed(session, CHAIR, "consensus.close", day=who.day)
    assert steps.consensus and chairs
    assert tally.statements == []
