"""As-of rules of the registry. Pure: values in, values out; no database, no web.

Everything dated exposes a half-open `period`; a partial date counts from its first day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Literal, Protocol, TypeVar

from cica.charter.dates import Period

KindFilter = Literal["member", "observer", "partner", "all"]
KINDS: tuple[KindFilter, ...] = ("member", "observer", "partner", "all")


class HasPeriod(Protocol):
    @property
    def period(self) -> Period: ...


class NameInPeriod(HasPeriod, Protocol):
    @property
    def lang(self) -> str: ...
    @property
    def name(self) -> str: ...


class KindInPeriod(HasPeriod, Protocol):
    @property
    def kind(self) -> str: ...


T = TypeVar("T", bound=HasPeriod)
K = TypeVar("K", bound=KindInPeriod)


def in_force(items: Iterable[T], day: date) -> list[T]:
    return [item for item in items if item.period.holds_on(day)]


def one_in_force(items: Iterable[T], day: date) -> T | None:
    """The single item in force on `day`; the charter's rules forbid overlaps, so at most one."""
    found = in_force(items, day)
    return found[0] if found else None


def statuses_of_kind(statuses: Iterable[K], day: date, kind: KindFilter) -> list[K]:
    return [s for s in in_force(statuses, day) if kind == "all" or s.kind == kind]


def name_on(names: Sequence[NameInPeriod], lang: str, day: date, fallback: str | None = "en") -> str | None:
    """The name in `lang` in force on `day`, else the fallback language's (if any), else none.

    Before any dated name applies, the earliest one is used: a body is called by its first name.
    """
    for language in (lang,) if fallback is None else (lang, fallback):
        candidates = [n for n in names if n.lang == language]
        current = one_in_force(candidates, day)
        if current is not None:
            return current.name
        earliest = sorted(
            (n for n in candidates if n.period.start is not None and day < n.period.start.first_day()),
            key=lambda n: n.period.start.first_day() if n.period.start else date.min,
        )
        if earliest:
            return earliest[0].name
    return None
