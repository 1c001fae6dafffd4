"""What a Russian, Chinese or French reader sees is in their language (issue 9 §2).

Every page and fragment is rendered on data with every kind of event, its markup stripped, and
each run of text the page presents in its own language is checked: no English sentence
(lingua-language-detector, restricted to the four interface languages, on every run of more
than a few words) and no raw internal id (an organ id or a snake_case key). What the page marks
as being in another language — a `lang` attribute different from the page's, as on a text
entered by a delegation, an original title, or an old English line kept by migration 0004i — is
exempt, and only that: the allowance is the markup's, not a list of strings. E-mail addresses
are names, not sentences, and are removed before the check. The catalogues are checked too:
every message has a translation in each language.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from sqlalchemy import select

from cica.access.actors import Actor
from cica.app import create_app
from cica.cbm import demo as cbm_demo
from cica.cbm import setup
from cica.core.context import Context
from cica.deliberation.models import Decision
from cica.registry.models import Organ
from tests.factories import make_document, make_every_event, make_user
from tests.reading import READERS, TRANSLATIONS, page_faults
from tests.web.deliberation.conftest import sign_in


@pytest.fixture
def reading(cica: Context) -> Iterator[tuple[TestClient, dict[str, str], set[str]]]:
    made = make_every_event(cica)
    with cica.unit_of_work() as session:
        secretariat = make_user(session, role="secretariat")
        email = secretariat.email
        decision_id = session.scalars(select(Decision.id).order_by(Decision.id)).first()
        ids = set(session.scalars(select(Organ.id)))
        document = make_document(session).symbol
        setup.load_catalogue(session, Actor.system())
    cbm_demo.demo_step(cica)  # a plan's events, participation and a notification round
    pages = {
        "home": "/",
        "members": "/members",
        "members list": "/members/list",
        "drafts": "/drafts",
        "draft with history": f"/drafts/{made['draft']}",
        "demo draft": "/drafts/1",
        "diff": "/drafts/1/diff",
        "new draft": "/drafts/new",
        "consensus procedure": f"/procedures/{made['consensus']}",
        "board": f"/procedures/{made['consensus']}/board",
        "silence procedure": f"/procedures/{made['silence']}",
        "broken silence": f"/procedures/{made['broken']}",
        "decisions": "/decisions",
        "decision": f"/decisions/{decision_id}",
        "notices": "/notifications",
        "delegations": "/delegations",
        "delegation": "/delegations/IND",
        "account": "/account",
        "audit": "/audit",
        "documents": "/documents",
        "document side by side": f"/documents/{document}",
        "CBM dashboard": "/cbm",
        "CBM catalogue": "/cbm/catalogue",
        "CBM coordinators": "/cbm/coordinators",
        "CBM events": "/cbm/events",
        "CBM notifications": "/cbm/notifications",
        "CBM notification": "/cbm/notifications/1",
        "CBM calendar": "/cbm/calendar",
    }
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        signin = {lang: client.get("/signin", params={"lang": lang}).text for lang in READERS}
        sign_in(client, email)
        yield client, pages | {f"sign-in ({lang})": signin[lang] for lang in READERS}, ids


def test_every_page_reads_in_the_readers_language(
    reading: tuple[TestClient, dict[str, str], set[str]],
) -> None:
    client, pages, ids = reading
    found = []
    for lang in READERS:
        for name, address in pages.items():
            if name.startswith("sign-in"):
                if name.endswith(f"({lang})"):
                    found += [f"{lang} {name}: {fault}" for fault in page_faults(address, lang, ids)]
                continue
            response = client.get(address, params={"lang": lang})
            assert response.status_code == 200, (lang, address, response.status_code)
            found += [f"{lang} {name}: {fault}" for fault in page_faults(response.text, lang, ids)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", READERS)
def test_every_message_of_the_catalogue_is_translated(lang: str) -> None:
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalogue = read_po(source, locale=lang)
    missing = [
        message.id
        for message in catalogue
        if message.id
        and not message.fuzzy
        and not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert not missing


def test_the_check_finds_glued_words_but_not_in_a_key_marked_as_having_no_words() -> None:
    # A public key is random: "…ezICP…" in it once failed the check of the audit page (issue 9).
    glued = '<p lang="fr">Clé : <code>abezICP+x</code></p>'
    marked = '<p lang="fr">Clé : <code lang="zxx">abezICP+x</code></p>'
    assert list(page_faults(glued, "fr", set())) == ["no space: 'ezICP'"]
    assert list(page_faults(marked, "fr", set())) == []
