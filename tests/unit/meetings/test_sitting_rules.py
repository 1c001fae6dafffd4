"""The pure rules of a sitting: the speakers' order, reordering, the agenda's steps, the groups."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.errors import Conflict, InvalidInput
from cica.meetings import rules
from cica.meetings.rules import AgendaState, FloorKind, Group


@given(
    st.lists(st.sampled_from([(FloorKind.FLOOR, True), (FloorKind.FLOOR, False), (FloorKind.REPLY, True)]))
)
def test_inserting_each_request_keeps_the_charter_s_order_and_arrival_within_a_rank(
    requests: list[tuple[FloorKind, bool]],
) -> None:
    waiting: list[tuple[int, int]] = []  # (rank, arrival)
    for arrival, (kind, member) in enumerate(requests):
        rank = rules.speaking_rank(kind, member)
        waiting.insert(rules.insertion_index([r for r, _ in waiting], rank), (rank, arrival))
    assert waiting == sorted(waiting)


@given(st.permutations(list(range(1, 8))))
def test_reordering_takes_every_item_once(order: list[int]) -> None:
    assert rules.reordered(list(range(1, 8)), order) == order


@pytest.mark.parametrize("order", [[1, 2], [1, 2, 3, 3], [1, 2, 4]])
def test_reordering_refuses_a_missing_duplicated_or_unknown_item(order: list[int]) -> None:
    with pytest.raises(InvalidInput, match="exactly once"):
        rules.reordered([1, 2, 3], order)


def test_the_agenda_goes_provisional_circulated_adopted_and_then_closes() -> None:
    rules.check_agenda_step(AgendaState.PROVISIONAL, AgendaState.CIRCULATED, 1)
    rules.check_agenda_step(AgendaState.CIRCULATED, AgendaState.ADOPTED, 1)
    with pytest.raises(Conflict, match="provisional, then circulated"):
        rules.check_agenda_step(AgendaState.PROVISIONAL, AgendaState.ADOPTED, 1)
    with pytest.raises(Conflict, match="before adoption only"):
        rules.check_agenda_open(AgendaState.ADOPTED)
    rules.check_agenda_open(AgendaState.CIRCULATED)


@given(st.text(max_size=12))
def test_a_kind_the_charter_does_not_name_is_a_guest_s(kind: str) -> None:
    expected = {"member": Group.MEMBERS, "observer": Group.OBSERVERS, "partner": Group.PARTNERS}
    assert rules.group_of(kind) is expected.get(kind, Group.GUESTS)


@given(st.integers(1, 600), st.integers(0, 1200))
def test_an_intervention_overruns_only_past_a_limit_the_charter_sets(limit: int, spoke: int) -> None:
    from datetime import UTC, datetime, timedelta

    start = datetime(2030, 1, 1, tzinfo=UTC)
    end = start + timedelta(seconds=spoke)
    assert rules.overran(limit, start, end) is (spoke > limit)
    assert rules.overran(None, start, end) is False
