"""The sample document side by side in Chromium: pointing at a French sentence highlights its
Chinese partner (and only it), and moving away clears the highlight; under the CSP (the `page`
fixture fails on any violation) and with no serious accessibility fault."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cica.core.context import Context
from tests.browser.conftest import Axe
from tests.factories import make_document

pytestmark = pytest.mark.browser


def test_hovering_a_french_sentence_highlights_its_chinese_partner(
    page: Page, served_context: Context, axe: Axe
) -> None:
    with served_context.unit_of_work() as session:
        symbol = make_document(session, symbol="CICA/INF/2017/9").symbol
    page.goto(f"/documents/{symbol}?lang=fr")
    page.locator("form.chooser input[name=v][value=fr]").check()
    page.locator("form.chooser input[name=v][value=zh]").check()
    page.locator("form.chooser button[type=submit]").click()
    expect(page.locator("table.side-by-side")).to_be_visible()
    french = page.locator('td[lang="fr"] .sentence', has_text="Elle renforce la coopération.")
    partner = page.locator('td[lang="zh"] .sentence', has_text="加强成员国安全合作。")
    other = page.locator('td[lang="zh"] .sentence', has_text="亚信会议恪守")
    french.hover()
    expect(partner).to_have_class("sentence partner")
    expect(other).to_have_class("sentence")
    page.locator("h1").hover()
    expect(partner).to_have_class("sentence")
    axe(page)
