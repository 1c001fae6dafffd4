"""Reading a day as people type it: a full ISO 8601 calendar date. Core's, so that every edge
(CLI options, API parameters, forms) and the charter read days alike."""

from __future__ import annotations

from datetime import date


def parse_day(value: str) -> date:
    """A full ISO 8601 calendar date (YYYY-MM-DD), as given to `--on` or `?on=`."""
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"not a date: {value!r} (expected YYYY-MM-DD)") from None
    if len(value.strip()) != 10:
        raise ValueError(f"not a date: {value!r} (expected YYYY-MM-DD)")
    return parsed
