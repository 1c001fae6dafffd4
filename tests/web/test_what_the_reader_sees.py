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

import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from lingua import Language, LanguageDetector, LanguageDetectorBuilder
from sqlalchemy import select

from cica.app import create_app
from cica.core.context import Context
from cica.deliberation.models import Decision
from cica.registry.models import Organ
from tests.factories import make_document, make_every_event, make_user
from tests.web.deliberation.conftest import sign_in

READERS = ("ru", "zh", "fr")
TRANSLATIONS = Path(__file__).parents[2] / "src" / "cica" / "core" / "translations"
# The document's <title> cannot mark its parts: it repeats the page heading, which carries its lang.
SKIPPED = {"script", "style", "template", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
EMAIL = re.compile(r"\S+@\S+")
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
LATIN_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿŒœ’'-]+"
LATIN_STRETCH = re.compile(rf"{LATIN_WORD}(?:[\s,.;:()0-9–-]+{LATIN_WORD})*")
# Two pieces of text with no space between them: a word and a parenthesis ("Response(to
# everyone)"), or a word and a participant code ("…in AsiaIND").
GLUED = re.compile(r"[a-zà-ÿа-яё]{2}(?:\((?!s\))|[A-Z]{3}\b)")
# A run of fewer words than this is a label, a name or a code, too short to tell a language by.
FEW_WORDS = 4


class Texts(HTMLParser):
    """The runs of text of a page, each with the language it is marked as being in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []
        self.runs: list[tuple[str, str]] = []
        self.flat: list[str] = []  # the text as a reader sees it run together, to find words glued

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        parent_lang = self.stack[-1][1] if self.stack else None
        lang = dict(attrs).get("lang") or parent_lang
        hidden = tag in SKIPPED or (bool(self.stack) and self.stack[-1][2])
        self.stack.append((tag, lang, hidden))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1][2]):
            self.flat.append(data)
        text = " ".join(data.split())
        if text and self.stack and not self.stack[-1][2]:
            self.runs.append((self.stack[-1][1] or "", text))


@cache
def detector() -> LanguageDetector:
    languages = (Language.ENGLISH, Language.RUSSIAN, Language.CHINESE, Language.FRENCH)
    return LanguageDetectorBuilder.from_languages(*languages).build()


def faults(page: str, lang: str, ids: set[str]) -> Iterator[str]:
    parser = Texts()
    parser.feed(page)
    for glued in GLUED.finditer("".join(parser.flat)):
        yield f"no space: {glued.group(0)!r}"
    for run_lang, text in parser.runs:
        if run_lang.split("-")[0] != lang:
            continue  # marked as being in another language: shown as it is, on purpose
        words = EMAIL.sub(" ", text)
        leaked = {word for word in re.findall(r"[\w-]+", words) if word in ids} | set(
            SNAKE_CASE.findall(words)
        )
        if leaked:
            yield f"raw id {sorted(leaked)} in {text!r}"
        # A sentence in Latin script inside Cyrillic or Chinese text would be outvoted if the
        # whole run were judged: each stretch of Latin-script words is judged on its own.
        for stretch in LATIN_STRETCH.findall(words):
            if len(re.findall(r"[^\W\d_]{2,}", stretch)) < FEW_WORDS:
                continue
            if detector().detect_language_of(stretch) == Language.ENGLISH:
                yield f"English: {stretch!r} in {text!r}"


@pytest.fixture
def reading(cica: Context) -> Iterator[tuple[TestClient, dict[str, str], set[str]]]:
    made = make_every_event(cica)
    with cica.unit_of_work() as session:
        secretariat = make_user(session, role="secretariat")
        email = secretariat.email
        decision_id = session.scalars(select(Decision.id).order_by(Decision.id)).first()
        ids = set(session.scalars(select(Organ.id)))
        document = make_document(session).symbol
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
                    found += [f"{lang} {name}: {fault}" for fault in faults(address, lang, ids)]
                continue
            response = client.get(address, params={"lang": lang})
            assert response.status_code == 200, (lang, address, response.status_code)
            found += [f"{lang} {name}: {fault}" for fault in faults(response.text, lang, ids)]
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
