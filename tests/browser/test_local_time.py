"""A silence deadline is shown in the body's time zone, in UTC, and in the reader's own zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, expect

from cica.core.context import Context
from tests.factories import make_silence

pytestmark = pytest.mark.browser


def test_a_silence_deadline_is_also_shown_in_the_readers_time_zone(
    browser: Browser, base_url: str, served_context: Context
) -> None:
    started = datetime(2099, 3, 1, 6, 0, tzinfo=UTC)  # far ahead, so the scheduler leaves it open
    with served_context.unit_of_work() as session:
        procedure = make_silence(session, started=started, title="Report on Confidence-Building in 2098")
        procedure_id = procedure.id
    context = browser.new_context(base_url=base_url, locale="en-GB", timezone_id="America/Sao_Paulo")
    try:
        page = context.new_page()
        page.goto(f"/procedures/{procedure_id}")
        deadline = page.locator("dd", has=page.locator("time.local-time"))
        expect(deadline).to_contain_text("Asia/Almaty")
        expect(deadline).to_contain_text("UTC")
        # 2099-03-15 06:00 UTC is 03:00 in São Paulo.
        expect(page.locator("time.local-time")).to_contain_text("2099-03-15 03:00 (America/Sao_Paulo)")
    finally:
        context.close()
