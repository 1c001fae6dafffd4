"""A refused form in a real browser: without JavaScript the same page comes back with what was
typed and the message beside its field, in the reader's language; with it, HTMX swaps in the same
form in place, without loading the page again (core.forms.HtmxForms, static/cica.js)."""

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
        expect(page.locator(".account-email")).to_have_text(india)
        page.goto(f"/drafts/{draft_id}")
        page.locator("#a-paragraphs").fill("второй")
        page.locator("#a-text").fill("Приветствуя значительный прогресс,")
        page.locator("#a-justification").fill("Стиль")
        submit = page.locator("form[action$='/amendments'] button[type=submit]")
        if javascript:  # swapped in place: the address stays the draft's
            with page.expect_response(f"**/drafts/{draft_id}/amendments") as answer:
                submit.click()
            assert answer.value.status == 422
            expect(page.locator("#amend-paragraphs-error")).to_be_visible()
            assert page.url.endswith(f"/drafts/{draft_id}")
        else:
            with page.expect_navigation() as navigated:
                submit.click()
            assert navigated.value is not None and navigated.value.status == 422
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


def test_htmx_swaps_the_refused_form_in_place_without_loading_the_page(
    browser: Browser, base_url: str, served_context: Context
) -> None:
    with served_context.unit_of_work() as session:
        china = make_user(session, role="delegate", delegation="CHN").email
        draft_id = make_draft(session, organ="ministerial_council", title="Declaration on Trust").id
    context = browser.new_context(base_url=base_url, locale="zh-CN")
    context.set_default_timeout(10_000)
    problems: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        # Chromium logs every 4xx answer as "Failed to load resource"; those are the point here.
        refused = "Failed to load resource: the server responded with a status of 4"
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto("/signin?lang=zh")
        # A 401 too is swapped in (HTMX alone swaps no 4xx; cica.js swaps those marked cica-swap).
        page.evaluate("document.body.dataset.marker = 'the sign-in page'")
        page.locator("#email").fill(china)
        page.locator("#password").fill("not the password")
        with page.expect_response("**/signin") as wrong:
            page.locator(".signin-form button[type=submit]").click()
        assert wrong.value.status == 401
        expect(page.locator(".signin-form [role=alert]")).to_have_text("电子邮件或密码错误。")
        expect(page.locator("#email")).to_have_value(china)
        assert page.evaluate("document.body.dataset.marker") == "the sign-in page"
        page.locator("#password").fill(PASSWORD)
        page.locator(".signin-form button[type=submit]").click()
        expect(page.locator(".account-email")).to_have_text(china)  # signed in through HX-Redirect
        page.goto(f"/drafts/{draft_id}")
        loads: list[str] = []
        page.on("load", lambda _: loads.append(page.url))
        page.evaluate("document.body.dataset.marker = 'still the same page'")
        page.locator("#a-paragraphs").fill("第二")
        page.locator("#a-text").fill("欢迎取得的重大进展，")
        page.locator("#a-justification").fill("文体")
        with page.expect_response(f"**/drafts/{draft_id}/amendments") as answer:
            page.locator("form[action$='/amendments'] button[type=submit]").click()
        assert answer.value.status == 422 and answer.value.headers["cica-swap"] == "form"
        message = page.locator("#amend-paragraphs-error")
        expect(message).to_be_visible()
        expect(message).to_contain_text("段")  # in the reader's language
        # Beside its field: the message follows the field it is about, inside the same form.
        assert page.evaluate(
            """() => {
              const field = document.querySelector('#a-paragraphs');
              const message = document.querySelector('#amend-paragraphs-error');
              return field.closest('form') === message.closest('form')
                && !!(field.compareDocumentPosition(message) & Node.DOCUMENT_POSITION_FOLLOWING);
            }"""
        )
        expect(page.locator("#a-paragraphs")).to_have_attribute("aria-describedby", "amend-paragraphs-error")
        expect(page.locator("#a-paragraphs")).to_be_focused()
        expect(page.locator("#a-text")).to_have_value("欢迎取得的重大进展，")
        expect(page.locator("#a-justification")).to_have_value("文体")
        expect(page.locator("#a-paragraphs")).to_have_value("第二")
        # No page was loaded: the marker set on this page survives, the address is the draft's.
        assert page.evaluate("document.body.dataset.marker") == "still the same page"
        assert loads == [] and page.url.endswith(f"/drafts/{draft_id}")
        assert page.locator("form[action$='/amendments']").count() == 1  # swapped, not added
        # The swapped-in form is enhanced again: a second refusal also stays in place.
        page.locator("#a-paragraphs").fill("第九")
        with page.expect_response(f"**/drafts/{draft_id}/amendments") as again:
            page.locator("form[action$='/amendments'] button[type=submit]").click()
        assert again.value.status == 422
        expect(page.locator("#a-paragraphs")).to_have_value("第九")
        expect(page.locator("#a-text")).to_have_value("欢迎取得的重大进展，")
        assert page.evaluate("document.body.dataset.marker") == "still the same page" and loads == []
        # A success still goes to the page that shows it, by a real navigation (HX-Redirect).
        page.locator("#a-paragraphs").fill("1")
        page.locator("#a-justification").fill("文体")
        with page.expect_event("load"):
            page.locator("form[action$='/amendments'] button[type=submit]").click()
        page.wait_for_load_state()
        assert page.evaluate("document.body.dataset.marker") is None  # a new page
        expect(page.locator("table, ol, ul").filter(has_text="欢迎取得的重大进展，").first).to_be_visible()
    finally:
        context.close()
    assert [text for text in problems if not text.startswith(refused)] == []  # no script error, no CSP
