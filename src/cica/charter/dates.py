"""Partial dates: a year, a year and month, or a full date, keeping the precision the source gave.

Pure values, no I/O. An as-of query treats a partial date as its first day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

Precision = Literal["year", "month", "day"]

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # date() checks the ranges (month 1-12, day within the month, year 1-9999).
        date(self.year, self.month or 1, self.day or 1)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def isoformat(self) -> str:
        """ISO 8601 with reduced precision: `1999`, `2010-06` or `2004-10-22`."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    @classmethod
    def of(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, date):
            return cls.of(value)
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:04d}"
        if not isinstance(value, str):
            raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
        match = _PATTERN.match(value.strip())
        if not match:
            raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
        month, day = match["month"], match["day"]
        try:
            return cls(int(match["year"]), int(month) if month else None, int(day) if day else None)
        except ValueError as error:
            raise ValueError(f"{value!r} is not a valid date: {error}") from None

    @classmethod
    def from_parts(cls, first_day: date, precision: str) -> PartialDate:
        """Rebuilds a partial date from its first day and precision, as stored in the database."""
        if precision == "year":
            return cls(first_day.year)
        if precision == "month":
            return cls(first_day.year, first_day.month)
        return cls.of(first_day)


@dataclass(frozen=True)
class Period:
    """A half-open period [start, end): `end` is the first day something no longer holds."""

    start: PartialDate | None
    end: PartialDate | None = None

    def holds_on(self, day: date) -> bool:
        if self.start is not None and day < self.start.first_day():
            return False
        return self.end is None or day < self.end.first_day()

    def overlaps(self, other: Period) -> bool:
        lo_self = self.start.first_day() if self.start else date.min
        lo_other = other.start.first_day() if other.start else date.min
        hi_self = self.end.first_day() if self.end else date.max
        hi_other = other.end.first_day() if other.end else date.max
        return lo_self < hi_other and lo_other < hi_self
