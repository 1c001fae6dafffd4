"""The one clock: what "now" is (UTC, aware) and which day it is at a place.

Every default moment and every as-of day comes from here. The clock is carried by the composition
root (`core.context.Context`) into each unit of work it opens, so the web, the CLI, the scheduler
and the operations all read the same one; tests and `CICA_FROZEN_TIME` put a fixed one there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol

from sqlalchemy.orm import Session

from cica.core.errors import InvalidInput

# Where a unit of work keeps the clock of the context that opened it.
CLOCK_KEY = "cica.clock"


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, aware and in UTC."""
        ...


@dataclass(frozen=True)
class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that shows one moment until told to move (tests, demos, replays)."""

    moment: datetime

    def __post_init__(self) -> None:
        if self.moment.tzinfo is None:
            raise ValueError("a fixed clock needs an aware moment (with a time zone)")
        self.moment = self.moment.astimezone(UTC)

    def now(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta


SYSTEM_CLOCK = SystemClock()


def clock_from_setting(value: str) -> Clock:
    """The clock `CICA_FROZEN_TIME` asks for: empty is the system clock, else a fixed moment."""
    if not value.strip():
        return SYSTEM_CLOCK
    try:
        moment = datetime.fromisoformat(value.strip())
        return FixedClock(moment)
    except ValueError:
        raise InvalidInput(
            f"CICA_FROZEN_TIME: {value!r} is not an ISO 8601 moment with a time zone"
        ) from None


def clock_of(session: Session) -> Clock:
    """The clock of the context that opened this unit of work (the system clock otherwise)."""
    found: Clock | None = session.info.get(CLOCK_KEY)
    return SYSTEM_CLOCK if found is None else found


def now(session: Session) -> datetime:
    return clock_of(session).now()


def day_at(moment: datetime, zone: tzinfo) -> date:
    """The calendar day in `zone` at `moment` (at the seat, the charter's time zone)."""
    return moment.astimezone(zone).date()
