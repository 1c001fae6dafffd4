"""Small builders for the deliberation rule tests: delegations, competences, charters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from cica.charter.loader import load_charter
from cica.charter.schema import Charter
from cica.deliberation.rules import Competences, Delegation

PACIFICA = Path(__file__).parents[2] / "data" / "charters" / "pacifica.toml"

# A day on which both charters' organ names and memberships are settled.
DAY = date(2026, 12, 1)


@cache
def cica_charter() -> Charter:
    return load_charter().charter


@cache
def pacifica_charter() -> Charter:
    return load_charter(PACIFICA).charter


@cache
def cica_competences() -> Competences:
    return Competences.from_charter(cica_charter(), on=DAY)


@cache
def pacifica_competences() -> Competences:
    return Competences.from_charter(pacifica_charter(), on=DAY)


def member(code: str) -> Delegation:
    """A delegation with a member state's rights."""
    return Delegation(code, "member_state", may_propose=True, may_object=True, may_break_silence=True)


def observer(code: str) -> Delegation:
    """A delegation with an observer's rights: it may speak, and nothing more."""
    return Delegation(code, "observer_state")


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)
