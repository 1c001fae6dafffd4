"""The silence procedure: adopted at the deadline unless a member breaks silence before it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.errors import Conflict, InvalidInput, PermissionDenied
from cica.deliberation.silence import (
    BreakKind,
    SilenceBreak,
    SilenceProcedure,
    SilenceStatus,
    break_silence,
    check_may_call_silence,
    describe_period,
    due,
    finalise,
    format_deadline,
    is_late,
    period_of,
    silence_deadline,
    start_silence,
)
from tests.unit.deliberation.builders import cica_charter, member, observer, pacifica_charter, utc

NOW = utc(2026, 11, 27, 13, 0, 0)
KAZ = member("KAZ")
USA = observer("USA")


def procedure(deadline: datetime = utc(2026, 12, 11, 13, 0, 0)) -> SilenceProcedure:
    return start_silence(NOW, default_period="P14D", deadline=deadline)


# --- Starting ---------------------------------------------------------------------------------


def test_the_charter_s_default_period_sets_the_deadline() -> None:
    for charter in (cica_charter(), pacifica_charter()):
        started = start_silence(NOW, default_period=charter.silence_procedure.default_period)
        assert started.deadline == utc(2026, 12, 11, 13, 0, 0)
        assert started.started_at == NOW and started.status is SilenceStatus.OPEN


@pytest.mark.parametrize(
    ("period", "deadline"),
    [
        ("P2W", utc(2026, 12, 11, 13)),
        ("P10DT12H", utc(2026, 12, 8, 1)),
        ("PT72H", utc(2026, 11, 30, 13)),
        (timedelta(days=1, minutes=30), utc(2026, 11, 28, 13, 30)),
    ],
)
def test_a_given_period_overrides_the_default(period: str | timedelta, deadline: datetime) -> None:
    assert silence_deadline(NOW, default_period="P14D", period=period) == deadline


def test_a_computed_deadline_is_rounded_up_to_the_whole_second() -> None:
    started = start_silence(utc(2026, 1, 1, 9, 0, 0, 250_000), default_period="P1D")
    assert started.deadline == utc(2026, 1, 2, 9, 0, 1)


def test_a_given_deadline_is_kept_in_utc() -> None:
    almaty = timezone(timedelta(hours=5))
    started = procedure(datetime(2026, 12, 11, 18, 0, tzinfo=almaty))
    assert started.deadline == utc(2026, 12, 11, 13, 0) and started.deadline.tzinfo is UTC


def test_a_deadline_in_the_past_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        procedure(utc(2026, 11, 1))
    assert caught.value.message == (
        "the deadline 2026-11-01 00:00:00 UTC is not in the future (now: 2026-11-27 13:00:00 UTC) "
        "(rule: silence runs from now to a later deadline)"
    )


def test_a_deadline_at_or_before_the_start_instant_is_refused() -> None:
    for deadline in (utc(2026, 1, 1, 9, 0, 0, 900), utc(2026, 1, 1, 9, 0, 0, 899)):
        with pytest.raises(InvalidInput, match="not in the future"):
            start_silence(utc(2026, 1, 1, 9, 0, 0, 900), default_period="P1D", deadline=deadline)


def test_a_given_deadline_keeps_its_fraction_of_a_second() -> None:
    # The Chair announced …:55.900; the deadline is that instant, not …:55.
    started = start_silence(NOW, default_period="P14D", deadline=utc(2026, 12, 11, 13, 0, 55, 900_000))
    assert started.deadline == utc(2026, 12, 11, 13, 0, 55, 900_000)
    in_time = break_silence(started, KAZ, "objection", utc(2026, 12, 11, 13, 0, 55, 500_000), "We object.")
    assert in_time.status is SilenceStatus.BROKEN
    with pytest.raises(Conflict, match=r"deadline was 2026-12-11 13:00:55\.9 UTC"):
        break_silence(started, KAZ, "objection", utc(2026, 12, 11, 13, 0, 55, 900_000), "Late.")


def test_a_deadline_without_a_time_zone_is_refused() -> None:
    with pytest.raises(InvalidInput, match="has no time zone"):
        procedure(datetime(2026, 12, 11, 13, 0))


def test_a_deadline_and_a_period_together_are_refused() -> None:
    with pytest.raises(InvalidInput, match="a deadline or a period"):
        silence_deadline(NOW, default_period="P14D", deadline=utc(2026, 12, 1), period="P1D")


def test_a_malformed_period_is_refused() -> None:
    with pytest.raises(InvalidInput, match="is not an ISO 8601 duration"):
        silence_deadline(NOW, default_period="P14D", period="two weeks")
    with pytest.raises(InvalidInput, match=r"charter: silence_procedure\.default_period"):
        silence_deadline(NOW, default_period="fortnight")
    with pytest.raises(InvalidInput, match="longer than zero"):
        silence_deadline(NOW, default_period="P14D", period="PT0H")


def test_only_those_the_charter_names_call_a_silence_procedure() -> None:
    check_may_call_silence("secretariat", cica_charter().silence_procedure.called_by)
    with pytest.raises(PermissionDenied) as caught:
        check_may_call_silence("secretariat", pacifica_charter().silence_procedure.called_by)
    assert caught.value.message == (
        "a silence procedure is called by the chair, not by the secretariat (charter: silence_procedure.called_by)"
    )


# --- Breaking silence -------------------------------------------------------------------------


def test_a_member_s_objection_before_the_deadline_breaks_silence() -> None:
    at = utc(2026, 12, 10, 9, 30)
    broken = break_silence(procedure(), KAZ, "objection", at, "  Paragraph 3 needs more work.  ")
    assert broken.status is SilenceStatus.BROKEN
    assert broken.broken == SilenceBreak("KAZ", BreakKind.OBJECTION, at, "Paragraph 3 needs more work.")
    assert broken.ended_at == at
    assert not due(broken, utc(2027, 1, 1))


def test_a_proposed_amendment_breaks_silence_too() -> None:
    broken = break_silence(procedure(), KAZ, BreakKind.AMENDMENT, utc(2026, 12, 1), "Replace paragraph 2.")
    assert broken.broken is not None and broken.broken.kind is BreakKind.AMENDMENT


def test_an_observer_cannot_break_silence() -> None:
    with pytest.raises(PermissionDenied) as caught:
        break_silence(procedure(), USA, "objection", utc(2026, 12, 1), "We object.")
    assert caught.value.message == (
        "USA may not break silence: its category 'observer_state' does not give that right "
        "(charter: categories.observer_state.may_break_silence)"
    )


def test_a_break_at_the_deadline_is_late() -> None:
    with pytest.raises(Conflict) as caught:
        break_silence(procedure(), KAZ, "objection", utc(2026, 12, 11, 13, 0, 0), "Too late?")
    assert caught.value.message == (
        "too late to break silence: the deadline was 2026-12-11 13:00:00 UTC and this objection came at "
        "2026-12-11 13:00:00 UTC (rule: silence is broken only before the deadline; a break at the "
        "deadline's instant is late)"
    )


def test_a_break_in_the_same_second_as_the_deadline_is_late() -> None:
    with pytest.raises(Conflict, match="too late to break silence"):
        break_silence(procedure(), KAZ, "objection", utc(2026, 12, 11, 13, 0, 0, 999_999), "Just in time?")


def test_a_break_in_the_last_microsecond_before_the_deadline_s_second_is_in_time() -> None:
    at = utc(2026, 12, 11, 12, 59, 59, 999_999)
    assert break_silence(procedure(), KAZ, "objection", at, "In time.").status is SilenceStatus.BROKEN


def test_a_break_given_in_another_time_zone_is_compared_in_utc() -> None:
    almaty = timezone(timedelta(hours=5))
    with pytest.raises(Conflict, match="too late"):
        break_silence(procedure(), KAZ, "objection", datetime(2026, 12, 11, 18, 0, 0, tzinfo=almaty), "Late.")
    in_time = datetime(2026, 12, 11, 17, 59, 59, tzinfo=almaty)
    assert break_silence(procedure(), KAZ, "objection", in_time, "In time.").ended_at == utc(
        2026, 12, 11, 12, 59, 59
    )


def test_silence_is_broken_in_writing() -> None:
    with pytest.raises(InvalidInput, match="the objection needs its text"):
        break_silence(procedure(), KAZ, "objection", utc(2026, 12, 1), " ")


def test_silence_is_broken_only_by_an_objection_or_an_amendment() -> None:
    with pytest.raises(InvalidInput, match="not 'reservation'"):
        break_silence(procedure(), KAZ, "reservation", utc(2026, 12, 1), "Text.")


def test_silence_cannot_be_broken_before_the_procedure_started() -> None:
    with pytest.raises(Conflict, match="before the procedure started"):
        break_silence(procedure(), KAZ, "objection", utc(2026, 11, 1), "Text.")


def test_broken_silence_cannot_be_broken_again_or_finalised() -> None:
    broken = break_silence(procedure(), KAZ, "objection", utc(2026, 12, 1), "No.")
    with pytest.raises(Conflict, match="already broken by KAZ at 2026-12-01 00:00:00 UTC"):
        break_silence(broken, member("IND"), "objection", utc(2026, 12, 2), "No either.")
    with pytest.raises(Conflict, match="cannot be finalised"):
        finalise(broken, utc(2026, 12, 12))


# --- Finalising -------------------------------------------------------------------------------


def test_a_procedure_is_due_from_the_deadline_s_second() -> None:
    running = procedure()
    assert not due(running, utc(2026, 12, 11, 12, 59, 59, 999_999))
    assert due(running, utc(2026, 12, 11, 13, 0, 0))
    assert due(running, utc(2026, 12, 20))


def test_an_unbroken_procedure_is_adopted_at_the_deadline() -> None:
    result = finalise(procedure(), utc(2026, 12, 11, 13, 0, 7))
    assert result.adopted_now
    assert result.procedure.status is SilenceStatus.ADOPTED
    assert result.procedure.ended_at == utc(2026, 12, 11, 13, 0, 0)
    assert result.procedure.finalised_at == utc(2026, 12, 11, 13, 0, 7)
    assert not due(result.procedure, utc(2026, 12, 12))


def test_finalising_an_adopted_procedure_again_adopts_nothing() -> None:
    first = finalise(procedure(), utc(2026, 12, 11, 13, 0, 7))
    again = finalise(first.procedure, utc(2026, 12, 11, 13, 5))
    assert again.procedure == first.procedure and not again.adopted_now


def test_a_procedure_is_not_finalised_before_its_deadline() -> None:
    with pytest.raises(Conflict, match="runs until 2026-12-11 13:00:00 UTC; it cannot be finalised"):
        finalise(procedure(), utc(2026, 12, 11, 12, 59, 59))


def test_an_adopted_procedure_cannot_be_broken() -> None:
    adopted = finalise(procedure(), utc(2026, 12, 12)).procedure
    with pytest.raises(Conflict, match="ended with adoption"):
        break_silence(adopted, KAZ, "objection", utc(2026, 12, 10), "Backdated.")


def test_a_procedure_refuses_impossible_combinations() -> None:
    with pytest.raises(ValueError, match="after its start"):
        SilenceProcedure(NOW, NOW)
    with pytest.raises(ValueError, match="records its break"):
        SilenceProcedure(NOW, utc(2026, 12, 11), SilenceStatus.BROKEN, ended_at=NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        SilenceProcedure(datetime(2026, 11, 27), utc(2026, 12, 11))


# --- Showing deadlines ------------------------------------------------------------------------


def test_a_deadline_is_shown_in_the_charter_s_time_zone_with_utc() -> None:
    assert format_deadline(utc(2026, 12, 11, 13), "Asia/Almaty") == "2026-12-11 18:00 Asia/Almaty (13:00 UTC)"


def test_a_deadline_is_shown_in_the_reader_s_time_zone_too() -> None:
    assert format_deadline(utc(2026, 12, 11, 13), "Asia/Almaty", "Europe/Paris") == (
        "2026-12-11 18:00 Asia/Almaty; 2026-12-11 14:00 Europe/Paris (13:00 UTC)"
    )


def test_a_reader_in_the_charter_s_zone_or_in_utc_sees_it_once() -> None:
    expected = "2026-12-11 18:00 Asia/Almaty (13:00 UTC)"
    assert format_deadline(utc(2026, 12, 11, 13), "Asia/Almaty", "Asia/Almaty") == expected
    assert format_deadline(utc(2026, 12, 11, 13), "Asia/Almaty", "UTC") == expected


def test_the_utc_part_carries_its_date_when_the_day_differs() -> None:
    assert format_deadline(utc(2026, 12, 10, 23, 0), "Pacific/Fiji") == (
        "2026-12-11 11:00 Pacific/Fiji (2026-12-10 23:00 UTC)"
    )


def test_seconds_are_shown_when_the_deadline_has_them() -> None:
    assert format_deadline(utc(2026, 12, 11, 13, 0, 1), "Asia/Almaty") == (
        "2026-12-11 18:00:01 Asia/Almaty (13:00:01 UTC)"
    )


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(InvalidInput, match="'Mars/Olympus' is not an IANA time zone"):
        format_deadline(utc(2026, 12, 11, 13), "Asia/Almaty", "Mars/Olympus")


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("P2W", "2 weeks"),
        ("P14D", "2 weeks"),
        ("P1W", "1 week"),
        ("P10D", "10 days"),
        ("PT72H", "3 days"),
        ("P1DT12H", "1 day 12 hours"),
        ("PT1H", "1 hour"),
        (timedelta(minutes=90), "1 hour 30 minutes"),
    ],
)
def test_a_period_is_shown_in_words(period: str | timedelta, words: str) -> None:
    assert describe_period(period) == words


# --- Properties -------------------------------------------------------------------------------

starts = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC))
periods = st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=60))
offsets = st.one_of(
    st.timedeltas(min_value=timedelta(seconds=-2), max_value=timedelta(seconds=2)),
    st.timedeltas(min_value=-timedelta(days=61), max_value=timedelta(days=61)),
)


@given(starts, periods, offsets)
def test_a_member_s_break_is_accepted_before_the_deadline_and_refused_at_or_after_it(
    start: datetime, period: timedelta, offset: timedelta
) -> None:
    running = start_silence(start, default_period="P14D", period=period)
    at = running.deadline + offset
    if at < start:
        return
    if at < running.deadline:
        assert break_silence(running, KAZ, "objection", at, "No.").status is SilenceStatus.BROKEN
    else:
        with pytest.raises(Conflict, match="too late to break silence"):
            break_silence(running, KAZ, "amendment", at, "Amend.")


@given(starts, periods, offsets)
def test_an_observer_s_break_is_always_refused(start: datetime, period: timedelta, offset: timedelta) -> None:
    running = start_silence(start, default_period="P14D", period=period)
    with pytest.raises(PermissionDenied):
        break_silence(running, USA, "objection", max(start, running.deadline + offset), "No.")


@given(starts, periods, offsets)
def test_at_every_instant_silence_can_be_broken_or_finalised_but_never_both(
    start: datetime, period: timedelta, offset: timedelta
) -> None:
    running = start_silence(start, default_period="P14D", period=period)
    at = max(start, running.deadline + offset)
    assert due(running, at) == is_late(running, at)


@given(
    starts,
    periods,
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
)
def test_finalising_is_idempotent(
    start: datetime, period: timedelta, wait: timedelta, later: timedelta
) -> None:
    running = start_silence(start, default_period="P14D", period=period)
    first = finalise(running, running.deadline + wait)
    assert first.adopted_now and first.procedure.ended_at == running.deadline
    second = finalise(first.procedure, running.deadline + wait + later)
    assert second == type(first)(first.procedure, adopted_now=False)


@given(starts, periods)
def test_a_computed_deadline_never_cuts_the_period_short(start: datetime, period: timedelta) -> None:
    deadline = silence_deadline(start, default_period="P14D", period=period)
    assert deadline.microsecond == 0
    assert start + period <= deadline < start + period + timedelta(seconds=1)


def test_a_computed_period_reads_as_given_although_the_start_had_a_fraction_of_a_second() -> None:
    started = start_silence(utc(2026, 11, 27, 13, 0, 0, 250_000), default_period="P14D")
    assert describe_period(period_of(started)) == "2 weeks"


deadlines = st.datetimes(
    min_value=datetime(2026, 11, 27, 13, 0, 1), max_value=datetime(2027, 1, 1), timezones=st.just(UTC)
)
# Mostly within the deadline's own second, where truncating either instant would decide wrongly.
offsets = st.one_of(
    st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(seconds=1)),
    st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=30)),
)


@given(deadlines, offsets)
def test_an_objection_strictly_before_the_deadline_breaks_silence(
    deadline: datetime, early: timedelta
) -> None:
    at = max(deadline - early, NOW)
    broken = break_silence(procedure(deadline), KAZ, "objection", at, "We object.")
    assert broken.status is SilenceStatus.BROKEN and broken.ended_at == at


@given(deadlines, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)))
def test_an_objection_at_or_after_the_deadline_is_refused(deadline: datetime, late: timedelta) -> None:
    with pytest.raises(Conflict, match="too late to break silence"):
        break_silence(procedure(deadline), KAZ, "objection", deadline + late, "We object.")
