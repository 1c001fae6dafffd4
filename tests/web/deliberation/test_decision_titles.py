"""A decision's title in the reader's language when it was adopted with a text in it, the
original otherwise (marked as such), in the register, on its page, in its print view and in the API."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from cica.core.context import Context
from cica.deliberation import operations
from tests.factories import CHAIR, make_draft

RU = "Декларация о диалоге"
EN = "Declaration on dialogue"


def adopted(cica: Context) -> int:
    with cica.unit_of_work() as session:
        draft = make_draft(
            session,
            organ="ministerial_council",
            title=EN,
            texts={"ru": (RU, "Один.\n\nДва.")},
        )
        procedure = operations.open_consensus(session, draft.id, present=["AZE", "IND", "CHN"], actor=CHAIR)
        decision = operations.close_consensus(session, procedure.id, actor=CHAIR).decision
        assert decision is not None
        return decision.id


def test_the_register_and_the_page_show_the_title_in_the_readers_language(
    client: TestClient, cica: Context
) -> None:
    decision_id = adopted(cica)
    listed = client.get("/decisions", params={"lang": "ru"}).text
    assert f'<span lang="ru">{RU}</span>' in listed and EN not in listed
    page = client.get(f"/decisions/{decision_id}", params={"lang": "ru"}).text
    assert re.search(rf'<p class="lead"><span lang="ru">{RU}</span></p>', page), page
    printed = client.get(f"/decisions/{decision_id}/pdf", params={"lang": "ru"})
    assert printed.status_code == 200
    api = client.get(f"/api/v1/decisions/{decision_id}", params={"lang": "ru"}).json()
    assert (api["title"], api["title_lang"], api["title_is_original"]) == (RU, "ru", False)
    listed_api = client.get("/api/v1/decisions", params={"lang": "ru"}).json()["items"][0]
    assert (listed_api["title"], listed_api["title_lang"]) == (RU, "ru")


def test_without_a_text_in_the_readers_language_the_original_is_shown_and_marked(
    client: TestClient, cica: Context
) -> None:
    decision_id = adopted(cica)
    page = client.get(f"/decisions/{decision_id}", params={"lang": "zh"}).text
    assert f'<span lang="en">{EN}</span> <span class="marker">原文</span>' in page
    listed = client.get("/decisions", params={"lang": "zh"}).text
    assert f'<span lang="en">{EN}</span> <span class="marker">原文</span>' in listed
    api = client.get(f"/api/v1/decisions/{decision_id}", params={"lang": "zh"}).json()
    assert (api["title"], api["title_lang"], api["title_is_original"]) == (EN, "en", True)
    english = client.get(f"/decisions/{decision_id}", params={"lang": "en"}).text
    assert 'class="marker">original<' not in english  # the reader's own language is no marker
