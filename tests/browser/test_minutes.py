"""The minutes' page in a real browser: the Secretariat drafts, circulates and corrects through
the forms, compares two versions and records the approval; axe-core checks the page in every
language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from cica.core.context import Context
from tests.browser.conftest import Axe
from tests.factories import PASSWORD, make_meeting, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def secretariat(browser: Browser, base_url: str, served_context: Context) -> Iterator[Page]:
    with served_context.unit_of_work() as session:
        email = make_user(session, role="secretariat").email
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/signin?lang=en")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator(".signin-form button[type=submit]").click()
    # Sign-in answers through HTMX: wait for its redirect, or the next goto races it.
    expect(page.locator(".account-email")).to_have_text(email)
    yield page
    context.close()


def _meetings(served_context: Context, first: str, later: str) -> tuple[int, int]:
    with served_context.unit_of_work() as session:
        return make_meeting(session, organ="swg", day=first).id, make_meeting(
            session, organ="swg", day=later
        ).id


def test_the_secretariat_takes_the_minutes_to_approval(
    secretariat: Page, served_context: Context, axe: Axe
) -> None:
    first, later = _meetings(served_context, "2003-01-14", "2003-03-18")
    page = secretariat
    page.goto(f"/meetings/{first}/minutes")
    page.locator("#m-text").fill("The Group met.\n\nThe agenda was adopted.")
    page.locator("form[action$='/minutes'] button[type=submit]").click()
    expect(page.locator(".paragraphs li")).to_have_count(2)
    page.locator("form[action$='/circulate'] button[type=submit]").click()
    # The form answers through HTMX, whose redirect loads the page again: wait for it.
    expect(page.locator(".facts")).to_contain_text("circulated to the delegations")
    page.locator("#c-text").fill("The Group met.\n\nThe agenda was adopted.\n\nThe meeting closed.")
    page.locator("form[action$='/correct'] button[type=submit]").click()
    expect(page.locator(".paragraphs li")).to_have_count(3)
    expect(page.locator(".versions li")).to_have_count(2)
    axe(page)
    page.locator("form[action$='/minutes/diff'] button[type=submit]").click()
    expect(page.locator(".diff li")).to_contain_text("Paragraph 3 inserted")
    page.go_back()
    page.select_option("#a-meeting", str(later))
    page.locator("form[action$='/approve'] button[type=submit]").click()
    expect(page.locator(".facts")).to_contain_text("approved and frozen")
    expect(page.locator("#c-text")).to_have_count(0)


@pytest.mark.parametrize("lang", ["en", "ru", "zh", "fr"])
def test_axe_finds_no_serious_violations_on_the_minutes_page(
    secretariat: Page, served_context: Context, axe: Axe, lang: str
) -> None:
    days = {"en": "2003-05-06", "ru": "2003-06-10", "zh": "2003-07-15", "fr": "2003-09-16"}
    first, _ = _meetings(served_context, days[lang], days[lang].replace("2003", "2004"))
    secretariat.goto(f"/meetings/{first}/minutes?lang={lang}")
    axe(secretariat)
