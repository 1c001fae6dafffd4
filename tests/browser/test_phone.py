"""On a 390-px phone no page scrolls sideways: tables stack or scroll in their own box, the header
spans the page and the language switcher stays on one line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from cica.core.context import Context
from cica.deliberation import operations
from tests.factories import CHAIR, PASSWORD, delegate, make_draft, make_user

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def pages(served_context: Context) -> tuple[str, list[str]]:
    """A signed-in Secretariat officer, and every main page with something on it."""
    with served_context.unit_of_work() as session:
        officer = make_user(session, role="secretariat").email
        draft = make_draft(
            session, organ="ministerial_council", title="Declaration on Dialogue and Trust in Asia"
        )
        operations.propose_amendment(
            session, draft.id, kind="replace", paragraphs=[2], text="Welcoming the remarkable progress,",
            justification="A longer justification that should wrap rather than widen the page.",
            actor=delegate("IND"),
        )  # fmt: skip
        procedure = operations.open_consensus(session, draft.id, present=["AZE", "IND", "CHN"], actor=CHAIR)
        operations.record_position(
            session, procedure.id, stance="reservation", text="Without prejudice to our position.",
            paragraphs=[2], actor=delegate("CHN"),
        )  # fmt: skip
        decision = operations.close_consensus(session, procedure.id, actor=CHAIR).decision
        assert decision is not None
        other = make_draft(session, organ="ministerial_council", title="Road map")
        silence = operations.start_silence(session, other.id, period="P14D", actor=CHAIR)
    return officer, [
        "/", "/members", "/drafts", f"/drafts/{draft.id}", f"/drafts/{draft.id}/diff", "/drafts/new",
        f"/procedures/{procedure.id}", f"/procedures/{silence.id}", "/decisions", f"/decisions/{decision.id}",
        "/notifications", "/account", "/delegations", "/delegations/IND", "/audit",
    ]  # fmt: skip


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def sign_in(page: Page, email: str) -> None:
    page.goto("/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator(".signin-form button[type=submit]").click()
    page.wait_for_url("**/")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_main_page_scrolls_sideways_on_a_phone(
    phone: Page, pages: tuple[str, list[str]], lang: str
) -> None:
    officer, paths = pages
    sign_in(phone, officer)
    too_wide = []
    for path in ["/signin", *paths]:
        phone.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        header = phone.evaluate("document.querySelector('.site-header').getBoundingClientRect().width")
        switcher = phone.evaluate(
            "(() => { const items = [...document.querySelectorAll('#languages li')];"
            " return new Set(items.map((li) => Math.round(li.getBoundingClientRect().top))).size; })()"
        )
        if width > PHONE["width"] or header < PHONE["width"] or switcher != 1:
            too_wide.append(f"{path}: width {width}, header {header}, switcher rows {switcher}")
    assert not too_wide, "\n".join(too_wide)
