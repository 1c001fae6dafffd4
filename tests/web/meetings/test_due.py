"""Organs whose next regular meeting is due or overdue: `organ_calendar` and the home page's panel,
on the one clock (`frozen_time`), in the reader's language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient

from cica.access.actors import Actor
from cica.app import create_app
from cica.core.context import Context
from cica.core.settings import Settings
from cica.meetings import operations, queries, record
from cica.meetings.rules import DueState
from tests.conftest import make_context


def _at(settings: Settings, moment: str) -> Context:
    context = make_context(replace(settings, frozen_time=moment, answer_cache_bytes=0))
    with context.unit_of_work() as session:
        operations.load_record(session, record.load("cica", "Asia/Almaty"), actor=Actor.system())
    return context


@pytest.fixture
def december_2026(settings: Settings) -> Iterator[Context]:
    context = _at(settings, "2026-12-02T06:00:00+00:00")
    yield context
    context.close()


def test_the_summit_is_overdue_and_the_ministerial_due_but_uncertain(december_2026: Context) -> None:
    with december_2026.unit_of_work(write=False) as session:
        found = {item.organ: item for item in queries.organ_calendar(session).items}
    summit, ministerial = found["summit"], found["ministerial_council"]
    assert (summit.due, summit.due_on, summit.uncertain) == (DueState.OVERDUE, date(2026, 10, 12), False)
    # The last regular Ministerial Council sat on 17 Dec 2024; informal ones do not count.
    assert (ministerial.due, ministerial.due_on, ministerial.latest_on) == (
        DueState.DUE,
        date(2026, 12, 17),
        date(2028, 12, 17),
    )
    assert ministerial.uncertain
    assert found["soc"].due is None  # no SOC meeting is in the record: nothing to count from
    assert found["swg"].due is None  # no cycle in the charter


def test_the_home_page_panel_in_the_readers_language(december_2026: Context) -> None:
    with TestClient(create_app(context=december_2026)) as client:
        french = client.get("/", params={"lang": "fr"}).text
        english = client.get("/").text
    assert 'id="due-heading"' in english and "Overdue since October 12, 2026" in english
    assert "Due by December 17, 2026" in english and "December 17, 2028" in english
    assert "12 octobre 2026" in french and "17 décembre 2028" in french and "Overdue" not in french


def test_no_panel_when_nothing_is_due(settings: Settings) -> None:
    context = _at(settings, "2024-03-01T06:00:00+00:00")
    try:
        with context.unit_of_work(write=False) as session:
            assert queries.organ_calendar(session).falling_due == []
        with TestClient(create_app(context=context)) as client:
            assert 'id="due-heading"' not in client.get("/").text
    finally:
        context.close()
