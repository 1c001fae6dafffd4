"""Sorting names the way readers of each language expect, without a system locale.

Accents are folded (É sorts with E); Chinese is sorted by its pinyin reading, as Chinese
reference lists are.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=8192)
def sort_key(name: str, lang: str) -> tuple[str, str]:
    if lang.startswith("zh"):
        # pypinyin's dictionaries are loaded by the first Chinese sort, not by every process.
        from pypinyin import lazy_pinyin

        text = " ".join(lazy_pinyin(name))
    else:
        text = name
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return folded.casefold(), name
