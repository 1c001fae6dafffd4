"""The pure rules of meetings: spans, the conflict rules, transitions, titles."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.errors import Conflict, InvalidInput
from cica.meetings import rules
from cica.meetings.rules import MeetingStatus, Slot

ZONES = st.sampled_from(
    ["Asia/Almaty", "America/New_York", "Europe/Istanbul", "Asia/Baku", "Pacific/Kiritimati"]
)
DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
STATUSES = st.sampled_from(list(MeetingStatus))
MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)).map(
    lambda d: d.replace(tzinfo=UTC)
)


@st.composite
def slots(draw: st.DrawFn, organ: str | None = None) -> Slot:
    start = draw(MOMENTS)
    length = draw(st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=5)))
    return Slot(
        draw(st.integers(1, 50)),
        organ or draw(st.sampled_from(["summit", "soc"])),
        start,
        start + length,
        draw(STATUSES),
    )


@given(DAYS, st.integers(0, 4), ZONES)
def test_a_span_of_days_starts_and_ends_on_those_days_at_the_venue(
    first: date, extra: int, zone_name: str
) -> None:
    zone = ZoneInfo(zone_name)
    last = first + timedelta(days=extra)
    starts_at, ends_at = rules.days_span(first, last, zone)
    assert starts_at < ends_at and starts_at.tzinfo is UTC
    assert (rules.first_day(starts_at, zone), rules.last_day(ends_at, zone)) == (first, last)


@given(slots(), slots())
def test_overlap_is_symmetric(a: Slot, b: Slot) -> None:
    assert rules.overlaps(a, b) == rules.overlaps(b, a)


@given(slots(organ="soc"), slots(organ="soc"))
def test_one_organ_meets_once_at_a_time_unless_a_meeting_is_cancelled(a: Slot, b: Slot) -> None:
    b = Slot(a.id + 100, b.organ, b.starts_at, b.ends_at, b.status)
    clash = rules.overlaps(a, b) and MeetingStatus.CANCELLED not in (a.status, b.status)
    if clash:
        with pytest.raises(Conflict, match="one meeting of an organ at a time"):
            rules.check_no_overlap(a, [b])
    else:
        rules.check_no_overlap(a, [b])


@given(slots(organ="soc"), slots(organ="summit"))
def test_different_organs_may_meet_at_the_same_time(a: Slot, b: Slot) -> None:
    rules.check_no_overlap(a, [b])


def test_a_meeting_does_not_conflict_with_itself() -> None:
    start = datetime(2030, 1, 1, tzinfo=UTC)
    slot = Slot(1, "soc", start, start + timedelta(hours=2), MeetingStatus.PLANNED)
    rules.check_no_overlap(slot, [slot])


@given(MOMENTS, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3)))
def test_a_meeting_ends_after_it_starts(start: datetime, back: timedelta) -> None:
    with pytest.raises(InvalidInput, match=r"^ends_at: "):
        rules.check_span(start, start - back)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../etc/passwd", "Asia/Almaty "])
def test_an_unknown_time_zone_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput, match=r"^time_zone: "):
        rules.time_zone(name)


@given(DAYS, st.one_of(st.none(), DAYS), st.one_of(st.none(), DAYS))
def test_an_organ_meets_only_while_it_exists(day: date, founded: date | None, dissolved: date | None) -> None:
    inside = (founded is None or day >= founded) and (dissolved is None or day < dissolved)
    if inside:
        rules.check_organ_exists("soc", day, founded, dissolved)
    else:
        with pytest.raises(Conflict, match="an organ meets only while it exists"):
            rules.check_organ_exists("soc", day, founded, dissolved)


def test_the_host_must_be_a_participant_on_the_day() -> None:
    rules.check_host("KAZ", date(2012, 9, 12), True)
    rules.check_host(None, date(2012, 9, 12), False)
    with pytest.raises(Conflict, match="the host is a participant on the day"):
        rules.check_host("SAU", date(2012, 9, 12), False)


@given(STATUSES, STATUSES)
def test_held_and_cancelled_meetings_are_history(current: MeetingStatus, new: MeetingStatus) -> None:
    if new is current or new in rules.NEXT_STATUS[current]:
        rules.check_transition(current, new)
    else:
        with pytest.raises(Conflict, match=r"^status: "):
            rules.check_transition(current, new)
    if current in (MeetingStatus.HELD, MeetingStatus.CANCELLED) and new is not current:
        with pytest.raises(Conflict):
            rules.check_transition(current, new)


@given(st.integers(0, 1000), st.booleans())
def test_the_sequence_grows_with_every_change_only(sequence: int, changed: bool) -> None:
    assert rules.changed_sequence(sequence, changed) == sequence + int(changed)


@pytest.mark.parametrize(
    ("number", "lang", "organ", "title"),
    [
        (1, "en", "Summit", "1st Summit"),
        (2, "en", "Ministerial Meeting", "2nd Ministerial Meeting"),
        (3, "en", "Summit", "3rd Summit"),
        (11, "en", "Summit", "11th Summit"),
        (22, "en", "Summit", "22nd Summit"),
        (6, "ru", "Совещание глав государств и правительств", "6-е совещание глав государств и правительств"),
        (7, "ru", "Совет министров иностранных дел", "7-й совет министров иностранных дел"),
        (4, "zh", "国家元首和政府首脑会议", "第4次国家元首和政府首脑会议"),
        (1, "fr", "Sommet", "1er Sommet"),
        (1, "fr", "Réunion ministérielle", "1re Réunion ministérielle"),
        (6, "fr", "Sommet", "6e Sommet"),
        (None, "en", "Summit", "Summit"),
    ],
)
def test_titles_put_the_ordinal_before_the_organ(
    number: int | None, lang: str, organ: str, title: str
) -> None:
    assert rules.with_ordinal(number, lang, organ) == title
