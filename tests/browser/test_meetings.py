"""The meetings' pages in a real browser: the organ filter, a meeting's page, and axe-core's
accessibility checks in every language. Loads CICA's historical record into the served database
(idempotent: by UID)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from cica.access.actors import Actor
from cica.core.context import Context
from cica.meetings import operations, record
from cica.meetings.models import Meeting
from tests.browser.conftest import Axe

pytestmark = pytest.mark.browser


@pytest.fixture
def history(served_context: Context) -> None:
    with served_context.unit_of_work() as session:
        operations.load_record(session, record.load("cica", "Asia/Almaty"), actor=Actor.system())


def _ids_of(served_context: Context, organ: str | None = None) -> set[str]:
    """The ids of the historical record's meetings (of `organ`) as the served database holds them:
    the served database is shared by the whole session, so others' meetings are never counted."""
    uids = [m.uid for m in record.load("cica", "Asia/Almaty") if organ is None or m.organ == organ]
    with served_context.unit_of_work(write=False) as session:
        return {str(i) for i in session.scalars(select(Meeting.id).where(Meeting.uid.in_(uids)))}


def test_the_organ_filter_lists_the_summits_and_leads_to_a_meeting(
    page: Page, history: None, served_context: Context
) -> None:
    rows = page.locator("table.meetings tbody tr")
    page.goto("/meetings?lang=en&limit=200")  # every meeting of the shared database on one page
    expect(rows.first).to_be_visible()
    recorded = _ids_of(served_context)
    assert len(recorded) == 20
    assert recorded <= set(rows.evaluate_all("rows => rows.map(r => r.dataset.meeting)"))
    page.select_option("#organ", "summit")
    page.click("form.date-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"organ=summit"))
    summits = _ids_of(served_context, "summit")
    assert len(summits) == 7
    listed = set(rows.evaluate_all("rows => rows.map(r => r.dataset.meeting)"))
    assert summits <= listed and not listed & (recorded - summits)  # every summit, nothing else's
    page.click("text=3rd Summit")
    expect(page.locator("h1")).to_have_text("3rd Summit")
    expect(page.locator(".documents li")).to_contain_text("Istanbul Summit Declaration")


@pytest.mark.parametrize("lang", ["en", "ru", "zh", "fr"])
@pytest.mark.parametrize("path", ["/meetings", "/calendar"])
def test_axe_finds_no_serious_violations(page: Page, axe: Axe, history: None, path: str, lang: str) -> None:
    page.goto(f"{path}?lang={lang}")
    axe(page)
    page.locator("table.meetings tbody tr a").first.click()
    axe(page)
