"""Parsing of option values shared by commands, with one-line errors (exit code 2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from cica.core.days import parse_day
from cica.core.errors import InvalidInput
from cica.core.inputs import INTEGER_MIN, check_integer

T = TypeVar("T", bound=str)


def day_option(value: str | None, option: str = "--on") -> date:
    if value is None:
        return date.today()
    try:
        return parse_day(value)
    except ValueError as error:
        raise InvalidInput(f"{option}: {error}") from None


def choice_option(value: str, choices: Sequence[T], option: str) -> T:
    for choice in choices:
        if value == choice:
            return choice
    raise InvalidInput(f"{option}: {value!r} is not one of {', '.join(choices)}")


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
