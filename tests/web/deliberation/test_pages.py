"""The deliberation pages: what they show, the forms they offer and post (with CSRF), and the
consensus board fragment HTMX polls."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from cica.app import create_app
from cica.core.context import Context
from cica.deliberation import operations
from tests.factories import CHAIR, delegate, make_draft, make_silence
from tests.web.deliberation.conftest import Api, sign_in

STAMP = re.compile(r'data-stamp="([0-9a-f]+)"')


def council_draft(context: Context) -> int:
    with context.unit_of_work() as session:
        return make_draft(
            session, organ="ministerial_council", texts={"ru": ("Проект", "Один.\n\nДва.\n\nТри.")}
        ).id


def test_the_drafts_pages_show_the_text_numbered_and_its_history(client: TestClient, cica: Context) -> None:
    draft_id = council_draft(cica)
    listing = client.get("/drafts")
    assert listing.status_code == 200 and f'href="/drafts/{draft_id}"' in listing.text
    page = client.get(f"/drafts/{draft_id}")
    assert page.status_code == 200
    assert '<li value="2" id="text-en-2">Welcoming the progress' in page.text
    assert 'lang="ru"' in page.text and "Under negotiation" in page.text
    assert "<form" not in page.text.split("<main")[1].split("</main>")[0]  # an anonymous reader gets no forms
    assert client.get("/drafts?stage=adopted").text.count("/drafts/") < listing.text.count("/drafts/")
    in_chinese = client.get(f"/drafts/{draft_id}", params={"lang": "zh"}).text
    history = in_chinese.split('id="history-heading"')[1]
    assert "分发供谈判" in history and "circulated for negotiation" not in history.lower()


def test_the_diff_page_marks_insertions_and_deletions(client: TestClient, cica: Context) -> None:
    draft_id = council_draft(cica)
    with cica.unit_of_work() as session:
        amendment = operations.propose_amendment(
            session, draft_id, kind="replace", paragraphs=[2], text="Welcoming the remarkable progress,",
            justification="style", actor=delegate("IND"),
        )  # fmt: skip
        operations.accept_amendment(session, amendment.id, actor=CHAIR)
    page = client.get(f"/drafts/{draft_id}/diff")
    assert page.status_code == 200
    assert "<ins>remarkable </ins>" in page.text or "<ins> remarkable</ins>" in page.text
    assert "<del>" in page.text and "1 changed" in page.text


def test_the_chair_sees_the_steps_and_opens_a_session_by_form(api: Api, cica: Context) -> None:
    draft_id = council_draft(cica)
    client = api.client
    csrf = sign_in(client, api.emails["chair"])
    page = client.get(f"/drafts/{draft_id}").text
    assert "Open the consensus procedure" in page and "Start the silence procedure" in page
    refused = client.post(f"/drafts/{draft_id}/consensus", data={"present": ["IND", "CHN"]})
    assert refused.status_code == 403  # no CSRF token
    opened = client.post(
        f"/drafts/{draft_id}/consensus",
        data={"present": ["IND", "CHN", "JPN"], "csrf_token": csrf},
        follow_redirects=False,
    )
    assert opened.status_code == 303 and opened.headers["location"].startswith("/procedures/")
    procedure = client.get(opened.headers["location"])
    assert "Consensus board" in procedure.text and 'aria-live="polite"' in procedure.text
    assert "Close the procedure" in procedure.text


def test_a_delegate_takes_a_position_by_form_and_the_board_fragment_changes(api: Api, cica: Context) -> None:
    draft_id = council_draft(cica)
    with cica.unit_of_work() as session:
        procedure_id = operations.open_consensus(session, draft_id, actor=CHAIR).id
    fragment = api.client.get(f"/procedures/{procedure_id}/board")
    stamp = STAMP.search(fragment.text)
    assert stamp and 'hx-trigger="every 2s"' in fragment.text
    unchanged = api.client.get(f"/procedures/{procedure_id}/board", params={"since": stamp.group(1)})
    assert unchanged.status_code == 204
    with TestClient(create_app(context=cica), base_url="https://testserver") as china:
        csrf = sign_in(china, api.emails["china"])
        page = china.get(f"/procedures/{procedure_id}").text
        assert "Take a position" in page
        posted = china.post(
            f"/procedures/{procedure_id}/positions",
            data={
                "stance": "reservation",
                "text": "On paragraph 2",
                "paragraphs": "2",
                "expected_version": "0",
                "csrf_token": csrf,
            },
            follow_redirects=False,
        )
        assert posted.status_code == 303, posted.text
    changed = api.client.get(f"/procedures/{procedure_id}/board", params={"since": stamp.group(1)})
    assert (
        changed.status_code == 200
        and "Joins with a reservation" in changed.text
        and "On paragraph 2" in changed.text
        and "If the chair closed now: adopted by consensus with 1 reservation." in changed.text
    )
    in_russian = api.client.get(f"/procedures/{procedure_id}/board", params={"lang": "ru"}).text
    assert "принято консенсусом с 1 оговоркой" in in_russian


def test_a_refused_form_shows_the_rule(api: Api, cica: Context) -> None:
    with cica.unit_of_work() as session:
        procedure_id = make_silence(session, started=datetime.now(UTC)).id
    client = api.client
    csrf = sign_in(client, api.emails["japan"])
    page = client.post(
        f"/procedures/{procedure_id}/break", data={"kind": "objection", "text": "No", "csrf_token": csrf}
    )
    assert page.status_code == 403 and "Not allowed" in page.text


def test_the_register_and_the_decision_page_show_the_reservation(client: TestClient, cica: Context) -> None:
    draft_id = council_draft(cica)
    with cica.unit_of_work() as session:
        procedure = operations.open_consensus(session, draft_id, actor=CHAIR)
        operations.record_position(
            session,
            procedure.id,
            stance="reservation",
            text="Without prejudice",
            paragraphs=[3],
            actor=delegate("CHN"),
        )
        decision = operations.close_consensus(session, procedure.id, actor=CHAIR).decision
        assert decision is not None
    register = client.get("/decisions", params={"procedure": "consensus"})
    assert register.status_code == 200 and decision.symbol in register.text
    assert decision.symbol not in client.get("/decisions", params={"procedure": "silence"}).text
    page = client.get(f"/decisions/{decision.id}")
    assert page.status_code == 200 and "Without prejudice" in page.text and "(§ 3)" in page.text
    assert "Проект" in page.text  # every language version is kept


@pytest.mark.parametrize("path", ["/notifications", "/drafts/new"])
def test_pages_for_signed_in_users_ask_to_sign_in(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 401


def test_notices_are_listed_and_marked_as_read(api: Api, cica: Context) -> None:
    council_draft(cica)
    client = api.client
    csrf = sign_in(client, api.emails["india"])
    page = client.get("/notifications").text
    notice = re.search(r'action="/notifications/(\d+)/read"', page)
    assert notice and "1 unread" in page
    client.post(f"/notifications/{notice.group(1)}/read", data={"csrf_token": csrf})
    assert "0 unread" in client.get("/notifications").text


def test_only_the_proposing_delegation_is_offered_to_withdraw_its_amendment(api: Api, cica: Context) -> None:
    """The page asks the permission check `withdraw_amendment` makes (own delegation), per amendment."""
    draft_id = council_draft(cica)
    with cica.unit_of_work() as session:
        amendment_id = operations.propose_amendment(
            session, draft_id, kind="delete", paragraphs=[2], justification="redundant", actor=delegate("IND")
        ).id
    form = f'action="/amendments/{amendment_id}/withdraw"'
    for who, offered in (("india", True), ("india_head", True), ("china", False), ("chair", False)):
        with TestClient(create_app(context=cica), base_url="https://testserver") as client:
            sign_in(client, api.emails[who])
            assert (form in client.get(f"/drafts/{draft_id}").text) is offered, who


def test_a_draft_shows_its_title_and_text_in_the_readers_language_when_it_has_them(
    client: TestClient, cica: Context
) -> None:
    draft_id = council_draft(cica)
    in_russian = client.get(f"/drafts/{draft_id}", params={"lang": "ru"}).text
    assert '<h1 lang="ru">Проект</h1>' in in_russian
    assert in_russian.index('class="text-version" lang="ru"') < in_russian.index(
        'class="text-version" lang="en"'
    )
    listing = client.get("/drafts", params={"lang": "ru"}).text
    assert f'<a href="/drafts/{draft_id}" lang="ru">Проект</a>' in listing
    in_chinese = client.get(f"/drafts/{draft_id}", params={"lang": "zh"}).text
    assert '<h1 lang="en">Draft Declaration on Dialogue</h1>' in in_chinese  # the original, marked as such
