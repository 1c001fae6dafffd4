"""The meetings' pages in a real browser: the organ filter, a meeting's page, and axe-core's
accessibility checks in every language. Loads CICA's historical record into the served database
(idempotent: by UID)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cica.access.actors import Actor
from cica.core.context import Context
from cica.meetings import operations, record
from tests.browser.conftest import Axe

pytestmark = pytest.mark.browser


@pytest.fixture
def history(served_context: Context) -> None:
    with served_context.unit_of_work() as session:
        operations.load_record(session, record.load("cica", "Asia/Almaty"), actor=Actor.system())


def test_the_organ_filter_lists_the_summits_and_leads_to_a_meeting(page: Page, history: None) -> None:
    page.goto("/meetings?lang=en")
    expect(page.locator("table.meetings tbody tr")).to_have_count(20)
    page.select_option("#organ", "summit")
    page.click("form.date-form button[type=submit]")
    expect(page.locator("table.meetings tbody tr")).to_have_count(7)
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
