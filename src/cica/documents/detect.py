"""The language of each paragraph, by lingua-language-detector.

A first, quick pass over every language lingua knows finds which languages a file holds; the
second, accurate pass chooses among those and the charter's languages only, so that a short
paragraph (a title) is not taken for a language nobody wrote in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder


@lru_cache(maxsize=1)
def _survey() -> LanguageDetector:
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


@lru_cache(maxsize=16)
def _detector(languages: frozenset[Language]) -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _lingua(tag: str) -> Language | None:
    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(tag.split("-", 1)[0].lower()))
    except ValueError:
        return None


# A language the quick pass finds is a candidate only if it holds this share of the letters of
# the file's longer paragraphs: a short line it takes for Lithuanian does not make the file so.
SHARE = 0.15
LONG = 40  # letters; if no paragraph is this long, every one counts


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def detect_paragraphs(paragraphs: Sequence[str], known: Iterable[str]) -> list[str | None]:
    """Each paragraph's language as a BCP 47 tag (`fr`, `zh`), None where it cannot be told
    (digits and punctuation only)."""
    surveyed = _survey().detect_languages_in_parallel_of(list(paragraphs))
    sizes = [_letters(paragraph) for paragraph in paragraphs]
    floor = LONG if any(size >= LONG for size in sizes) else 0
    letters: dict[Language, int] = {}
    for size, language in zip(sizes, surveyed, strict=True):
        if language is not None and size >= floor:
            letters[language] = letters.get(language, 0) + size
    total = sum(letters.values()) or 1
    found = {language for language, count in letters.items() if count >= SHARE * total}
    candidates = found | {language for tag in known if (language := _lingua(tag)) is not None}
    if not candidates:
        return [None] * len(paragraphs)
    if len(candidates) == 1:
        only = next(iter(candidates))
        return [only.iso_code_639_1.name.lower() if p.strip() else None for p in paragraphs]
    detector = _detector(frozenset(candidates))
    return [
        language.iso_code_639_1.name.lower() if language is not None else None
        for language in detector.detect_languages_in_parallel_of(list(paragraphs))
    ]
