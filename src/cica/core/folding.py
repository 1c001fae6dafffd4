"""Folding text for comparison, and the bounds of a search: pure, so the pure rules of search
(`cica.search.rules`) share them with the lists' title search (`cica.core.search`)."""

from __future__ import annotations

import unicodedata

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10


def fold(text: str) -> str:
    """Lower case, without accents or diacritics, compatibility forms unified (full-width
    letters, ligatures), whitespace collapsed: the form both titles and queries are compared in."""
    if text.isascii():
        # The same result without the Unicode passes (ASCII has nothing to decompose, and its
        # case folding is lower()): every audited write folds its summary, mostly plain ASCII.
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", bare.casefold()).split())
