"""The periodicity rule: when an organ's next regular meeting is due or overdue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.errors import InvalidInput
from cica.meetings import rules
from cica.meetings.rules import DueState

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
INTERVALS = st.lists(st.integers(min_value=1, max_value=96), min_size=1, max_size=3)


@given(DAYS, st.integers(min_value=-240, max_value=240))
def test_months_are_added_keeping_the_day_where_the_month_has_it(day: date, months: int) -> None:
    moved = rules.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + timedelta(days=1)).day == 1)


def test_month_ends_are_clamped() -> None:
    assert rules.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert rules.add_months(date(2022, 10, 13), 48) == date(2026, 10, 13)


@given(DAYS, INTERVALS, DAYS)
def test_overdue_exactly_from_the_shortest_interval(last: date, every: list[int], today: date) -> None:
    found = rules.due(last, every, today)
    assert found.due_on == rules.add_months(last, min(every))
    assert found.latest_on == rules.add_months(last, max(every))
    assert (found.state is DueState.OVERDUE) == (today >= found.due_on)
    notice = rules.add_months(found.due_on, -rules.DUE_NOTICE_MONTHS)
    assert (found.state is DueState.DUE) == (notice <= today < found.due_on)


@given(DAYS, INTERVALS, DAYS)
def test_uncertain_only_where_sources_conflict_and_before_the_longest(
    last: date, every: list[int], today: date
) -> None:
    found = rules.due(last, every, today)
    assert found.uncertain == (len(set(every)) > 1 and today < found.latest_on)


def test_the_summit_every_four_years_and_the_ministerial_conflict() -> None:
    summit = rules.due(date(2022, 10, 13), [48], date(2026, 12, 2))
    assert (summit.state, summit.due_on, summit.uncertain) == (DueState.OVERDUE, date(2026, 10, 13), False)
    ministerial = rules.due(date(2024, 12, 17), [24, 48], date(2026, 12, 2))
    assert (ministerial.state, ministerial.uncertain) == (DueState.DUE, True)
    assert ministerial.latest_on == date(2028, 12, 17)
    assert rules.due(date(2024, 12, 17), [24, 48], date(2025, 6, 1)).state is DueState.NOT_DUE


def test_a_cycle_needs_positive_months() -> None:
    with pytest.raises(InvalidInput, match="every_months"):
        rules.due(date(2020, 1, 1), [], date(2021, 1, 1))
