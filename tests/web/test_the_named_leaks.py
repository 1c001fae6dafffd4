"""Issue 9 §2, "the particular leaks named": the actor "system" in the reader's language, the
spaces that were missing ("Response(to everyone)", "…in AsiaIND"), and French "created by" not
told as "Créé le". One test per leak, on the demo data with every kind of event."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cica.app import create_app
from cica.core.context import Context
from cica.deliberation.models import DraftEvent
from tests.factories import make_every_event, make_user
from tests.web.deliberation.conftest import sign_in

SYSTEM = {"ru": "система", "zh": "系统", "fr": "le système"}
TO_EVERYONE = {"en": "to everyone", "ru": "всем", "zh": "发给所有人", "fr": "à tous"}
TAG = re.compile(r"<[^>]+>")


@pytest.fixture
def demo(cica: Context) -> Iterator[tuple[TestClient, int]]:
    """Signed in as India's delegate; returns the client and a draft whose history the system acted in."""
    make_every_event(cica)
    with cica.unit_of_work() as session:
        india = make_user(session, role="delegate", delegation="IND")
        email = india.email
        by_system = session.scalars(select(DraftEvent.draft_id).where(DraftEvent.actor == "system")).first()
    assert by_system is not None, "the demo has no step taken by the system: nothing to check"
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        sign_in(client, email)
        yield client, by_system


def _history(page: str) -> list[str]:
    lists = re.findall(r'<ol class="history">(.*?)</ol>', page, re.S)
    return [
        " ".join(unescape(TAG.sub("", item)).split())
        for block in lists
        for item in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


def _notices(page: str) -> list[str]:
    """Each notice's text as the reader sees it: tags removed without adding any space."""
    items = re.findall(r'<li id="notice-\d+"[^>]*>(.*?)</li>', page, re.S)
    return [
        re.sub(r"\s+", " ", unescape(TAG.sub("", re.sub(r"<form.*?</form>", "", item, flags=re.S)))).strip()
        for item in items
    ]


@pytest.mark.parametrize("lang", ["ru", "zh", "fr"])
def test_the_system_is_named_in_the_readers_language(demo: tuple[TestClient, int], lang: str) -> None:
    client, draft = demo
    history = _history(client.get(f"/drafts/{draft}", params={"lang": lang}).text)
    by_system = [line for line in history if line.endswith(SYSTEM[lang])]
    assert by_system, history
    assert not [line for line in history if re.search(r"\bsystem\b", line)], history


@pytest.mark.parametrize("lang", ["en", "ru", "zh", "fr"])
def test_a_notice_has_a_space_before_to_everyone_and_before_the_delegation(
    demo: tuple[TestClient, int], lang: str
) -> None:
    client, _ = demo
    notices = _notices(client.get("/notifications", params={"lang": lang}).text)
    to_everyone = [text for text in notices if text.endswith(f"({TO_EVERYONE[lang]})")]
    to_india = [text for text in notices if text.endswith("IND")]
    assert to_everyone and to_india, notices
    for text in to_everyone:
        assert text.endswith(f" ({TO_EVERYONE[lang]})"), f"no space before the parenthesis: {text!r}"
    for text in to_india:
        assert text.endswith(" IND"), f"no space before the delegation: {text!r}"


def test_french_tells_who_created_a_draft_not_when(demo: tuple[TestClient, int]) -> None:
    client, _ = demo
    history = _history(client.get("/drafts/1", params={"lang": "fr"}).text)
    assert any("Présenté par" in line for line in history), history
    assert not any("Créé le" in line for line in history), history
