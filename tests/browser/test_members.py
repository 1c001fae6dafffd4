"""The pages in a real browser: the date field updates the lists in place, the language switcher,
and axe-core's accessibility checks in every language. Needs the built-in CICA charter."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Axe

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "ru", "zh", "fr")


def test_a_new_date_updates_the_lists_in_place(page: Page) -> None:
    page.goto("/members?lang=en")
    # A full reload would lose this; an htmx swap keeps it.
    page.evaluate("window.__notReloaded = true")
    page.fill("#on", "2014-05-21")
    members = page.locator("#member-section")
    expect(members.locator("h2 .count")).to_have_text("26")
    expect(members.locator("tbody tr")).to_have_count(26)
    expect(page.locator(".summary time")).to_have_text("2014-05-21")
    assert page.evaluate("window.__notReloaded") is True
    # The address shows the full page for that day, and the switcher links keep the day.
    expect(page).to_have_url(re.compile(r"/members\?on=2014-05-21"))
    expect(page.locator('#languages a[hreflang="fr"]')).to_have_attribute(
        "href", "/members?on=2014-05-21&lang=fr"
    )


def test_enter_in_the_date_field_updates_the_lists_in_place(page: Page) -> None:
    page.goto("/members?lang=en&on=2020-01-01")
    page.evaluate("window.__notReloaded = true")
    # Set the value without events (how a browser's own date typing differs by locale), so that
    # only the keyboard's Enter, submitting the form, can bring the new lists.
    page.eval_on_selector("#on", "field => { field.value = '2014-05-21'; }")
    page.focus("#on")
    page.keyboard.press("Enter")
    expect(page.locator("#member-section tbody tr")).to_have_count(26)
    assert page.evaluate("window.__notReloaded") is True


def test_without_javascript_the_form_loads_the_full_page(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        page.goto("/members?lang=en")
        page.fill("#on", "2014-05-21")
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(re.compile(r"/members\?on=2014-05-21&lang=en$"))
        expect(page.locator("#member-section tbody tr")).to_have_count(26)
    finally:
        context.close()


def test_the_switcher_turns_the_page_into_chinese(page: Page) -> None:
    page.goto("/members?lang=en")
    page.locator("#languages").get_by_role("link", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("h1")).to_have_text("成员国、观察员和伙伴")
    expect(page.locator('#languages a[aria-current="true"]')).to_have_attribute("hreflang", "zh-Hans")
    # The choice is remembered: a page opened without ?lang= is Chinese too.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")


def test_the_skip_link_moves_focus_to_the_content(page: Page) -> None:
    page.goto("/?lang=en")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", ["/", "/members"])
def test_axe_finds_no_serious_violations(page: Page, axe: Axe, path: str, lang: str) -> None:
    page.goto(f"{path}?lang={lang}")
    # Open the collapsed notes and the data table, so that axe checks their contents too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    axe(page)
