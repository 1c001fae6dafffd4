"""Signing in and out in a real browser, as the demo head of India's delegation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from cica.accounts.demo import DemoAccount, create_demo_accounts
from cica.core.context import Context
from tests.browser.conftest import Axe

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def demo_head(served_context: Context) -> DemoAccount:
    accounts = create_demo_accounts(served_context)
    head = next(account for account in accounts if account.role == "head_of_delegation")
    assert head.password is not None, "the demo accounts were created before this test"
    return head


def test_the_demo_head_of_delegation_signs_in_sees_india_and_signs_out(
    page: Page, demo_head: DemoAccount, axe: Axe
) -> None:
    page.goto("/members?lang=en")
    page.get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    axe(page)
    page.get_by_label("E-mail").fill(demo_head.email)
    page.get_by_label("Password").fill(demo_head.password or "")
    page.get_by_role("button", name="Sign in").click()
    # Back where the visitor came from, now signed in for India.
    expect(page).to_have_url(re.compile(r"/members\?lang=en$"))
    expect(page.locator(".account-email")).to_have_text(demo_head.email)
    expect(page.locator(".account-delegation")).to_have_text("India")
    axe(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.locator(".account-email")).to_have_count(0)
    # The session is over: the account page now asks to sign in.
    response = page.goto("/account")
    assert response is not None and response.status == 401


def test_a_wrong_password_keeps_the_visitor_on_the_form(page: Page, demo_head: DemoAccount) -> None:
    page.goto("/signin")
    page.get_by_label("E-mail").fill(demo_head.email)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong e-mail or password.")
    expect(page.get_by_label("E-mail")).to_have_value(demo_head.email)
