"""Lists in a real browser: a notice marked read in place (HTMX), all at once, and a paged,
searched list of drafts with its Older/Newer links, checked by axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cica.core.context import Context
from tests.browser.conftest import Axe
from tests.factories import PASSWORD, SECRETARIAT, make_draft, make_user

pytestmark = pytest.mark.browser


def sign_in(page: Page, email: str) -> None:
    page.goto("/signin?lang=en")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".account-email")).to_have_text(email)


def test_a_notice_is_marked_read_in_place_and_then_all_at_once(
    page: Page, served_context: Context, axe: Axe
) -> None:
    with served_context.unit_of_work() as session:
        email = make_user(session, role="delegate", delegation="KAZ").email
        for number in range(3):
            make_draft(session, organ="soc", title=f"Notice test {number}", actor=SECRETARIAT)
    sign_in(page, email)
    page.goto("/notifications?q=notice+test")
    unread = page.locator("li.notice-unread")
    expect(unread).to_have_count(3)
    axe(page)
    page.evaluate("window.notReloaded = true")
    unread.first.get_by_role("button", name="Mark as read").click()
    expect(unread).to_have_count(2)
    assert page.evaluate("window.notReloaded === true"), "the page was reloaded, not swapped in place"
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("li.notice-unread")).to_have_count(0)
    expect(page.get_by_role("button", name="Mark all as read")).to_have_count(0)


def test_a_searched_list_of_drafts_pages_older_and_newer(
    page: Page, served_context: Context, axe: Axe
) -> None:
    with served_context.unit_of_work() as session:
        for number in range(3):
            make_draft(session, organ="soc", title=f"Pager check {number}", actor=SECRETARIAT)
    page.goto("/drafts?lang=fr&limit=2&q=pager+check")
    expect(page.get_by_label("Mots du titre")).to_have_value("pager check")
    expect(page.locator("table.drafts tbody tr")).to_have_count(2)
    axe(page)
    page.get_by_role("link", name="Plus anciens →").click()
    expect(page.locator("table.drafts tbody tr")).to_have_count(1)
    page.get_by_role("link", name="← Plus récents").click()
    expect(page.locator("table.drafts tbody tr")).to_have_count(2)
    expect(page.get_by_role("link", name="← Plus récents")).to_have_count(0)
