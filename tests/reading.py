"""The one check of what a reader sees in their language, for pages and for commands alike.

A run of text is a piece a reader sees at once (an element's text, a table cell, a line) with the
language it is marked as being in. Each run in the reader's language is checked: no English
sentence (lingua-language-detector, restricted to the four interface languages, on every stretch
of more than a few Latin-script words), no raw internal id (an organ id or a snake_case key), and
no two pieces of text glued together. What is marked as being in another language — a `lang`
attribute on a page, a `[en]` tag before a line or a cell of a command — is exempt, and only
that: the allowance is the output's own marking, not a list of strings. E-mail addresses are
names, not sentences, and so are hashes: both are removed before the check. Text marked
lang="zxx" (BCP 47: no linguistic content, such as a public key) is exempt from every check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

READERS = ("ru", "zh", "fr")
TRANSLATIONS = Path(__file__).parents[1] / "src" / "cica" / "core" / "translations"
# The document's <title> cannot mark its parts: it repeats the page heading, which carries its lang.
SKIPPED = {"script", "style", "template", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
EMAIL = re.compile(r"\S+@\S+")
DIGEST = re.compile(r"\b[0-9a-f]{16,}\b")  # a hash (the audit chain's head) names, it says nothing
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
LATIN_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿŒœ’'-]+"
LATIN_STRETCH = re.compile(rf"{LATIN_WORD}(?:[\s,.;:()0-9–-]+{LATIN_WORD})*")
# Two pieces of text with no space between them: a word and a parenthesis ("Response(to
# everyone)"), or a word and a participant code ("…in AsiaIND").
GLUED = re.compile(r"[a-zà-ÿа-яё]{2}(?:\((?!s\))|[A-Z]{3}\b)")
# A run of fewer words than this is a label, a name or a code, too short to tell a language by.
FEW_WORDS = 4
# How a command marks a line or a cell as being in another language: "[en] …", "[en, original] …".
COMMAND_MARK = re.compile(r"^\[(en|ru|zh|fr)\b[^\]]*\]")
TABLE_RULES = re.compile(r"[┃│]")
BORDERS = "━─┏┓┗┛┡┩└┘┳┻╇╈┼┬┴╋ "


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
            # Text marked lang="zxx" (a key, a code) has no words to glue: it stands as a gap.
            no_words = bool(self.stack) and self.stack[-1][1] == "zxx"
            self.flat.append(" " if no_words else data)
        text = " ".join(data.split())
        if text and self.stack and not self.stack[-1][2]:
            self.runs.append((self.stack[-1][1] or "", text))


@cache
def detector() -> LanguageDetector:
    languages = (Language.ENGLISH, Language.RUSSIAN, Language.CHINESE, Language.FRENCH)
    return LanguageDetectorBuilder.from_languages(*languages).build()


def run_faults(runs: Iterable[tuple[str, str]], flat: str, lang: str, ids: set[str]) -> Iterator[str]:
    """What is wrong with `runs` (language, text) for a reader of `lang`; `flat` is all the text
    as it is seen run together."""
    for glued in GLUED.finditer(flat):
        yield f"no space: {glued.group(0)!r}"
    for run_lang, text in runs:
        if run_lang.split("-")[0] != lang:
            continue  # marked as being in another language: shown as it is, on purpose
        words = DIGEST.sub(" ", EMAIL.sub(" ", text))
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


def page_faults(page: str, lang: str, ids: set[str]) -> Iterator[str]:
    """What is wrong with an HTML page for a reader of `lang`."""
    parser = Texts()
    parser.feed(page)
    yield from run_faults(parser.runs, "".join(parser.flat), lang, ids)


def command_runs(output: str, lang: str) -> Iterator[tuple[str, str]]:
    """The runs of a command's output: each table cell, each line of text. A line marked
    `[xx …]` is in language xx, and so are the indented lines under it (a text's paragraphs)."""
    block_lang: str | None = None
    for line in output.splitlines():
        if not line.strip() or not line.startswith(" "):
            block_lang = None
        cells = TABLE_RULES.split(line)
        for cell in cells:
            text = " ".join(cell.split())
            if not text or not set(text) - set(BORDERS):
                continue
            marked = COMMAND_MARK.match(text)
            if marked and len(cells) == 1:
                block_lang = marked.group(1)
            yield (marked.group(1) if marked else block_lang or lang), text


def command_faults(output: str, lang: str, ids: set[str]) -> Iterator[str]:
    """What is wrong with a command's `table`/text output for a reader of `lang`."""
    yield from run_faults(command_runs(output, lang), output, lang, ids)
