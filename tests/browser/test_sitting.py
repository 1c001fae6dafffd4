"""A sitting in real browsers: the Secretariat adds the agenda of an SOC meeting; India registers
and asks for the floor; the presiding chair gives it; China's page shows the list change without a
reload; consensus is taken under the agenda item and the decision page names the meeting.

Scheduling and opening the consensus go through the operations (the pages offer no form for
them yet); everything else through the pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from cica.access.actors import Actor
from cica.core.context import Context
from cica.deliberation import operations as deliberation
from cica.meetings import operations as meetings
from cica.meetings import queries as meeting_queries
from cica.registry import snapshot
from cica.registry.queries import seat_today
from tests.browser.test_consensus import contexts, signed_in  # noqa: F401 (a fixture)
from tests.factories import SECRETARIAT, make_draft, make_meeting, make_user

pytestmark = pytest.mark.browser


def test_the_speakers_list_updates_live_and_the_decision_names_the_meeting(
    browser: Browser,
    base_url: str,
    contexts: list[BrowserContext],  # noqa: F811 (the fixture imported above)
    served_context: Context,
) -> None:
    with served_context.unit_of_work() as session:
        meeting = make_meeting(session, organ="soc", day=seat_today(session).isoformat())
        chair_code = meetings.presiding(snapshot.current(session), meeting)
        assert chair_code is not None
        chair = make_user(session, role="head_of_delegation", delegation=chair_code).email
        india = make_user(session, role="delegate", delegation="IND").email
        china = make_user(session, role="delegate", delegation="CHN").email
        secretariat = make_user(session, role="secretariat").email
        meetings.register(session, meeting.id, "CHN", actor=SECRETARIAT)
        meetings.register(session, meeting.id, chair_code, actor=SECRETARIAT)
        draft_id = make_draft(session, organ="soc", kind="report", title="Annual report").id
        meeting_id = meeting.id
    url = f"/meetings/{meeting_id}"

    staff = signed_in(browser, base_url, contexts, secretariat)
    staff.goto(url)
    staff.get_by_label("New item").fill("Annual report of the Secretariat")
    staff.get_by_role("button", name="Add the item").click()
    expect(staff.locator(".agenda")).to_contain_text("Annual report of the Secretariat")

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

    with served_context.unit_of_work() as session:
        item_id = meeting_queries.agenda(session, meeting_id).items[0].id
        chair_actor = Actor(None, chair, "head_of_delegation", chair_code)
        procedure = deliberation.open_consensus(session, draft_id, agenda_item_id=item_id, actor=chair_actor)
        closed = deliberation.close_consensus(session, procedure.id, actor=chair_actor)
        assert closed.decision is not None
        decision_id = closed.decision.id
    presiding.goto(f"/decisions/{decision_id}")
    expect(presiding.locator("dl")).to_contain_text("Annual report of the Secretariat")
    expect(presiding.locator(f'dl a[href="{url}"]')).to_be_visible()
