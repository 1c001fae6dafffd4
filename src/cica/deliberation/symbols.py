"""Decision symbols from the charter's `decision_rule.symbol_pattern` (`CICA/MC/DEC/2024/3`).

The pattern may use `{org}`, `{organ}`, `{year}` and `{number}` (with format specs such as
`{number:03d}`), and must use `{number}`. Numbers run within the organ and year when the pattern
shows them (`numbering_scope`): the storage layer asks for the numbers already given in that
scope and passes them to `next_decision_number`.
"""

from __future__ import annotations

import string
from collections.abc import Collection

from cica.core.errors import InvalidInput

_SYMBOL_FIELDS = frozenset({"org", "organ", "year", "number"})


def _pattern_fields(pattern: str) -> set[str]:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as error:
        raise InvalidInput(
            f"the symbol pattern {pattern!r} is malformed: {error} (charter: decision_rule.symbol_pattern)"
        ) from None
    unknown = fields - _SYMBOL_FIELDS
    if unknown:
        raise InvalidInput(
            f"the symbol pattern {pattern!r} uses {', '.join(sorted(repr(f) for f in unknown))}; only "
            "{org}, {organ}, {year} and {number} are known (charter: decision_rule.symbol_pattern)"
        )
    if "number" not in fields:
        raise InvalidInput(
            f"the symbol pattern {pattern!r} has no {{number}}, so two decisions would share a "
            "symbol (charter: decision_rule.symbol_pattern)"
        )
    return fields


def numbering_scope(pattern: str) -> tuple[str, ...]:
    """What decision numbers run within: ('organ', 'year') for the default pattern.

    A number restarts for each value of the fields the pattern shows, so that symbols are unique
    and read naturally (`CICA/MC/DEC/2024/3` is the Council's third decision of 2024).
    """
    fields = _pattern_fields(pattern)
    return tuple(name for name in ("organ", "year") if name in fields)


def next_decision_number(numbers_in_scope: Collection[int]) -> int:
    """The next number after those already given in the scope (1 for the first)."""
    return max(numbers_in_scope, default=0) + 1


def organ_code(organ_id: str, abbreviation: str | None = None) -> str:
    """The organ's part of a symbol: its abbreviation, else its id's initials or single word.

    `ministerial_council` → `MC`, `summit` → `SUMMIT`, `soc` with abbreviation `SOC` → `SOC`.
    """
    if abbreviation and abbreviation.strip():
        return abbreviation.strip().upper()
    words = [word for word in organ_id.split("_") if word]
    if len(words) == 1:
        return words[0].upper()
    return "".join(word[0] for word in words).upper()


def decision_symbol(pattern: str, *, org: str, organ: str, year: int, number: int) -> str:
    """The pattern filled in: org and organ upper-case (`CICA/MC/DEC/2024/3`)."""
    _pattern_fields(pattern)
    if number < 1:
        raise InvalidInput(f"decision numbers start at 1, got {number}")
    if not 1 <= year <= 9999:
        raise InvalidInput(f"{year} is not a year")
    try:
        return pattern.format(org=org.upper(), organ=organ.upper(), year=year, number=number)
    except (ValueError, TypeError) as error:
        # A format spec that does not fit its value, such as {org:03d}.
        raise InvalidInput(
            f"the symbol pattern {pattern!r} cannot be filled in: {error} "
            "(charter: decision_rule.symbol_pattern)"
        ) from None
