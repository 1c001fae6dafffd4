"""Consensus in session: positions, the live consensus board, and the outcome.

The chair puts a revision to adoption at a session of the organ. Each delegation present may
take one position:

- `join`: joins the consensus. Silence counts as joining, so a delegation that says nothing has
  no position and still joins.
- `object`: objects, with a reason (required). Blocks adoption.
- `reservation`: joins with a reservation (text, optionally on given paragraphs).
- `statement`: joins and makes an interpretative statement.

Who may do what comes from the delegation's category on the day (`Delegation.may_object`): a
delegation whose category may object takes part in the consensus (a "member" below); any other
(observers, partners) may make statements and only statements, and never blocks.

`consensus_outcome` is the rule: adopted if and only if no member present objects and any quorum
the charter sets is met by the members present. With no quorum set, at least one member must be
present: a consensus of nobody adopts nothing. The outcome depends only on who is present and on
each delegation's current position, never on the order the positions arrived in.

The `Board` keeps one current position per delegation with a version number. A change of position
is a new version, recorded in `Board.changes`; `apply_position` takes the version the writer last
saw, and refuses the write as stale if another delegate of the same state changed the position in
between (optimistic concurrency), so a position is never lost silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cica.core.errors import Conflict, InvalidInput, PermissionDenied
from cica.deliberation.narration import ENGLISH
from cica.deliberation.rules import Delegation, ProcedureKind
from cica.deliberation.texts import describe_numbers


class Stance(StrEnum):
    JOIN = "join"
    OBJECT = "object"
    RESERVATION = "reservation"
    STATEMENT = "statement"


@dataclass(frozen=True)
class Position:
    """One delegation's position on the text put to adoption.

    `text` is the objection's reason, the reservation or the statement; a join has none.
    `paragraphs` (reservations only) are the numbers of the paragraphs the reservation concerns.
    """

    stance: Stance
    text: str = ""
    paragraphs: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "paragraphs", tuple(sorted(set(self.paragraphs))))
        object.__setattr__(self, "text", self.text.strip())
        if self.stance is Stance.JOIN and self.text:
            raise InvalidInput(
                "joining consensus carries no text: to add words, join with a reservation or make "
                "an interpretative statement"
            )
        if self.stance is not Stance.JOIN and not self.text:
            what = {
                Stance.OBJECT: "an objection needs a reason",
                Stance.RESERVATION: "a reservation needs its text",
                Stance.STATEMENT: "an interpretative statement needs its text",
            }[self.stance]
            raise InvalidInput(f"{what} (rule: positions other than joining are written)")
        if self.paragraphs and self.stance is not Stance.RESERVATION:
            raise InvalidInput("only a reservation can name paragraphs")
        if any(number < 1 for number in self.paragraphs):
            raise InvalidInput("paragraph numbers start at 1")

    @classmethod
    def join(cls) -> Position:
        return cls(Stance.JOIN)

    @classmethod
    def objection(cls, reason: str) -> Position:
        return cls(Stance.OBJECT, reason)

    @classmethod
    def reservation(cls, text: str, paragraphs: Iterable[int] = ()) -> Position:
        return cls(Stance.RESERVATION, text, tuple(paragraphs))

    @classmethod
    def statement(cls, text: str) -> Position:
        return cls(Stance.STATEMENT, text)

    def to_dict(self) -> dict[str, Any]:
        return {"stance": self.stance.value, "text": self.text, "paragraphs": list(self.paragraphs)}


def check_position(delegation: Delegation, position: Position) -> None:
    """Refuses a position the delegation's category does not allow."""
    if not delegation.may_object and position.stance is not Stance.STATEMENT:
        raise PermissionDenied(
            f"{delegation.code} may only make interpretative statements: its category "
            f"{delegation.category!r} may not object, so it takes no part in the consensus itself "
            f"and cannot {_doing(position.stance)} (charter: categories.{delegation.category}.may_object)"
        )


def _doing(stance: Stance) -> str:
    return {
        Stance.JOIN: "join it",
        Stance.OBJECT: "object",
        Stance.RESERVATION: "place a reservation",
        Stance.STATEMENT: "make a statement",
    }[stance]


def check_consensus_procedure(procedure_id: int, kind: ProcedureKind) -> None:
    """Positions are taken only in a consensus procedure, in session."""
    if kind != ProcedureKind.CONSENSUS:
        raise Conflict(
            f"procedure {procedure_id} is a silence procedure: positions are taken in a consensus "
            "procedure, in session; to object under silence, break it (rule: silence is broken in writing)"
        )


class RemarkKind(StrEnum):
    """What a decision keeps beside its text: a member's reservation or anyone's statement."""

    RESERVATION = "reservation"
    STATEMENT = "statement"


@dataclass(frozen=True)
class Remark:
    """An objection, reservation or statement as it appears in the outcome and the decision."""

    participant: str
    text: str
    paragraphs: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"participant": self.participant, "text": self.text, "paragraphs": list(self.paragraphs)}


@dataclass(frozen=True)
class ConsensusOutcome:
    """The result of putting a text to adoption, with everything a decision keeps.

    Every tuple is sorted by participant code, so equal inputs give equal outcomes.
    """

    adopted: bool
    quorum: int | None
    members_present: int
    joined: tuple[str, ...]  # members who did not object, including the silent
    silent: tuple[str, ...]  # members with no position: silence counts as joining
    objections: tuple[Remark, ...]
    reservations: tuple[Remark, ...]
    statements: tuple[Remark, ...]  # from members and observers alike

    @property
    def quorum_met(self) -> bool:
        return quorum_met(self.members_present, self.quorum)

    @property
    def objectors(self) -> tuple[str, ...]:
        return tuple(remark.participant for remark in self.objections)

    def summary(self) -> str:
        """One line in English with participant codes (the CLI's and the audit trail's); pages,
        the API and notices render the outcome in the reader's language (`narration`)."""
        return ENGLISH.outcome(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        return {
            "adopted": self.adopted,
            "quorum": self.quorum,
            "quorum_met": self.quorum_met,
            "members_present": self.members_present,
            "joined": list(self.joined),
            "silent": list(self.silent),
            "objections": [remark.to_dict() for remark in self.objections],
            "reservations": [remark.to_dict() for remark in self.reservations],
            "statements": [remark.to_dict() for remark in self.statements],
        }


def quorum_met(members_present: int, quorum: int | None) -> bool:
    """The charter's quorum, if any, is met; without one, at least one member must be present."""
    return members_present >= max(quorum or 0, 1)


def consensus_outcome(
    participants_present: Sequence[Delegation],
    positions: Mapping[str, Position],
    quorum: int | None,
) -> ConsensusOutcome:
    """Adopted if and only if no member present objects and the quorum is met.

    `positions` holds each delegation's current position by participant code; a position from a
    delegation not present, or one its category does not allow, is refused.
    """
    present = _index(participants_present)
    if quorum is not None and quorum < 1:
        raise InvalidInput(
            f"a quorum is a number of members, at least 1; got {quorum} (charter: decision_rule.quorum)"
        )
    for code, position in positions.items():
        delegation = present.get(code)
        if delegation is None:
            raise Conflict(_not_present(code))
        check_position(delegation, position)
    members = sorted(code for code, delegation in present.items() if delegation.may_object)

    def remarks(stance: Stance) -> tuple[Remark, ...]:
        return tuple(
            Remark(code, positions[code].text, positions[code].paragraphs)
            for code in sorted(positions)
            if positions[code].stance is stance
        )

    objections = remarks(Stance.OBJECT)
    objectors = {remark.participant for remark in objections}
    return ConsensusOutcome(
        adopted=quorum_met(len(members), quorum) and not objections,
        quorum=quorum,
        members_present=len(members),
        joined=tuple(code for code in members if code not in objectors),
        silent=tuple(code for code in members if code not in positions),
        objections=objections,
        reservations=remarks(Stance.RESERVATION),
        statements=remarks(Stance.STATEMENT),
    )


def _index(participants_present: Sequence[Delegation]) -> dict[str, Delegation]:
    present: dict[str, Delegation] = {}
    for delegation in participants_present:
        if delegation.code in present:
            raise InvalidInput(f"{delegation.code} is listed as present twice")
        present[delegation.code] = delegation
    return present


def _not_present(code: str) -> str:
    return (
        f"{code} is not recorded as present at this session (rule: only delegations present take positions)"
    )


# --- The consensus board ----------------------------------------------------------------------


@dataclass(frozen=True)
class BoardEntry:
    """A delegation's current position and its version (1 for the first, +1 per change)."""

    participant: str
    position: Position
    version: int


@dataclass(frozen=True)
class PositionChange:
    """One recorded write: the position taken, the one it replaced, and the version it made."""

    participant: str
    version: int
    position: Position
    previous: Position | None


@dataclass(frozen=True)
class BoardRow:
    """One line of the live board: a delegation present and its position, if any."""

    delegation: Delegation
    position: Position | None
    version: int

    @property
    def counts_as(self) -> Stance | None:
        """A silent member counts as joining; a silent observer counts as nothing."""
        if self.position is not None:
            return self.position.stance
        return Stance.JOIN if self.delegation.may_object else None


@dataclass(frozen=True)
class Board:
    """The positions taken on one revision put to adoption in one session.

    `paragraph_count` is the number of paragraphs of that revision, so reservations on
    paragraphs that do not exist are refused.
    """

    present: tuple[Delegation, ...]
    paragraph_count: int
    entries: tuple[BoardEntry, ...] = ()
    changes: tuple[PositionChange, ...] = ()
    closed: bool = False

    def entry(self, participant: str) -> BoardEntry | None:
        return next((e for e in self.entries if e.participant == participant), None)

    def version_of(self, participant: str) -> int:
        """The version a writer must name to change this delegation's position (0: none yet)."""
        found = self.entry(participant)
        return found.version if found else 0

    @property
    def positions(self) -> dict[str, Position]:
        return {entry.participant: entry.position for entry in self.entries}

    def rows(self) -> tuple[BoardRow, ...]:
        """Members first, then the others, each group by code: one row per delegation present."""
        ordered = sorted(self.present, key=lambda d: (not d.may_object, d.code))
        by_code = {entry.participant: entry for entry in self.entries}
        rows = []
        for delegation in ordered:
            found = by_code.get(delegation.code)
            rows.append(
                BoardRow(delegation, found.position if found else None, found.version if found else 0)
            )
        return tuple(rows)

    def outcome(self, quorum: int | None) -> ConsensusOutcome:
        """The outcome if the chair closed now (for the live board)."""
        return consensus_outcome(self.present, self.positions, quorum)


def open_board(present: Sequence[Delegation], paragraph_count: int) -> Board:
    """An empty board for the delegations present and a revision of `paragraph_count` paragraphs."""
    _index(present)
    if paragraph_count < 1:
        raise InvalidInput("the text put to adoption has no paragraphs")
    return Board(tuple(sorted(present, key=lambda d: d.code)), paragraph_count)


def apply_position(board: Board, state: str, position: Position, expected_version: int) -> Board:
    """The board with `state`'s position set, if `expected_version` is still its current version.

    The first position is written with expected version 0. Refuses positions on a closed board,
    from a delegation not present, that its category does not allow, on paragraphs that do not
    exist, or written from a stale version.
    """
    if board.closed:
        raise Conflict(
            "the consensus procedure is closed: positions can no longer be taken or changed "
            "(rule: positions are taken while the procedure is open)"
        )
    delegation = next((d for d in board.present if d.code == state), None)
    if delegation is None:
        raise Conflict(_not_present(state))
    check_position(delegation, position)
    missing = [n for n in position.paragraphs if n > board.paragraph_count]
    if missing:
        raise InvalidInput(
            f"{describe_numbers(missing)} of the reservation {'do' if len(missing) > 1 else 'does'} not "
            f"exist: the text put to adoption has {board.paragraph_count} paragraphs"
        )
    if expected_version < 0:
        raise InvalidInput(f"a position version is 0 or more, got {expected_version}")
    current = board.entry(state)
    current_version = current.version if current else 0
    if expected_version != current_version:
        raise Conflict(
            f"stale position: {state}'s position is at version {current_version}, but this change "
            f"was made from version {expected_version}; reload the board and try again (rule: a "
            "change of position is applied to the position it replaces, never lost silently)"
        )
    entry = BoardEntry(state, position, current_version + 1)
    change = PositionChange(state, entry.version, position, current.position if current else None)
    entries = tuple(
        sorted([e for e in board.entries if e.participant != state] + [entry], key=lambda e: e.participant)
    )
    return Board(board.present, board.paragraph_count, entries, (*board.changes, change), closed=False)


def close_board(board: Board, quorum: int | None) -> tuple[Board, ConsensusOutcome]:
    """The closed board and the outcome; closing twice is refused."""
    if board.closed:
        raise Conflict("the consensus procedure is already closed (rule: a procedure closes once)")
    outcome = board.outcome(quorum)
    return Board(board.present, board.paragraph_count, board.entries, board.changes, closed=True), outcome
