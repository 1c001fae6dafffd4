"""The input types every edge shares: one bounded integer and one text type (single- or multi-line).

Every integer and text parameter and field of the API, the pages and the CLI goes through these,
so input the storage cannot hold is refused at the edge with the same answer on both backends
(a 422 problem, a form error, one line and exit 2) instead of an error in the database driver:
numbers beyond the tables' INTEGER columns (32-bit on PostgreSQL; SQLite's driver refuses
anything beyond 64 bits), NUL (PostgreSQL text cannot hold it) and the other control characters,
and lone surrogates (no encoding can store them).
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

import annotated_types
from pydantic import AfterValidator

# The range of an INTEGER column on PostgreSQL (and well inside SQLite's 64-bit one).
INTEGER_MIN = -(2**31)
INTEGER_MAX = 2**31 - 1

# Characters a multi-line text may hold besides printable ones: tab, line feed, carriage return.
MULTILINE_CONTROLS = frozenset("\t\n\r")


def refused_character(value: str, *, multiline: bool) -> str | None:
    """The first character of `value` storage cannot hold (or a text should not carry), if any."""
    for character in value:
        category = unicodedata.category(character)
        if category == "Cs" or (category == "Cc" and not (multiline and character in MULTILINE_CONTROLS)):
            return character
    return None


def check_text(value: str, *, multiline: bool = False) -> str:
    character = refused_character(value, multiline=multiline)
    if character is not None:
        raise ValueError(f"contains the control character U+{ord(character):04X}, which a text may not hold")
    return value


def _line(value: str) -> str:
    return check_text(value, multiline=False)


def _text(value: str) -> str:
    return check_text(value, multiline=True)


def check_integer(value: int, *, minimum: int = INTEGER_MIN) -> int:
    if not minimum <= value <= INTEGER_MAX:
        raise ValueError(f"{value} is outside {minimum}..{INTEGER_MAX}")
    return value


# Validators exposed so that a test can check every route parameter and field uses them.
LINE_VALIDATOR = AfterValidator(_line)
TEXT_VALIDATOR = AfterValidator(_text)

# One line of text: a name, a code, a filter, an e-mail address.
Line = Annotated[str, LINE_VALIDATOR]
# A multi-line text: a draft's body, a statement, a justification.
Text = Annotated[str, TEXT_VALIDATOR]
# Any whole number given at the edge: a count, a year, a paragraph, a version.
Integer = Annotated[int, annotated_types.Interval(ge=INTEGER_MIN, le=INTEGER_MAX)]
# A record's id (or sequence number): a positive Integer.
RecordId = Annotated[int, annotated_types.Interval(ge=1, le=INTEGER_MAX)]
# A count or position from zero (a paragraph to insert after, a page size).
Natural = Annotated[int, annotated_types.Interval(ge=0, le=INTEGER_MAX)]
