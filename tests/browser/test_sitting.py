"""Issue 11's "what must hold", in real browsers and through the pages only: the Secretariat
schedules an SOC meeting and prepares its agenda (an item taking up a draft); India registers and
asks for the floor; the presiding chair gives it; China's page shows the list change without a
reload; the chair opens consensus under the agenda item from the meeting page, closes it, and the
decision page names the meeting.

Set up by factories: the accounts, and the draft (a draft's own pages are tested elsewhere)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from cica.core.context import Context
from cica.registry import snapshot
from cica.registry.queries import seat_today
from tests.browser.test_consensus import contexts, signed_in  # noqa: F401 (a fixture)
from tests.factories import make_draft, make_user

pytestmark = pytest.mark.browser


def test_the_speakers_list_updates_live_and_the_decision_names_the_meeting(
    browser: Browser,
    base_url: str,
    contexts: list[BrowserContext],  # noqa: F811 (the fixture imported above)
    served_context: Context,
) -> None:
    with served_context.unit_of_work() as session:
        today = seat_today(session)
        chair_code = snapshot.current(session).chair_code_on(today)
        assert chair_code is not None
        chair = make_user(session, role="head_of_delegation", delegation=chair_code).email
        india = make_user(session, role="delegate", delegation="IND").email
        china = make_user(session, role="delegate", delegation="CHN").email
        secretariat = make_user(session, role="secretariat").email
        make_draft(session, organ="soc", kind="report", title="Annual report of the Secretariat")

    staff = signed_in(browser, base_url, contexts, secretariat)
    staff.goto("/meetings?lang=en")
    staff.get_by_role("link", name="Schedule a meeting").click()
    staff.get_by_label("Organ", exact=True).select_option("soc")
    staff.get_by_label("Starts", exact=True).fill(today.isoformat())
    staff.get_by_label("City", exact=True).fill("Astana")
    staff.get_by_label("Host state (its code, such as KAZ)").fill("KAZ")
    staff.get_by_role("button", name="Schedule the meeting").click()
    expect(staff).to_have_url(re.compile(r"/meetings/\d+$"))
    expect(staff.locator("h1")).to_contain_text("Senior Officials")
    url = staff.url.removeprefix(base_url)
    staff.get_by_label("New item").fill("Annual report")
    staff.get_by_role("button", name="Add the item").click()
    expect(staff.locator(".agenda")).to_contain_text("Annual report")
    staff.get_by_label("Draft to take up").select_option(label="Annual report of the Secretariat")
    staff.get_by_role("button", name="Link the draft").click()
    expect(staff.locator(".item-drafts")).to_contain_text("Annual report of the Secretariat")
    for code in ("CHN", chair_code):
        staff.get_by_label("Delegation", exact=True).fill(code)
        staff.get_by_role("button", name="Register attendance").click()
        expect(staff.locator(f'#participants li[data-code="{code}"]')).to_be_visible()

    delegate = signed_in(browser, base_url, contexts, india)
    delegate.goto(url)
    delegate.get_by_label("Head of delegation").fill("A. Sharma")
    delegate.get_by_role("button", name="Register attendance").click()
    expect(delegate.locator("#participants")).to_contain_text("A. Sharma")
    delegate.get_by_role("button", name="Ask for the floor").click()
    expect(delegate.locator(".waiting")).to_contain_text("India")

    watcher = signed_in(browser, base_url, contexts, china)
    watcher.goto(url)
    expect(watcher.locator(".waiting")).to_contain_text("India")
    watcher_url = watcher.url

    presiding = signed_in(browser, base_url, contexts, chair)
    presiding.goto(url)
    presiding.get_by_role("button", name="Give the floor to the next speaker").click()
    expect(presiding.locator(".speaking")).to_contain_text("India")

    # China's page was never reloaded: the list polled the server and swapped itself.
    expect(watcher.locator(".speaking")).to_contain_text("India", timeout=8_000)
    assert watcher.url == watcher_url

    presiding.get_by_label("Draft to put to consensus").select_option(
        label="Annual report of the Secretariat"
    )
    presiding.get_by_role("button", name="Open consensus under this item").click()
    expect(presiding).to_have_url(re.compile(r"/procedures/\d+$"))
    presiding.get_by_role("button", name="Close the procedure").click()
    presiding.get_by_role("button", name="Yes, close the procedure").click()  # on to the decision
    expect(presiding).to_have_url(re.compile(r"/decisions/\d+$"))
    expect(presiding.locator("dl")).to_contain_text("Annual report")
    expect(presiding.locator(f'dl a[href="{url}"]')).to_be_visible()
    presiding.goto(url)
    expect(presiding.locator(".item-procedures")).to_contain_text("Adopted")
