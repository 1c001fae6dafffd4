"""The minutes' pages: what each reader sees, the Secretariat's forms through the whole path, and a
refused form (approving twice, editing frozen minutes) coming back with the rule beside it."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cica.core.context import Context
from cica.minutes import operations
from cica.minutes.models import MinutesVersion
from tests.factories import SECRETARIAT, make_meeting, make_user
from tests.web.deliberation.conftest import sign_in

TEXT = "The Committee met in Astana.\n\nThe agenda was adopted."


def _meetings(context: Context) -> tuple[int, int, str]:
    with context.unit_of_work() as session:
        first, later = make_meeting(session, day="2025-03-04").id, make_meeting(session, day="2025-09-09").id
        return first, later, make_user(session, role="secretariat").email


def _versions(context: Context) -> int:
    with context.unit_of_work(write=False) as session:
        return session.scalar(select(func.count()).select_from(MinutesVersion)) or 0


def test_the_secretariat_drafts_circulates_corrects_and_records_approval(
    cica: Context, browser: TestClient
) -> None:
    first, later, email = _meetings(cica)
    url = f"/meetings/{first}/minutes"
    csrf = sign_in(browser, email)
    assert (
        "No minutes of this meeting" in TestClient(browser.app, base_url="https://testserver").get(url).text
    )
    assert "Draft the minutes" in browser.get(url).text

    def post(path: str, **data: object) -> None:
        answer = browser.post(url + path, data={"csrf_token": csrf, **data}, follow_redirects=False)
        assert answer.status_code == 303, answer.text

    bad = browser.post(
        url,
        data={
            "csrf_token": csrf,
            "text": TEXT,
            "lang": "English",
            "form_page": url,
            "form_id": "minutes-draft",
        },
    )
    assert (
        bad.status_code == 422 and 'aria-invalid="true"' in bad.text and "is not a language tag" in bad.text
    )
    assert "The agenda was adopted." in bad.text and 'value="English"' in bad.text  # what was typed is kept
    assert _versions(cica) == 0
    post("", text=TEXT, lang="en")
    post("/circulate")
    post("/correct", text=TEXT + "\n\nThe meeting closed.", note="closing")
    page = browser.get(url).text
    assert "The meeting closed." in page and "Version 2" in page and "Record the approval" in page
    diff = browser.get(f"{url}/diff?old=1&new=2").text
    assert "Paragraph 3 inserted" in diff
    post("/approve", at_meeting=later)
    page = browser.get(url).text
    assert "approved and frozen" in page and "Correct the minutes" not in page
    before = _versions(cica)
    refused = browser.post(
        url + "/correct",
        data={"csrf_token": csrf, "text": "Rewritten.", "form_page": url, "form_id": "minutes-correct"},
    )
    assert refused.status_code == 409
    assert "frozen minutes are immutable" in refused.text
    assert 'value="Rewritten.' not in refused.text  # the textarea keeps what was typed
    assert "Rewritten." in refused.text
    twice = browser.post(
        url + "/approve",
        data={"csrf_token": csrf, "at_meeting": later, "form_page": url, "form_id": "minutes-approve"},
    )
    assert twice.status_code == 409 and "frozen minutes are immutable" in twice.text
    assert _versions(cica) == before


def test_delegations_read_circulated_minutes_and_the_public_frozen_ones_in_their_language(
    cica: Context, browser: TestClient
) -> None:
    first, later, _ = _meetings(cica)
    with cica.unit_of_work() as session:
        operations.draft_minutes(session, first, text=TEXT, lang="en", actor=SECRETARIAT)
        operations.circulate_minutes(session, first, actor=SECRETARIAT)
        india = make_user(session, role="delegate", delegation="IND").email
    url = f"/meetings/{first}/minutes"
    assert "The agenda was adopted." not in browser.get(url).text
    delegate = TestClient(browser.app, base_url="https://testserver")
    sign_in(delegate, india)
    page = delegate.get(url, headers={"Accept-Language": "ru"}).text
    assert "The agenda was adopted." in page and "разослан" in page
    assert 'lang="en"' in page  # the text is marked as being in its own language
    with cica.unit_of_work() as session:
        operations.approve_at_meeting(session, first, at_meeting=later, actor=SECRETARIAT)
    public = browser.get(url, headers={"Accept-Language": "zh"}).text
    assert "The agenda was adopted." in public and "Draft the minutes" not in public
