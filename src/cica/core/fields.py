"""Values people type (a command's option, a form's field), parsed once with one error shape: the
field's name, then what is wrong, as an `InvalidInput` (exit 2 at the CLI, 422 on a page)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from cica.core.days import parse_day
from cica.core.errors import InvalidInput

ChoiceT = TypeVar("ChoiceT", bound=str)


def day_field(value: str | None, field: str, *, blank_is_missing: bool = True) -> date | None:
    """A YYYY-MM-DD day, or None when the field is missing (or, for a form, left empty)."""
    if value is None or (blank_is_missing and not value.strip()):
        return None
    try:
        return parse_day(value)
    except ValueError as error:
        raise InvalidInput(f"{field}: {error}", code="not_a_date") from None


def choice(value: str, known: Sequence[ChoiceT]) -> ChoiceT | None:
    """The one of `known` that `value` is, typed as the vocabulary's Literal, or None."""
    return next((item for item in known if item == value), None)
