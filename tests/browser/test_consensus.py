"""Consensus in session in real browsers: the chair opens it, two delegations join (one with a
reservation), the chair's board updates without a reload, the chair closes, and the decision page
shows the reservation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from cica.core.context import Context
from tests.browser.conftest import Axe
from tests.factories import PASSWORD, make_draft, make_user

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Cast:
    chair: str
    india: str
    china: str
    draft_id: int


@pytest.fixture(scope="module")
def cast(served_context: Context) -> Cast:
    """Accounts made through the access operations, and a draft under negotiation in the Council."""
    with served_context.unit_of_work() as session:
        chair = make_user(session, role="head_of_delegation", delegation="AZE").email
        india = make_user(session, role="delegate", delegation="IND").email
        china = make_user(session, role="delegate", delegation="CHN").email
        draft = make_draft(session, organ="ministerial_council", title="Declaration on Dialogue in Asia")
        return Cast(chair, india, china, draft.id)


@pytest.fixture
def contexts(browser: Browser, base_url: str) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def signed_in(browser: Browser, base_url: str, contexts: list[BrowserContext], email: str) -> Page:
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(10_000)
    contexts.append(context)
    page = context.new_page()
    page.goto("/signin")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".account-email")).to_have_text(email)
    return page


def test_a_consensus_board_updates_live_and_the_decision_keeps_the_reservation(
    browser: Browser, base_url: str, contexts: list[BrowserContext], cast: Cast, axe: Axe
) -> None:
    chair = signed_in(browser, base_url, contexts, cast.chair)
    chair.goto(f"/drafts/{cast.draft_id}")
    axe(chair)
    chair.get_by_role("button", name="Open the consensus procedure").click()
    expect(chair.get_by_role("heading", name="Consensus board")).to_be_visible()
    procedure_url = chair.url
    board = chair.locator("#board")
    expect(board.locator("#board-IND")).to_contain_text("Silent (counts as joining)")
    axe(chair)

    india = signed_in(browser, base_url, contexts, cast.india)
    india.goto(procedure_url)
    india.get_by_label("Joins the consensus").check()
    india.get_by_role("button", name="Record the position").click()
    expect(india.locator("#board-IND")).to_contain_text("Joins the consensus")

    china = signed_in(browser, base_url, contexts, cast.china)
    china.goto(procedure_url)
    china.get_by_label("Joins with a reservation").check()
    china.get_by_label("Reason, reservation or statement").fill(
        "Without prejudice to our position on paragraph 2."
    )
    china.get_by_label("Paragraphs (reservation only)").fill("2")
    china.get_by_role("button", name="Record the position").click()
    expect(china.locator("#board-CHN")).to_contain_text("Joins with a reservation")

    # The chair's page was never reloaded: the board polled the server and swapped itself.
    assert chair.url == procedure_url
    expect(board.locator("#board-IND")).to_contain_text("Joins the consensus", timeout=8_000)
    expect(chair.locator("#board-CHN")).to_contain_text("Without prejudice", timeout=8_000)
    expect(chair.locator("#board-summary")).to_contain_text("adopted by consensus with 1 reservation")

    chair.get_by_role("button", name="Close the procedure").click()
    chair.get_by_role("button", name="Yes, close the procedure").click()  # the confirming step
    expect(chair.get_by_role("heading", name="Reservations")).to_be_visible()
    expect(chair.locator("#reservations")).to_contain_text("China")
    expect(chair.locator("#reservations")).to_contain_text(
        "Without prejudice to our position on paragraph 2."
    )
    expect(chair.locator("h1")).to_contain_text("CICA/MC/DEC/")
    axe(chair)
