"""A refused form in a real browser, without any help from JavaScript for the round trip: the same
page comes back with what was typed and the message beside its field, in the reader's language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from cica.core.context import Context
from tests.browser.conftest import Axe
from tests.factories import PASSWORD, make_draft, make_user

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_a_refused_amendment_keeps_its_text_and_says_why_beside_the_field(
    browser: Browser, base_url: str, served_context: Context, axe: Axe, javascript: bool
) -> None:
    with served_context.unit_of_work() as session:
        india = make_user(session, role="delegate", delegation="IND").email
        draft_id = make_draft(session, organ="ministerial_council", title="Declaration on Dialogue").id
    context = browser.new_context(base_url=base_url, locale="ru-RU", java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto("/signin?lang=ru")
        page.locator("#email").fill(india)
        page.locator("#password").fill(PASSWORD)
        page.locator(".signin-form button[type=submit]").click()
        page.goto(f"/drafts/{draft_id}")
        page.locator("#a-paragraphs").fill("второй")
        page.locator("#a-text").fill("Приветствуя значительный прогресс,")
        page.locator("#a-justification").fill("Стиль")
        with page.expect_navigation() as answer:
            page.locator("form[action$='/amendments'] button[type=submit]").click()
        assert answer.value is not None and answer.value.status == 422
        assert page.url.endswith(f"/drafts/{draft_id}/amendments")  # the same form, not a dead end
        expect(page.locator("#a-text")).to_have_value("Приветствуя значительный прогресс,")
        expect(page.locator("#a-justification")).to_have_value("Стиль")
        expect(page.locator("#a-paragraphs")).to_have_value("второй")
        expect(page.locator("#a-paragraphs")).to_have_attribute("aria-describedby", "amend-paragraphs-error")
        expect(page.locator("#amend-paragraphs-error")).to_contain_text("Укажите номера абзацев")
        expect(page.locator(".site-header .brand-name")).to_be_visible()
        if javascript:  # axe runs as a script in the page
            axe(page)
    finally:
        context.close()
