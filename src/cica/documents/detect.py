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


def detect_paragraphs(paragraphs: Sequence[str], known: Iterable[str]) -> list[str | None]:
    """Each paragraph's language as a BCP 47 tag (`fr`, `zh`), None where it cannot be told
    (digits and punctuation only)."""
    survey = _survey()
    found = {language for language in survey.detect_languages_in_parallel_of(list(paragraphs)) if language}
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
