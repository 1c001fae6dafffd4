"""Issue 9 §1, "every other form that pre-fills a text": the amendment, position (reservation)
and statement forms start empty, and a refused one comes back with what was typed. That refill
is the round trip checked here: for any text (paragraphs with single line breaks inside them,
numbered sub-points, CJK, Cyrillic), the refused form read as a browser reads its textarea gives
back exactly the text posted, paragraphs intact."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import HealthCheck, given, settings

from cica.core.context import Context
from cica.deliberation import operations
from tests.factories import CHAIR, make_draft
from tests.web.deliberation.conftest import Api, sign_in
from tests.web.deliberation.test_form_round_trip import TEXT


def textarea(page: str, element_id: str) -> str:
    """The textarea's content as a browser posts it again (first line break dropped, CRLF ends)."""
    found = re.search(rf'<textarea id="{element_id}" name="text"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert found, f"no textarea #{element_id} in the refused form"
    return html.unescape(found.group(1)).removeprefix("\n").replace("\r\n", "\n").replace("\n", "\r\n")


def council_draft(context: Context) -> int:
    with context.unit_of_work() as session:
        return make_draft(session, organ="ministerial_council").id


def open_procedure(context: Context) -> int:
    draft_id = council_draft(context)
    with context.unit_of_work() as session:
        return operations.open_consensus(session, draft_id, present=["IND", "CHN", "JPN"], actor=CHAIR).id


ONCE = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def draft_id(cica: Context) -> int:
    return council_draft(cica)


@pytest.fixture
def procedure_id(cica: Context) -> int:
    return open_procedure(cica)


@ONCE
@given(text=TEXT)
def test_a_refused_amendment_gives_back_the_text_typed(api: Api, draft_id: int, text: str) -> None:
    csrf = sign_in(api.client, api.emails["india"])
    typed = text.replace("\n", "\r\n")  # as the browser posts it
    refused = api.client.post(
        f"/drafts/{draft_id}/amendments",
        data={
            "csrf_token": csrf, "form_page": f"/drafts/{draft_id}", "form_id": "amend",
            "kind": "replace", "paragraphs": "two", "text": typed, "justification": "style",
        },
    )  # fmt: skip
    assert refused.status_code == 422, refused.text
    assert textarea(refused.text, "a-text") == typed


@ONCE
@given(text=TEXT)
def test_a_refused_reservation_gives_back_the_text_typed(api: Api, procedure_id: int, text: str) -> None:
    csrf = sign_in(api.client, api.emails["china"])
    typed = text.replace("\n", "\r\n")
    refused = api.client.post(
        f"/procedures/{procedure_id}/positions",
        data={
            "csrf_token": csrf, "form_page": f"/procedures/{procedure_id}", "form_id": "position",
            "stance": "reservation", "text": typed, "paragraphs": "three",
        },
    )  # fmt: skip
    assert refused.status_code == 422, refused.text
    assert textarea(refused.text, "p-text") == typed


@ONCE
@given(text=TEXT)
def test_a_refused_statement_gives_back_the_text_typed(api: Api, procedure_id: int, text: str) -> None:
    csrf = sign_in(api.client, api.emails["japan"])
    typed = text.replace("\n", "\r\n")
    refused = api.client.post(
        f"/procedures/{procedure_id}/statements",
        data={
            "csrf_token": csrf, "form_page": f"/procedures/{procedure_id}", "form_id": "statement",
            "text": typed, "expected_version": "99",
        },
    )  # fmt: skip
    assert refused.status_code == 409, refused.text  # a stale version: the same form again
    assert textarea(refused.text, "st-text") == typed
