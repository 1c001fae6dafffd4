"""The narration: every event, ending and note told in each language, with Babel's plurals,
durations and dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.deliberation.narration import ENGLISH, Ending, Event, EventKind, Names, Narrator, RevisionOrigin

LANGUAGES = ("en", "ru", "zh", "fr")
OUTCOME = {"adopted": False, "quorum": None, "quorum_met": True, "members_present": 2,
           "objections": [{"participant": "PAK", "text": "No", "paragraphs": []}], "reservations": []}  # fmt: skip
PARAMS: dict[EventKind, dict[str, object]] = {
    EventKind.CREATED: {"sponsor": "IND"},
    EventKind.REVISED: {"revision": 2, "langs": ["en", "ru"]},
    EventKind.CIRCULATED: {"organ": "soc", "revision": 1},
    EventKind.FORWARDED: {"from": "swg", "to": "soc"},
    EventKind.WITHDRAWN: {"sponsor": "secretariat"},
    EventKind.NOT_ADOPTED: {"organ": "soc"},
    EventKind.AMENDMENT_PROPOSED: {
        "number": 1,
        "proposer": "IND",
        "change": "replace",
        "paragraphs": [3],
        "after": None,
        "revision": 1,
    },
    EventKind.AMENDMENT_ACCEPTED: {"number": 1, "revision": 2},
    EventKind.AMENDMENT_REJECTED: {"number": 2},
    EventKind.AMENDMENT_WITHDRAWN: {"number": 3},
    EventKind.CONSENSUS_OPENED: {"revision": 2, "to": None, "held_on": "2026-12-01", "present": 3},
    EventKind.SILENCE_STARTED: {
        "revision": 2,
        "to": "ministerial_council",
        "deadline": "2026-12-15T13:00:00+00:00",
        "period_seconds": 14 * 86_400,
    },
    EventKind.SILENCE_BROKEN: {"by": "IND", "break": "objection"},
    EventKind.ADOPTED: {"symbol": "CICA/MC/2026/1", "procedure": "silence"},
    EventKind.RECOMMENDED: {"to": "ministerial_council", "procedure": "consensus"},
    EventKind.RETURNED: {"procedure": "consensus", "outcome": OUTCOME},
}
ORGANS = {"soc": "Комитет старших должностных лиц", "swg": "Специальная рабочая группа",
          "ministerial_council": "Совет министров иностранных дел"}  # fmt: skip


def test_every_event_kind_has_its_sentence() -> None:
    assert set(PARAMS) == set(EventKind)
    # Each kind is told by a sentence of its own: a kind that fell through to another's sentence
    # (or to none) would tell two steps alike.
    told = {kind: ENGLISH.event(Event(kind, PARAMS[kind])) for kind in EventKind}
    assert all(told.values()) and len(set(told.values())) == len(EventKind), told


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(EventKind))
def test_every_event_is_told_in_every_language_with_names_not_ids(lang: str, kind: EventKind) -> None:
    names = Names(lang, organ=ORGANS.__getitem__, participant={"IND": "Индия", "PAK": "Пакистан"}.__getitem__,
                  seat_zone="Asia/Almaty")  # fmt: skip
    told = Narrator(names).event(Event(kind, PARAMS[kind]))
    assert told and "%(" not in told
    assert not {"soc", "swg", "ministerial_council", "IND", "PAK"} & set(told.replace("(", " ").split())


def test_russian_counts_take_their_three_forms() -> None:
    russian = Narrator(Names("ru"))
    told = [russian.outcome({"adopted": True, "reservations": [{}] * n}) for n in (1, 2, 5, 21)]
    assert told == [
        "принято консенсусом с 1 оговоркой",
        "принято консенсусом с 2 оговорками",
        "принято консенсусом с 5 оговорками",
        "принято консенсусом с 21 оговоркой",
    ]
    opened = {"revision": 1, "to": None, "held_on": "2026-12-01"}
    forms = [russian.event(Event(EventKind.CONSENSUS_OPENED, opened | {"present": n})) for n in (1, 3, 7)]
    assert "1 делегация" in forms[0] and "3 делегации" in forms[1] and "7 делегаций" in forms[2]


@given(days=st.integers(min_value=1, max_value=400), lang=st.sampled_from(LANGUAGES))
def test_a_period_of_whole_days_is_told_exactly(days: int, lang: str) -> None:
    told = Narrator(Names(lang)).duration(days * 86_400)
    expected = str(days // 7) if days % 7 == 0 else str(days)
    assert re.match(rf"{expected}\D", told), told


def test_english_periods_and_deadlines_read_as_before() -> None:
    assert [ENGLISH.duration(s) for s in (14 * 86_400, 10 * 86_400, 36 * 3_600)] == [
        "2 weeks",
        "10 days",
        "1 day 12 hours",
    ]
    moment = datetime(2026, 12, 11, 13, 0, tzinfo=UTC)
    seat = Narrator(Names("fr", seat_zone="Asia/Almaty", reader_zone="Europe/Paris")).moment(moment)
    assert "18:00" in seat and "Asia/Almaty" in seat and "14:00" in seat and "Europe/Paris" in seat


def test_endings_and_revision_notes() -> None:
    assert ENGLISH.ending({"kind": Ending.BROKEN, "by": "IND", "break": "objection"}) == (
        "silence broken by IND (written objection)"
    )
    assert ENGLISH.outcome(OUTCOME) == "not adopted: objection by PAK"
    accepted = {"kind": RevisionOrigin.AMENDMENTS, "amendments": [{"number": 1, "proposer": "IND"}]}
    assert ENGLISH.revision_note(accepted) == "A-1 (IND) accepted"
    assert Narrator(Names("zh")).revision_note({"kind": RevisionOrigin.FIRST}) == "第一稿"
    assert ENGLISH.actor("system") == "the system" and Narrator(Names("fr")).actor("system") == "le système"
