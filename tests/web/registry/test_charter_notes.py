"""Issue 9 §2: the charter's notes on members, on pages in ru, zh and fr, are in the reader's
language or marked `lang="en"` on the element that carries them (the charter has them in English
only, so every one must be marked)."""

from __future__ import annotations

import tomllib
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import pytest
from fastapi.testclient import TestClient

# Days whose lists carry notes: the founding members (1999), a day with observers, today.
DAYS = ("1999-09-14", "2014-05-21", None)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Langs(HTMLParser):
    """Every text node and attribute value, each with the language in force on its element."""

    def __init__(self, page_lang: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = [("", page_lang)]
        self.found: list[tuple[str, str, str]] = []  # (where, language, text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        lang = attributes.get("lang") or self.stack[-1][1]
        for name, value in attrs:
            if value and name not in ("lang", "href", "class", "id"):
                self.found.append((f"<{tag} {name}>", lang, value))
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.found.append((f"<{self.stack[-1][0]}>", self.stack[-1][1], data.strip()))


def _charter_notes() -> set[str]:
    """Every `note` on a member's status in the charter file, read as it is stored."""
    data: Any = tomllib.loads(resources.files("cica.charter").joinpath("data/cica.toml").read_text("utf-8"))
    notes: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "note" and isinstance(value, str):
                    notes.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return notes


def test_the_charter_has_its_notes_in_english_only_so_pages_must_mark_them() -> None:
    """If the charter ever gives a note ru/zh/fr versions, it must give all three (with English);
    today every note is one English string, which the pages must then mark `lang="en"`."""
    data: Any = tomllib.loads(resources.files("cica.charter").joinpath("data/cica.toml").read_text("utf-8"))
    translated: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "note" and not isinstance(value, str):
                    translated.append(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    for note in translated:
        assert isinstance(note, dict) and {"en", "ru", "zh", "fr"} <= set(note), note
    assert _charter_notes(), "the charter has no notes: this test would check nothing"


@pytest.mark.parametrize("lang", ["ru", "zh", "fr"])
@pytest.mark.parametrize("path", ["/members", "/members/list"])
def test_every_charter_note_on_the_members_page_is_marked_english(
    client: TestClient, path: str, lang: str
) -> None:
    notes = _charter_notes()
    seen = 0
    for day in DAYS:
        params = {"lang": lang} | ({"on": day} if day else {})
        response = client.get(path, params=params)
        assert response.status_code == 200
        parser = Langs(lang)
        parser.feed(response.text)
        for where, in_force, text in parser.found:
            if text in notes:
                seen += 1
                assert in_force == "en", (
                    f"{path} {params}: a charter note in {where} is not marked lang=en: {text!r}"
                )
    assert seen, f"{path} in {lang} showed no charter note on {DAYS}: this test would check nothing"
