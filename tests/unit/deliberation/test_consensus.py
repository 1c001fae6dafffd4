"""Consensus in session: adopted if and only if no member present objects and any quorum is met."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.errors import Conflict, InvalidInput, PermissionDenied
from cica.deliberation.consensus import (
    Board,
    ConsensusOutcome,
    Position,
    Remark,
    Stance,
    apply_position,
    close_board,
    consensus_outcome,
    open_board,
)
from cica.deliberation.rules import Delegation
from tests.unit.deliberation.builders import member, observer

MEMBERS = [member(code) for code in ("CHN", "IND", "KAZ", "RUS", "TUR")]
OBSERVERS = [observer(code) for code in ("JPN", "USA")]
PRESENT = MEMBERS + OBSERVERS


def board(present: list[Delegation] = PRESENT, paragraphs: int = 5) -> Board:
    return open_board(present, paragraphs)


def place(board: Board, *positions: tuple[str, Position]) -> Board:
    for state, position in positions:
        board = apply_position(board, state, position, board.version_of(state))
    return board


# --- Positions --------------------------------------------------------------------------------


def test_an_objection_needs_a_reason() -> None:
    with pytest.raises(InvalidInput, match="an objection needs a reason"):
        Position.objection("  ")


def test_a_reservation_and_a_statement_need_their_text() -> None:
    with pytest.raises(InvalidInput, match="a reservation needs its text"):
        Position.reservation("", [2])
    with pytest.raises(InvalidInput, match="an interpretative statement needs its text"):
        Position.statement("")


def test_joining_carries_no_text() -> None:
    with pytest.raises(InvalidInput, match="joining consensus carries no text"):
        Position(Stance.JOIN, "but only just")


def test_only_a_reservation_names_paragraphs() -> None:
    with pytest.raises(InvalidInput, match="only a reservation can name paragraphs"):
        Position(Stance.STATEMENT, "We understand paragraph 2 as…", (2,))
    assert Position.reservation("On paragraphs 3 and 1.", [3, 1, 3]).paragraphs == (1, 3)


# --- The outcome ------------------------------------------------------------------------------


def test_silence_counts_as_joining() -> None:
    outcome = consensus_outcome(PRESENT, {}, quorum=None)
    assert outcome.adopted
    assert outcome.joined == outcome.silent == ("CHN", "IND", "KAZ", "RUS", "TUR")
    assert outcome.summary() == "adopted by consensus"


def test_one_member_objection_blocks_adoption() -> None:
    outcome = consensus_outcome(PRESENT, {"IND": Position.objection("Paragraph 4 is unacceptable.")}, None)
    assert not outcome.adopted
    assert outcome.objections == (Remark("IND", "Paragraph 4 is unacceptable."),)
    assert "IND" not in outcome.joined
    assert outcome.summary() == "not adopted: objection by IND"


def test_a_reservation_joins_consensus_and_is_attached_to_the_outcome() -> None:
    positions = {
        "TUR": Position.reservation("Turkey dissociates itself from paragraph 3.", [3]),
        "CHN": Position.join(),
    }
    outcome = consensus_outcome(PRESENT, positions, None)
    assert outcome.adopted
    assert outcome.reservations == (Remark("TUR", "Turkey dissociates itself from paragraph 3.", (3,)),)
    assert "TUR" in outcome.joined and "CHN" in outcome.joined and "CHN" not in outcome.silent
    assert outcome.summary() == "adopted by consensus with 1 reservation"


def test_an_observer_statement_is_attached_but_changes_nothing() -> None:
    outcome = consensus_outcome(PRESENT, {"USA": Position.statement("We read paragraph 2 as…")}, None)
    assert outcome.adopted
    assert outcome.statements == (Remark("USA", "We read paragraph 2 as…"),)
    assert "USA" not in outcome.joined


def test_an_observer_objection_does_not_block_consensus() -> None:
    initial = board()
    with pytest.raises(PermissionDenied) as caught:
        apply_position(initial, "USA", Position.objection("We disagree."), 0)
    assert "charter: categories.observer_state.may_object" in caught.value.message
    assert "USA may only make interpretative statements" in caught.value.message
    assert initial.outcome(quorum=None).adopted


def test_an_observer_may_not_place_a_reservation_or_join() -> None:
    for position in (Position.reservation("On 2.", [2]), Position.join()):
        with pytest.raises(PermissionDenied):
            apply_position(board(), "JPN", position, 0)


def test_an_outcome_given_an_observer_objection_refuses_it_rather_than_count_it() -> None:
    with pytest.raises(PermissionDenied):
        consensus_outcome(PRESENT, {"USA": Position.objection("No.")}, None)


def test_a_position_from_a_delegation_not_present_is_refused() -> None:
    with pytest.raises(Conflict, match="UZB is not recorded as present at this session"):
        consensus_outcome(PRESENT, {"UZB": Position.join()}, None)
    with pytest.raises(Conflict, match="UZB is not recorded as present"):
        apply_position(board(), "UZB", Position.join(), 0)


def test_a_quorum_must_be_met_by_members_present() -> None:
    three_members_and_observers = MEMBERS[:3] + OBSERVERS
    outcome = consensus_outcome(three_members_and_observers, {}, quorum=4)
    assert not outcome.adopted and not outcome.quorum_met
    assert outcome.summary() == "not adopted: quorum of 4 members not met (3 present)"
    assert consensus_outcome(MEMBERS[:4], {}, quorum=4).adopted


def test_without_a_quorum_at_least_one_member_must_be_present() -> None:
    outcome = consensus_outcome(OBSERVERS, {"USA": Position.statement("We welcome it.")}, quorum=None)
    assert not outcome.adopted
    assert outcome.summary() == "not adopted: no member present"


def test_a_quorum_below_one_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"charter: decision_rule\.quorum"):
        consensus_outcome(MEMBERS, {}, quorum=0)


def test_a_delegation_listed_twice_is_refused() -> None:
    with pytest.raises(InvalidInput, match="KAZ is listed as present twice"):
        open_board([member("KAZ"), member("KAZ")], 3)


def test_an_outcome_serialises_to_plain_json() -> None:
    outcome = consensus_outcome(PRESENT, {"TUR": Position.reservation("On 3.", [3])}, None)
    data = outcome.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["reservations"] == [{"participant": "TUR", "text": "On 3.", "paragraphs": [3]}]
    assert data["adopted"] is True and data["members_present"] == 5


# --- The board --------------------------------------------------------------------------------


def test_a_change_of_position_is_a_new_version_and_a_recorded_change() -> None:
    first = apply_position(board(), "KAZ", Position.objection("Not yet."), expected_version=0)
    second = apply_position(first, "KAZ", Position.join(), expected_version=1)
    assert second.version_of("KAZ") == 2
    assert second.positions == {"KAZ": Position.join()}
    assert [(c.version, c.position.stance, c.previous) for c in second.changes] == [
        (1, Stance.OBJECT, None),
        (2, Stance.JOIN, Position.objection("Not yet.")),
    ]
    assert second.outcome(None).adopted and not first.outcome(None).adopted


def test_a_stale_change_of_position_is_refused() -> None:
    # Two delegates of Kazakhstan read the board at version 1; the first to write wins.
    read = apply_position(board(), "KAZ", Position.join(), 0)
    written = apply_position(read, "KAZ", Position.reservation("On 2.", [2]), expected_version=1)
    with pytest.raises(Conflict) as caught:
        apply_position(written, "KAZ", Position.objection("No."), expected_version=1)
    assert caught.value.message.startswith(
        "stale position: KAZ's position is at version 2, but this change was made from version 1"
    )
    assert written.positions["KAZ"] == Position.reservation("On 2.", [2])


def test_a_first_position_written_twice_from_version_zero_is_refused_the_second_time() -> None:
    once = apply_position(board(), "RUS", Position.join(), 0)
    with pytest.raises(Conflict, match="stale position"):
        apply_position(once, "RUS", Position.objection("No."), 0)


def test_a_negative_version_is_refused() -> None:
    with pytest.raises(InvalidInput, match="version is 0 or more"):
        apply_position(board(), "RUS", Position.join(), -1)


def test_a_reservation_on_a_paragraph_that_does_not_exist_is_refused() -> None:
    with pytest.raises(
        InvalidInput, match="paragraph 9 of the reservation does not exist: the text put to adoption has 5"
    ):
        apply_position(board(), "TUR", Position.reservation("On 9.", [2, 9]), 0)


def test_positions_on_a_closed_board_are_refused() -> None:
    closed, outcome = close_board(place(board(), ("CHN", Position.join())), quorum=None)
    assert outcome.adopted and closed.closed
    with pytest.raises(Conflict, match="the consensus procedure is closed"):
        apply_position(closed, "IND", Position.objection("Too late."), 0)
    with pytest.raises(Conflict, match="already closed"):
        close_board(closed, quorum=None)


def test_the_board_shows_every_delegation_present_members_first() -> None:
    rows = place(board(), ("USA", Position.statement("Noted.")), ("IND", Position.objection("No."))).rows()
    assert [row.delegation.code for row in rows] == ["CHN", "IND", "KAZ", "RUS", "TUR", "JPN", "USA"]
    assert [row.counts_as for row in rows] == [
        Stance.JOIN,
        Stance.OBJECT,
        Stance.JOIN,
        Stance.JOIN,
        Stance.JOIN,
        None,
        Stance.STATEMENT,
    ]
    assert rows[1].version == 1 and rows[0].position is None and rows[0].version == 0


# --- Properties -------------------------------------------------------------------------------

codes = st.sampled_from([f"S{n:02d}" for n in range(30)])
texts = st.text(alphabet="abc xyz", min_size=1, max_size=10).filter(lambda t: bool(t.strip()))
member_positions: st.SearchStrategy[Position] = st.one_of(
    st.just(Position.join()),
    st.builds(Position.objection, texts),
    st.builds(Position.reservation, texts, st.lists(st.integers(1, 5), max_size=3)),
    st.builds(Position.statement, texts),
)


@st.composite
def sessions(draw: st.DrawFn) -> tuple[list[Delegation], dict[str, Position]]:
    """Delegations present (members and observers) and one valid position for some of them."""
    chosen = draw(st.lists(codes, unique=True, max_size=12))
    present = [member(code) if draw(st.booleans()) else observer(code) for code in chosen]
    positions: dict[str, Position] = {}
    for delegation in present:
        if draw(st.booleans()):
            positions[delegation.code] = (
                draw(member_positions) if delegation.may_object else Position.statement(draw(texts))
            )
    return present, positions


quorums = st.none() | st.integers(1, 8)


@given(sessions(), quorums)
def test_adopted_if_and_only_if_no_member_objects_and_the_quorum_is_met(
    session: tuple[list[Delegation], dict[str, Position]], quorum: int | None
) -> None:
    present, positions = session
    members = [d for d in present if d.may_object]
    objects = any(p.stance is Stance.OBJECT for p in positions.values())
    enough = len(members) >= (quorum or 1)
    assert consensus_outcome(present, positions, quorum).adopted == (enough and not objects)


@given(sessions(), quorums, st.lists(st.tuples(codes, member_positions), max_size=8))
def test_observers_never_change_the_outcome(
    session: tuple[list[Delegation], dict[str, Position]],
    quorum: int | None,
    attempts: list[tuple[str, Position]],
) -> None:
    present, positions = session
    members_only = [d for d in present if d.may_object]
    member_positions_only = {
        code: p for code, p in positions.items() if code in {d.code for d in members_only}
    }
    without_observers = consensus_outcome(members_only, member_positions_only, quorum)

    # Observers try anything; what the board accepts from them is at most a statement.
    extra = [observer(code) for code, _ in attempts if code not in {d.code for d in present}]
    everyone = present + list({d.code: d for d in extra}.values())
    current = open_board(everyone, 5)
    for code, position in positions.items():
        current = apply_position(current, code, position, 0)
    for code, position in attempts:
        delegation = next(d for d in everyone if d.code == code)
        if delegation.may_object:
            continue
        try:
            current = apply_position(current, code, position, current.version_of(code))
        except PermissionDenied:
            assert position.stance is not Stance.STATEMENT
    with_observers = current.outcome(quorum)
    assert with_observers.adopted == without_observers.adopted
    assert with_observers.joined == without_observers.joined
    assert with_observers.objections == without_observers.objections
    assert with_observers.reservations == without_observers.reservations
    assert with_observers.quorum_met == without_observers.quorum_met


@given(sessions(), quorums, st.data())
def test_one_member_objection_always_blocks(
    session: tuple[list[Delegation], dict[str, Position]], quorum: int | None, data: st.DataObject
) -> None:
    present, positions = session
    members = [d for d in present if d.may_object]
    if not members:
        return
    objector = data.draw(st.sampled_from(members))
    positions = {**positions, objector.code: Position.objection(data.draw(texts))}
    outcome = consensus_outcome(present, positions, quorum)
    assert not outcome.adopted
    assert objector.code in outcome.objectors


@given(sessions(), quorums, st.randoms(use_true_random=False))
def test_the_outcome_does_not_depend_on_the_order_positions_arrive_in(
    session: tuple[list[Delegation], dict[str, Position]], quorum: int | None, random: object
) -> None:
    present, positions = session
    arrivals = list(positions.items())
    shuffled = list(arrivals)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    present_shuffled = list(present)
    random.shuffle(present_shuffled)  # type: ignore[attr-defined]

    in_order = place(open_board(present, 5), *arrivals)
    reordered = place(open_board(present_shuffled, 5), *shuffled)
    assert reordered.entries == in_order.entries
    assert reordered.present == in_order.present
    assert reordered.outcome(quorum) == in_order.outcome(quorum)
    assert consensus_outcome(present_shuffled, dict(shuffled), quorum) == in_order.outcome(quorum)


@given(st.lists(st.tuples(st.integers(0, 4), member_positions), max_size=12))
def test_concurrent_writers_never_lose_a_change_silently(writes: list[tuple[int, Position]]) -> None:
    # Each write claims to have read some version; it is applied exactly when that is current.
    current = open_board([member("KAZ")], 5)
    accepted: list[Position] = []
    for expected, position in writes:
        version = current.version_of("KAZ")
        try:
            after = apply_position(current, "KAZ", position, expected)
        except Conflict:
            assert expected != version
            continue
        assert expected == version
        accepted.append(position)
        current = after
    assert [change.position for change in current.changes] == accepted
    assert current.version_of("KAZ") == len(accepted)
    if accepted:
        assert current.positions["KAZ"] == accepted[-1]


def test_an_outcome_is_a_plain_value() -> None:
    outcome = ConsensusOutcome(True, None, 1, ("KAZ",), ("KAZ",), (), (), ())
    assert outcome.quorum_met and outcome.objectors == ()
