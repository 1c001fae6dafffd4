"""A decision printed from the browser: the page's print stylesheet leaves out navigation and
controls and keeps the symbol, the text and the reservations."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cica.core.context import Context
from cica.deliberation import operations
from tests.factories import CHAIR, delegate, make_draft

pytestmark = pytest.mark.browser


def test_the_printed_decision_keeps_the_record_and_drops_the_navigation(
    page: Page, served_context: Context
) -> None:
    with served_context.unit_of_work() as session:
        draft = make_draft(session, organ="ministerial_council", title="Declaration to print")
        procedure = operations.open_consensus(session, draft.id, present=["AZE", "CHN"], actor=CHAIR)
        operations.record_position(
            session, procedure.id, stance="reservation", text="Without prejudice.", paragraphs=[1],
            actor=delegate("CHN"),
        )  # fmt: skip
        decision = operations.close_consensus(session, procedure.id, actor=CHAIR).decision
        assert decision is not None
    page.goto(f"/decisions/{decision.id}")
    expect(page.locator(".site-nav")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".languages")).to_be_hidden()
    expect(page.locator(".print-links")).to_be_hidden()
    expect(page.locator("h1")).to_have_text(decision.symbol)
    expect(page.locator("#reservations")).to_contain_text("Without prejudice.")
