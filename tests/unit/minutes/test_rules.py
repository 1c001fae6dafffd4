"""The minutes' pure rules: the lifecycle table, the approval rule, who reads which version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.errors import Conflict, InvalidInput
from cica.minutes import rules
from cica.minutes.rules import Audience, MinutesAct, MinutesState

STATES = st.sampled_from(list(MinutesState))
ACTS = st.sampled_from(list(MinutesAct))


@given(STATES, ACTS)
def test_every_act_is_allowed_by_the_table_or_refused_naming_the_rule(
    state: MinutesState, act: MinutesAct
) -> None:
    if rules.may(state, act):
        assert rules.transition(state, act) is rules.TRANSITIONS[(state, act)]
    else:
        with pytest.raises(Conflict, match=r"\(rule: "):
            rules.transition(state, act)


@given(st.lists(ACTS, max_size=12))
def test_frozen_is_final_and_only_reached_through_approval(acts: list[MinutesAct]) -> None:
    state, seen = MinutesState.DRAFTED, [MinutesState.DRAFTED]
    for act in acts:
        if rules.may(state, act):
            state = rules.transition(state, act)
            seen.append(state)
    if MinutesState.FROZEN in seen:
        assert seen[-1] is MinutesState.FROZEN
        assert seen[seen.index(MinutesState.FROZEN) - 1] is MinutesState.APPROVED
        assert MinutesState.CIRCULATED in seen  # never approved without being circulated


@given(ACTS)
def test_nothing_changes_frozen_minutes(act: MinutesAct) -> None:
    with pytest.raises(Conflict, match="frozen minutes are immutable"):
        rules.transition(MinutesState.FROZEN, act)


def test_approving_twice_names_the_rule() -> None:
    with pytest.raises(Conflict, match="frozen minutes are immutable"):
        rules.transition(MinutesState.FROZEN, MinutesAct.APPROVE)
    with pytest.raises(Conflict, match="under a silence procedure"):
        rules.transition(MinutesState.UNDER_SILENCE, MinutesAct.APPROVE)


def test_the_main_paths() -> None:
    path = [
        MinutesAct.CIRCULATE,
        MinutesAct.CORRECT,
        MinutesAct.CORRECT,
        MinutesAct.APPROVE,
        MinutesAct.FREEZE,
    ]
    state = MinutesState.DRAFTED
    for act in path:
        state = rules.transition(state, act)
    assert state is MinutesState.FROZEN
    state = rules.transition(MinutesState.CORRECTED, MinutesAct.SUBMIT_TO_SILENCE)
    assert rules.transition(state, MinutesAct.SILENCE_BROKEN) is MinutesState.CIRCULATED
    assert rules.transition(state, MinutesAct.SILENCE_ADOPTED) is MinutesState.APPROVED


START = datetime(2030, 6, 4, tzinfo=UTC)


def _meeting(id_: int, organ: str = "soc", days: int = 0, cancelled: bool = False) -> rules.MeetingFacts:
    return rules.MeetingFacts(id_, organ, START + timedelta(days=days), cancelled)


@given(st.integers(-400, 400), st.integers(-400, 400), st.booleans(), st.sampled_from(["soc", "swg"]))
def test_approval_at_a_meeting_needs_a_later_held_meeting_of_the_same_organ(
    later: int, today: int, cancelled: bool, organ: str
) -> None:
    at = _meeting(2, organ, later, cancelled)
    now = START + timedelta(days=today)
    ok = organ == "soc" and later > 0 and not cancelled and later <= today
    if ok:
        rules.check_approving_meeting(_meeting(1), at, now)
    else:
        with pytest.raises(Conflict, match=r"\(rule: approved at"):
            rules.check_approving_meeting(_meeting(1), at, now)


@given(st.text(alphabet=st.sampled_from("ab \n"), max_size=40))
def test_paragraphs_are_the_blocks_between_blank_lines(text: str) -> None:
    blocks = [block for block in text.replace(" ", "").split("\n\n")]
    expected = [b.strip("\n") for b in blocks if b.strip("\n")]
    if not expected:
        with pytest.raises(InvalidInput):
            rules.paragraphs(text)
        return
    found = rules.paragraphs(text)
    assert len(found) >= 1
    assert all(paragraph.strip() for paragraph in found)


def test_language_tags() -> None:
    assert rules.check_language(" zh-Hans ") == "zh-Hans"
    with pytest.raises(InvalidInput, match="lang"):
        rules.check_language("english")


@given(STATES, st.integers(1, 8), st.integers(1, 8))
def test_who_reads_which_version(state: MinutesState, count: int, circulated: int) -> None:
    numbers = tuple(range(1, count + 1))
    first = circulated if circulated <= count and state is not MinutesState.DRAFTED else None
    assert rules.visible_versions(Audience.SECRETARIAT, state, numbers, first) == numbers
    delegations = rules.visible_versions(Audience.DELEGATION, state, numbers, first)
    assert delegations == (() if first is None else numbers[first - 1 :])
    public = rules.visible_versions(Audience.PUBLIC, state, numbers, first)
    assert public == ((count,) if state is MinutesState.FROZEN else ())
