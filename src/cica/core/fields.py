"""Values people type (a command's option, a form's field), parsed once with one error shape: the
field's name, then what is wrong, as an `InvalidInput` (exit 2 at the CLI, 422 on a page)."""

from __future__ import annotations

from datetime import date

from cica.core.days import parse_day
from cica.core.errors import InvalidInput


def day_field(value: str | None, field: str, *, blank_is_missing: bool = True) -> date | None:
    """A YYYY-MM-DD day, or None when the field is missing (or, for a form, left empty)."""
    if value is None or (blank_is_missing and not value.strip()):
        return None
    try:
        return parse_day(value)
    except ValueError as error:
        raise InvalidInput(f"{field}: {error}", code="not_a_date") from None
