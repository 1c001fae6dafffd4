from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.charter.dates import PartialDate, Period
from cica.core.days import parse_day

partial_dates = st.builds(
    lambda d, precision: PartialDate.from_parts(d, precision),
    st.dates(min_value=date(1000, 1, 1), max_value=date(9998, 12, 31)),
    st.sampled_from(["year", "month", "day"]),
)


@given(partial_dates)
def test_a_partial_date_survives_a_round_trip_through_its_text(value: PartialDate) -> None:
    assert PartialDate.parse(value.isoformat()) == value
    assert PartialDate.from_parts(value.first_day(), value.precision) == value


def test_a_partial_date_keeps_its_precision() -> None:
    assert PartialDate.parse("1999").precision == "year"
    assert PartialDate.parse("2010-06").precision == "month"
    assert PartialDate.parse("2004-10-22").precision == "day"
    assert PartialDate.parse(date(2004, 10, 22)).isoformat() == "2004-10-22"


def test_an_as_of_query_treats_a_partial_date_as_its_first_day() -> None:
    assert PartialDate.parse("2014-05").first_day() == date(2014, 5, 1)
    assert PartialDate.parse("1999").first_day() == date(1999, 1, 1)


@pytest.mark.parametrize("text", ["1999-13", "2014-02-30", "14-05-21", "2014/05/21", "", "May 2014"])
def test_a_malformed_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@pytest.mark.parametrize("text", ["2014-5-1", "20140521", "2014-05", "yesterday"])
def test_a_day_option_must_be_a_full_iso_date(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text)


@given(partial_dates, st.integers(min_value=1, max_value=4000), st.dates())
def test_a_period_holds_from_its_start_up_to_but_not_on_its_end(
    start: PartialDate, length: int, day: date
) -> None:
    end_day = start.first_day() + timedelta(days=length)
    if end_day.year > 9999:
        return
    period = Period(start, PartialDate.of(end_day))
    assert period.holds_on(day) == (start.first_day() <= day < end_day)


@given(partial_dates, partial_dates, partial_dates)
def test_consecutive_periods_do_not_overlap_and_overlap_is_symmetric(
    a: PartialDate, b: PartialDate, c: PartialDate
) -> None:
    first, second = Period(a, b), Period(b, c)
    if a.first_day() < b.first_day() < c.first_day():
        assert not first.overlaps(second)
    assert first.overlaps(second) == second.overlaps(first)
