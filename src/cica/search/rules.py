"""Full-text search, the pure part: how a text in each language becomes index terms, how a
query is read, and how a snippet shows the words that matched.

Texts are tokenised here, in Python, and handed to the index as whitespace-separated terms (the
index's whitespace tokenizer then keeps them as they are): one analyser per language, the same
for the texts and the queries, so a query finds what its own words would have been indexed as.

- Chinese (`zh`) is segmented with jieba in search mode (a long word also yields its shorter
  words, so 亚信 finds 亚信会议), through rjieba, its Rust port: the same words as Python's
  jieba for every run of Han characters (tests hold it to that), some 40 times faster. Only the
  runs of Han characters go to jieba; digits and Latin words between them are split on
  non-word characters as in the other analysers (jieba and rjieba read `2017-04-19` or
  `users.add` differently, and neither as words).
- Russian, French and English words are stemmed with PyStemmer (Snowball), after folding with
  `cica.core.search.fold` (case and accents do not matter).
- Any other language is folded and split on non-word characters.

A query's words in double quotes are a phrase: besides holding each of its terms, a paragraph
must hold them one after the other, in order (`"mesures de confiance"`; a quoted Chinese string
is segmented as the paragraphs are, so its words must stand together as in the text).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from typing import NamedTuple

from cica.core.errors import InvalidInput
from cica.core.folding import MAX_QUERY_LENGTH, MAX_WORDS, fold
from cica.documents.rules import check_language

LANGUAGES = ("en", "fr", "ru", "zh")
# The analysers a version's text may have been read with: one per language above, and one for
# every other language. A query is read with each of them and matches a paragraph only through
# the analyser its own version was read with.
OTHER = "und"
ANALYSERS = (*LANGUAGES, OTHER)
_STEMMERS = {"en": "english", "fr": "french", "ru": "russian"}
_WORD = re.compile(r"\w+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_PHRASE = re.compile(r'"([^"]*)"')


class Operation(StrEnum):
    """What an outbox row asks of the index for a version's paragraphs."""

    INDEX = "index"
    DELETE = "delete"


class Sort(StrEnum):
    RELEVANCE = "relevance"  # BM25
    DATE = "date"  # the document's date, newest first


class Token(NamedTuple):
    """One term of a text, with where it stands in the original (for highlighting)."""

    term: str
    start: int
    end: int


@cache
def _stemmer(language: str) -> Callable[[str], str]:
    import Stemmer  # PyStemmer; imported late so loading the package stays cheap

    return Stemmer.Stemmer(_STEMMERS[language]).stemWord  # type: ignore[no-any-return]


_HAN_WORD = "han"  # the reading of `_reader` for a word jieba cut out of Han characters


@cache
def _reader(reading: str) -> Callable[[str], tuple[str, ...]]:
    """The terms of one word for `reading` (folded, then stemmed if it has a stemmer), cached
    per word: a language's texts repeat the same few thousand words."""

    @lru_cache(maxsize=200_000)
    def read(word: str) -> tuple[str, ...]:
        # Folding may open a word into several (compatibility forms such as U+FDFA spell
        # phrases): each is a term of its own, so a term never holds a space.
        pieces = fold(word).split()
        if reading == _HAN_WORD:  # a code point of the Han ranges that is no letter is no term
            return tuple(piece for piece in pieces if _WORD.fullmatch(piece))
        if reading in _STEMMERS:
            stem = _stemmer(reading)
            return tuple(stem(piece) for piece in pieces)
        return tuple(pieces)

    return read


def _words(text: str, reading: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    read = _reader(reading)
    return [
        (term, match.start(), match.end())
        for match in _WORD.finditer(text, start, len(text) if end is None else end)
        for term in read(match.group())
    ]


@cache
def _segmenter() -> Callable[[str, str], list[tuple[str, int, int]]]:
    import rjieba  # imported late: its dictionary loads with it

    return rjieba.tokenize


def _chinese(text: str) -> list[tuple[str, int, int]]:
    segment = _segmenter()
    found: list[tuple[str, int, int]] = []
    position = 0
    for run in _HAN_RUN.finditer(text):
        found += _words(text, OTHER, position, run.start())
        at = run.start()
        read = _reader(_HAN_WORD)
        found += [
            (term, at + start, at + end)
            for word, start, end in segment(run.group(), "search")
            for term in read(word)
        ]
        position = run.end()
    return found + _words(text, OTHER, position)


def _reading(text: str, language: str) -> str | None:
    """How `text` is read: by jieba (None), or word by word for a stemmer or for `OTHER`."""
    primary = language.split("-")[0].lower()
    if primary == "zh" or (primary not in _STEMMERS and _HAN.search(text)):
        return None
    return primary if primary in _STEMMERS else OTHER


def _spans(text: str, language: str) -> list[tuple[str, int, int]]:
    reading = _reading(text, language)
    return _chinese(text) if reading is None else _words(text, reading)


def tokens(text: str, language: str) -> list[Token]:
    """The terms of `text` read as `language` (a BCP 47 tag; only its primary subtag counts)."""
    return list(map(Token._make, _spans(text, language)))


def analyser(language: str) -> str:
    """The analyser a text in `language` (a BCP 47 tag) is read with."""
    primary = language.split("-")[0].lower()
    return primary if primary in LANGUAGES else OTHER


def terms(text: str, language: str) -> str:
    """The whitespace-separated terms stored in the index for `text`."""
    reading = _reading(text, language)
    if reading is None:
        return " ".join([term for term, _, _ in _chinese(text)])
    # The index needs no offsets: the words alone, without a match object each (the reindex).
    read = _reader(reading)
    return " ".join([term for word in _WORD.findall(text) for term in read(word)])


def padded(text: str, language: str) -> str:
    """The terms as `search_paragraph` stores them: ` a b c ` (a term is found as ` term `)."""
    return f" {terms(text, language)} "


@dataclass(frozen=True)
class Query:
    """A search as the reader typed it, read for each language it may match in."""

    text: str

    def terms(self, language: str) -> list[str]:
        """The distinct terms the query stands for in `language`, in order (a phrase's too)."""
        return list(_query_terms(self.text, language))

    def phrases(self, language: str) -> list[tuple[str, ...]]:
        """The terms of each quoted phrase of two terms or more, in their order (a phrase of one
        term is just that term)."""
        return list(_query_phrases(self.text, language))


# Read once per language: a page of hits asks again for each snippet.
@lru_cache(maxsize=1024)
def _query_terms(text: str, language: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(token.term for token in tokens(text, language)))


@lru_cache(maxsize=1024)
def _query_phrases(text: str, language: str) -> tuple[tuple[str, ...], ...]:
    quoted = (tuple(t.term for t in tokens(m.group(1), language)) for m in _PHRASE.finditer(text))
    return tuple(dict.fromkeys(phrase for phrase in quoted if len(phrase) > 1))


def holds(sequence: list[str] | tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Whether the terms of `phrase` stand one after the other in `sequence` (as the index
    checks with positions, and the reference search with ` a b ` in the padded terms)."""
    size = len(phrase)
    return any(tuple(sequence[at : at + size]) == phrase for at in range(len(sequence) - size + 1))


def parse(query: str | None) -> Query:
    """A query to search with; an empty, overlong or too wordy one is bad input."""
    if query is None or not query.strip():
        raise InvalidInput("q: a search needs at least one word")
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(f"q: a search has at most {MAX_QUERY_LENGTH} characters")
    if len(query.split()) > MAX_WORDS:
        raise InvalidInput(f"q: a search has at most {MAX_WORDS} words")
    return Query(" ".join(query.split()))


DEFAULT_LIMIT = 10
MAX_LIMIT = 100


@dataclass(frozen=True)
class Filters:
    """Which paragraphs a search keeps besides its words, how many, in which order."""

    lang: str | None = None  # a BCP 47 tag: `zh` keeps zh-Hans too, `zh-Hans` only that
    kind: str | None = None
    organ: str | None = None
    day_from: date | None = None
    day_to: date | None = None
    sort: Sort = Sort.RELEVANCE
    limit: int = DEFAULT_LIMIT


def check_filters(filters: Filters) -> Filters:
    """The filters, checked: a language that is no BCP 47 tag, a range that ends before it
    starts or a limit out of bounds is bad input."""
    if not 1 <= filters.limit <= MAX_LIMIT:
        raise InvalidInput(f"limit: give a number from 1 to {MAX_LIMIT}", field="limit")
    if filters.day_from and filters.day_to and filters.day_from > filters.day_to:
        raise InvalidInput("to: the range ends before it starts", field="to")
    lang = check_language(filters.lang) if filters.lang else None
    return Filters(
        lang,
        filters.kind or None,
        filters.organ or None,
        filters.day_from,
        filters.day_to,
        filters.sort,
        filters.limit,
    )


@dataclass(frozen=True)
class Piece:
    """A piece of a snippet: text, and whether it is a matched word."""

    text: str
    matched: bool


def snippet(text: str, language: str, query: Query, *, width: int = 160) -> list[Piece]:
    """The part of `text` around its first matched word (at most about `width` characters),
    cut into pieces so the page can mark the matched words without trusting any markup."""
    wanted = set(query.terms(language))
    spans = [(t.start, t.end) for t in tokens(text, language) if t.term in wanted]
    first = spans[0][0] if spans else 0
    begin = max(0, first - width // 4)
    end = min(len(text), begin + width)
    pieces: list[Piece] = []
    position = begin
    for start, stop in _merged(spans):
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        if start > position:
            pieces.append(Piece(text[position:start], False))
        pieces.append(Piece(text[start:stop], True))
        position = stop
    if position < end:
        pieces.append(Piece(text[position:end], False))
    if begin > 0:
        pieces.insert(0, Piece("…", False))
    if end < len(text):
        pieces.append(Piece("…", False))
    return pieces


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans (jieba's search mode yields words inside words) as one."""
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


def matches(text: str, language: str, query: Query) -> bool:
    """Whether every term of the query is among the text's terms (the index's AND search), and
    every phrase's terms stand together in order."""
    sequence = [token.term for token in tokens(text, language)]
    have = set(sequence)
    return all(term in have for term in query.terms(language)) and all(
        holds(sequence, phrase) for phrase in query.phrases(language)
    )
