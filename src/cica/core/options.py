"""The options every command shares (`--as`, `--lang`, `--format`), declared once, and the parsing
of option values, with one-line errors (exit code 2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar

import typer

from cica.core.errors import InvalidInput
from cica.core.fields import day_field
from cica.core.i18n import LANGUAGES, Language
from cica.core.output import FORMATS, OutputFormat

T = TypeVar("T", bound=str)

AS = typer.Option(None, "--as", help="Act as this user (with their rights) instead of as the administrator.")
LANG = typer.Option("en", "--lang", help="Language of names: en, ru, zh or fr.")
FORMAT = typer.Option("table", "--format", help="table, json or csv.")


def day_option(value: str | None, option: str = "--on") -> date | None:
    """The day given, or None: the caller then asks for today at the seat (`seat_today`)."""
    return day_field(value, option, blank_is_missing=False)


def choice_option(value: str, choices: Sequence[T], option: str) -> T:
    for choice in choices:
        if value == choice:
            return choice
    raise InvalidInput(f"{option}: {value!r} is not one of {', '.join(choices)}")


def language_option(value: str) -> Language:
    return choice_option(value, LANGUAGES, "--lang")


def format_option(value: str) -> OutputFormat:
    """`--format` of a listing: table, json or csv."""
    return choice_option(value, FORMATS, "--format")
