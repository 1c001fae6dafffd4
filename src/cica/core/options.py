"""Parsing of option values shared by commands, with one-line errors (exit code 2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from cica.charter.dates import parse_day
from cica.core.errors import InvalidInput

T = TypeVar("T", bound=str)


def day_option(value: str | None, option: str = "--on") -> date | None:
    """The day given, or None: the caller then asks for today at the seat (`seat_today`)."""
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as error:
        raise InvalidInput(f"{option}: {error}") from None


def choice_option(value: str, choices: Sequence[T], option: str) -> T:
    for choice in choices:
        if value == choice:
            return choice
    raise InvalidInput(f"{option}: {value!r} is not one of {', '.join(choices)}")
