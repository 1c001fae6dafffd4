"""Interface languages: negotiation (?lang=, cookie, Accept-Language) and Babel catalogues."""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from contextvars import ContextVar, Token
from functools import lru_cache
from pathlib import Path
from typing import Literal

from babel import Locale, UnknownLocaleError, negotiate_locale

Language = Literal["en", "ru", "zh", "fr"]
LANGUAGES: tuple[Language, ...] = ("en", "ru", "zh", "fr")
DEFAULT_LANGUAGE: Language = "en"
LANGUAGE_COOKIE = "cica_lang"
TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def is_supported(value: str | None) -> bool:
    return value in LANGUAGES


def as_language(value: str | None, default: Language = DEFAULT_LANGUAGE) -> Language:
    for lang in LANGUAGES:
        if value == lang:
            return lang
    return default


def negotiate(
    query: str | None,
    cookie: str | None,
    accept_language: str | None,
    default: Language = DEFAULT_LANGUAGE,
) -> Language:
    """The page language: `?lang=`, then the cookie, then the browser's preference, then default.

    An unsupported `?lang=` falls back rather than failing: a page should always render.
    """
    for candidate in (query, cookie):
        if is_supported(candidate):
            return as_language(candidate)
    if accept_language:
        preferred = [
            part.split(";")[0].strip().replace("-", "_")
            for part in sorted(accept_language.split(","), key=_quality, reverse=True)
            if part.strip()
        ]
        found = negotiate_locale(preferred, list(LANGUAGES), sep="_")
        if found:
            return as_language(found.split("_")[0])
    return default


def _quality(part: str) -> float:
    for parameter in part.split(";")[1:]:
        name, _, value = parameter.strip().partition("=")
        if name == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for `lang`; English is the source language and needs none."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation("messages", TRANSLATIONS_DIR, languages=[lang], fallback=True)


def gettext_for(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def language_name(lang: str) -> str:
    """A language's name in itself (English, Русский, 中文, Français), for the switcher."""
    return (Locale.parse(lang).get_display_name(lang) or lang).capitalize()


def language_name_in(tag: str, reader: str) -> str:
    """A text's language (any BCP 47 tag) named in the reader's (`fr` → « français », « 法语 »),
    else its tag."""
    try:
        return Locale.parse(tag, sep="-").get_display_name(reader) or tag
    except (UnknownLocaleError, ValueError):
        return tag


# --- The reader of a command -------------------------------------------------------------------
# A command prints in one language for the whole run: `--lang`, else `CICA_DEFAULT_LANGUAGE`,
# else the locale's (LC_ALL, LC_MESSAGES, LANG), else English. The command group sets it before
# the command runs (`cica.cli`), so that even an error in parsing an option is in that language.
_reader: ContextVar[Language] = ContextVar("cica_reader_language", default=DEFAULT_LANGUAGE)


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark only")
    """Marks `message` for the catalogue; it is translated where it is shown."""
    return message


def read_in(lang: Language) -> Token[Language]:
    return _reader.set(lang)


def read_as_before(token: Token[Language]) -> None:
    _reader.reset(token)


def reader_language() -> Language:
    return _reader.get()


def translated(message: str, **params: object) -> str:
    """`message` (a catalogue's msgid) in the command reader's language, `{params}` filled in."""
    return translations(reader_language()).gettext(message).format(**params)


def translated_plural(singular: str, plural: str, count: int, **params: object) -> str:
    """The plural form for `count` in the reader's language (Russian has three)."""
    return translations(reader_language()).ngettext(singular, plural, count).format(count=count, **params)


def command_language(environ: Mapping[str, str]) -> Language:
    """A command's language when `--lang` is not given: the setting, else the locale's."""
    if is_supported(setting := environ.get("CICA_DEFAULT_LANGUAGE")):
        return as_language(setting)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if value := environ.get(name):
            # "ru_RU.UTF-8" → "ru"; "C" and "POSIX" are no language: English.
            return as_language(value.split(".")[0].split("_")[0].lower())
    return DEFAULT_LANGUAGE
