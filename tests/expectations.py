"""What the registry must answer for each shipped charter: the real CICA and the fictional one.

The registry suite runs once per charter with these tables, so nothing passes by being
hard-wired to CICA. CICA's figures are the issue's acceptance list, from the sourced factsheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Expected:
    member_counts: dict[date, int]
    observers_include: dict[date, set[str]]
    never_member: set[str]
    chairs: dict[date, str]
    organ_names: dict[tuple[str, date], str]
    partners_include: dict[date, set[str]] = field(default_factory=dict)


EXPECTED: dict[str, Expected] = {
    "cica": Expected(
        member_counts={
            date(2002, 6, 4): 16,
            date(2012, 1, 1): 24,
            date(2014, 5, 21): 26,
            date(2019, 1, 1): 27,
            date(2026, 11, 27): 28,
        },
        observers_include={date(2024, 1, 1): {"SAU", "TKM"}},
        never_member={"TKM"},
        chairs={date(2016, 1, 1): "CHN", date(2021, 1, 1): "KAZ", date(2025, 6, 1): "AZE"},
        organ_names={
            ("summit", date(2023, 1, 1)): "Council of Heads of State or Government",
            ("summit", date(2010, 1, 1)): "Summit",
        },
        partners_include={date(2023, 1, 1): {"EAEU"}},
    ),
    "pacifica": Expected(
        member_counts={
            date(2002, 1, 1): 5,
            date(2006, 1, 1): 6,
            date(2012, 1, 1): 7,
            date(2019, 1, 1): 6,
        },
        observers_include={date(2005, 1, 1): {"NZL"}, date(2012, 1, 1): {"PLW"}},
        never_member={"PLW"},
        chairs={date(2003, 1, 1): "FJI", date(2006, 1, 1): "WSM", date(2010, 1, 1): "PNG"},
        organ_names={
            ("ministers", date(2015, 8, 31)): "Ministerial Meeting",
            ("ministers", date(2015, 9, 1)): "Council of Ministers",
        },
        partners_include={date(2016, 1, 1): {"RRN"}},
    ),
}
