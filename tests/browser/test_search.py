"""Searching in Chinese from the search page in Chromium: the hit's matched word is marked and
its French partner shown beside it; under the CSP and with no serious accessibility fault."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cica.core.context import Context
from tests.browser.conftest import Axe
from tests.factories import make_document

pytestmark = pytest.mark.browser


def test_a_chinese_search_from_the_search_page(page: Page, served_context: Context, axe: Axe) -> None:
    with served_context.unit_of_work() as session:
        symbol = make_document(session, symbol="CICA/INF/2017/12").symbol
    page.goto("/?lang=zh")
    page.locator('nav.site-nav a[href="/search"]').click()
    page.locator("#s-q").fill("亚信")
    page.locator("form.search-form button[type=submit]").click()
    hit = page.locator("li.hit", has=page.locator(f'a:text-is("{symbol}")')).first
    expect(hit.locator("blockquote.snippet mark").first).to_have_text("亚信")
    expect(hit.locator('ul.aligned span[lang="fr"]')).to_contain_text("mesures de confiance")
    axe(page)
