"""The options every command shares (`--as`, `--lang`, `--format`), declared once, and the parsing
of option values, with one-line errors (exit code 2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar

import typer

from cica.core.errors import InvalidInput
from cica.core.fields import choice, day_field
from cica.core.i18n import LANGUAGES, Language, read_in, reader_language
from cica.core.inputs import INTEGER_MIN, check_integer
from cica.core.output import FORMATS, OutputFormat

T = TypeVar("T", bound=str)

AS = typer.Option(None, "--as", help="Act as this user (with their rights) instead of as the administrator.")
LANG = typer.Option(
    None,
    "--lang",
    help="Language of names, headings and messages: en, ru, zh or fr "
    "(default: CICA_DEFAULT_LANGUAGE, else the locale's, else en).",
)
FORMAT = typer.Option("table", "--format", help="table, json or csv.")


def day_option(value: str | None, option: str = "--on") -> date | None:
    """The day given, or None: the caller then asks for today at the seat (`seat_today`)."""
    return day_field(value, option, blank_is_missing=False)


def choice_option(value: str, choices: Sequence[T], option: str) -> T:
    chosen = choice(value, choices)
    if chosen is not None:
        return chosen
    raise InvalidInput(f"{option}: {value!r} is not one of {', '.join(choices)}")


def language_option(value: str | None) -> Language:
    """`--lang`, or the command's language when it is not given (`core.i18n.command_language`)."""
    if value is None:
        return reader_language()
    chosen = choice_option(value, LANGUAGES, "--lang")
    read_in(chosen)
    return chosen


def format_option(value: str) -> OutputFormat:
    """`--format` of a listing: table, json or csv."""
    return choice_option(value, FORMATS, "--format")


def _bounded_integer(value: str | int, minimum: int) -> int:
    # A domain error, not click's BadParameter: `CicaGroup` prints it as one line with exit 2.
    try:
        number = value if isinstance(value, int) else int(value, 10)
    except ValueError:
        raise InvalidInput(f"{value!r} is not a whole number") from None
    try:
        return check_integer(number, minimum=minimum)
    except ValueError as error:
        raise InvalidInput(str(error)) from None


def record_id(value: str | int) -> int:
    """A record's id as the CLI takes it (typer's `parser=`): within `core.inputs`' bounds."""
    return _bounded_integer(value, 1)


def integer(value: str | int) -> int:
    """Any other whole number the CLI takes (a year, a version, a paragraph)."""
    return _bounded_integer(value, INTEGER_MIN)
