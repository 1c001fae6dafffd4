"""The pure rules of CBMs: terms on a day (undated sides open and flagged), overlapping terms,
lateness against the form's lead time, the reply deadline and who a notification goes to."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cica.cbm import rules
from cica.core.errors import InvalidInput

days = st.dates(min_value=date(1992, 1, 1), max_value=date(2100, 12, 31))
sides = st.none() | days.map(date.isoformat)
codes = st.lists(st.sampled_from(["IND", "KAZ", "CHN", "RUS", "PAK", "TUR"]), max_size=6)


@given(sides, sides, days)
def test_a_term_holds_from_its_start_until_before_its_end_and_flags_a_missing_date(
    start: str | None, end: str | None, day: date
) -> None:
    term = rules.term_on(start, end, day)
    after_start = start is None or date.fromisoformat(start) <= day
    before_end = end is None or day < date.fromisoformat(end)
    assert term.holds == (after_start and before_end)
    assert term.dates_unconfirmed == (start is None or end is None)


@given(sides, sides, sides, sides)
def test_overlap_is_symmetric_and_a_term_overlaps_itself_when_it_has_a_day(
    a0: str | None, a1: str | None, b0: str | None, b1: str | None
) -> None:
    assert rules.overlapping((a0, a1), (b0, b1)) == rules.overlapping((b0, b1), (a0, a1))
    has_a_day = a0 is None or a1 is None or a0 < a1
    assert rules.overlapping((a0, a1), (a0, a1)) == has_a_day


@given(days, st.integers(-30, 400), st.integers(0, 120), st.integers(0, 60))
def test_late_means_fewer_days_ahead_than_the_lead_time(
    notified: date, ahead: int, lead: int, reply: int
) -> None:
    form = rules.Form("f", "2.1.1", (), lead_time_days=lead, reply_deadline_days=reply)
    starts = notified + timedelta(days=ahead)
    assert rules.days_ahead(notified, starts) == ahead
    assert rules.is_late(form, notified, starts) == (ahead < lead)
    deadline = rules.reply_deadline(reply, notified)
    assert not rules.missing_after(deadline, False, deadline)  # the last day is still on time
    assert rules.missing_after(deadline, False, deadline + timedelta(days=1))
    assert not rules.missing_after(deadline, True, deadline + timedelta(days=1))


@given(codes, st.sampled_from(["IND", "KAZ"]))
def test_a_notification_goes_to_every_other_state_taking_part_once(
    taking_part: list[str], sender: str
) -> None:
    sent = rules.recipients(taking_part, sender)
    assert sender not in sent and set(sent) == set(taking_part) - {sender} and len(sent) == len(set(sent))


# --- Events of the Plan of Implementation ----------------------------------------------------------

statuses = st.sampled_from(list(rules.EventStatus))


@given(days, days, st.none() | st.integers(min_value=1992, max_value=2100))
def test_an_event_is_refused_if_it_ends_before_it_starts_or_is_dated_before_its_plan_year(
    starts: date, ends: date, plan_year: int | None
) -> None:
    broken = ends < starts or (plan_year is not None and starts.year < plan_year)
    try:
        rules.check_event_dates(starts, ends, plan_year)
    except InvalidInput as refusal:
        assert broken
        # The refusal names the rule broken, the end first.
        assert ("before it starts" in refusal.message) == (ends < starts)
        assert ("before that year" in refusal.message) == (ends >= starts)
    else:
        assert not broken


@given(statuses, statuses)
def test_only_a_planned_event_becomes_held_or_cancelled(
    current: rules.EventStatus, wanted: rules.EventStatus
) -> None:
    allowed = current is rules.EventStatus.PLANNED and wanted is not rules.EventStatus.PLANNED
    try:
        rules.check_event_transition(current, wanted)
    except InvalidInput as refusal:
        assert not allowed and refusal.field == "status"
    else:
        assert allowed


@given(st.lists(st.tuples(sides, sides), max_size=4), sides, days)
def test_a_new_term_is_refused_exactly_when_it_shares_a_day_with_a_held_one(
    held: list[tuple[str | None, str | None]], start: str | None, end: date
) -> None:
    new = (start, end.isoformat())
    ordered = start is None or date.fromisoformat(start) < end
    clashes = any(rules.overlapping(term, new) for term in held if term != (None, None))
    try:
        rules.check_new_term(held, new, who="AZE", role="coordinator", area="transport")
    except InvalidInput as refusal:
        assert not ordered or clashes
        assert refusal.field == ("to" if not ordered else "from")
    else:
        assert ordered and not clashes


@given(days, st.integers(0, 400))
def test_months_before_lands_in_the_month_that_many_months_earlier(day: date, months: int) -> None:
    earlier = rules.months_before(day, months)
    assert (day.year * 12 + day.month) - (earlier.year * 12 + earlier.month) == months
    assert earlier.day == day.day or (earlier.day < day.day and (earlier + timedelta(days=1)).day == 1)


@given(st.none() | days, days, st.integers(1, 60))
def test_a_state_is_active_while_its_last_event_is_within_the_period(
    last: date | None, today: date, months: int
) -> None:
    status = rules.measure_status(last, today, months)
    if last is None:
        assert status is rules.MeasureStatus.DECLARED
    else:
        within = last > rules.months_before(today, months)
        assert status is (rules.MeasureStatus.ACTIVE if within else rules.MeasureStatus.LAPSED)


def test_with_24_months_an_event_exactly_two_years_ago_has_lapsed_and_one_a_day_later_is_active() -> None:
    assert rules.measure_status(date(2024, 6, 1), date(2026, 6, 1), 24) is rules.MeasureStatus.LAPSED
    assert rules.measure_status(date(2024, 6, 2), date(2026, 6, 1), 24) is rules.MeasureStatus.ACTIVE
    assert rules.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)


@given(days, days)
def test_an_event_is_held_only_once_it_has_begun(starts: date, today: date) -> None:
    try:
        rules.check_held(starts, today)
    except InvalidInput:
        assert today < starts
    else:
        assert starts <= today
