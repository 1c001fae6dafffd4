"""The steps a reader may take on a draft or a procedure now: allowed to them by the permission table and
permitted by the draft's lifecycle. Pages offer exactly these; the operations check both again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import allowed
from cica.core.errors import CicaError
from cica.deliberation import participants, rules
from cica.deliberation.amendments import AmendmentStatus
from cica.deliberation.operations.common import check_may_withdraw
from cica.deliberation.queries.common import Reader
from cica.deliberation.queries.drafts import DraftDetail, OrganOption
from cica.deliberation.queries.procedures import BoardRowItem, ProcedureDetail
from cica.deliberation.records import lifecycle_state


def draft_state(detail: DraftDetail) -> rules.DraftState:
    return lifecycle_state(detail, detail.organ, detail.procedure)


Purposes = list[tuple[str, str]]  # (organ id to recommend to, or "" to adopt; its name)


@dataclass(frozen=True)
class DraftSteps:
    """What a reader may do on a draft now; a page offers exactly these forms."""

    revise: bool
    circulate: bool
    forward: list[OrganOption]
    withdraw: bool
    reject: bool
    amend: bool
    decide_amendments: bool
    withdraw_amendments: frozenset[int]  # ids of the proposed amendments the reader may withdraw
    consensus: Purposes
    silence: Purposes


def next_steps(session: Session, actor: Actor | None, who: Reader, detail: DraftDetail) -> DraftSteps:
    """The steps this reader may take on the draft now: allowed to them, and permitted by the
    lifecycle (the operation checks both again)."""
    state, competences = draft_state(detail), who.competences()

    def may(action: str, event: rules.Event | None = None, delegation: str | None = None) -> bool:
        return allowed(session, actor, action, delegation=delegation, day=who.day) and (
            event is None or rules.permits(state, event, competences)
        )

    def may_withdraw() -> bool:
        sponsor_kind = participants.SponsorKind(
            detail.sponsor if detail.sponsor_code is None else "delegation"
        )
        try:
            check_may_withdraw(
                session, actor, participants.Sponsor(sponsor_kind, detail.sponsor_code), who.day
            )
        except CicaError:
            return False
        return True

    consensus, silence = rules.ProcedureKind.CONSENSUS, rules.ProcedureKind.SILENCE
    purposes = ([("", "adopt")] if detail.may_adopt else []) + [(o.id, o.name) for o in detail.recommends_to]
    # Withdrawing is for the proposer's delegation: the same permission check, with the same
    # delegation, that `operations.withdraw_amendment` makes (asked once per proposer).
    proposed = [a for a in detail.amendments if a.status == AmendmentStatus.PROPOSED]
    may_withdraw_amendment = {
        code: may("amendment.withdraw", delegation=code) for code in {a.proposer for a in proposed}
    }
    return DraftSteps(
        revise=may("draft.revise", rules.Revise()),
        circulate=may("draft.circulate", rules.OpenNegotiation()),
        forward=[o for o in detail.forwards_to if may("draft.forward", rules.Forward(o.id))],
        withdraw=may_withdraw() and may("draft.withdraw", rules.Withdraw(), detail.sponsor_code),
        reject=may("draft.reject", rules.Reject()),
        amend=may("amendment.propose", rules.ProposeAmendment()),
        decide_amendments=may("amendment.decide"),
        withdraw_amendments=frozenset(a.id for a in proposed if may_withdraw_amendment[a.proposer]),
        consensus=[
            p for p in purposes if may("consensus.open", rules.OpenProcedure(consensus, p[0] or None))
        ],
        silence=[p for p in purposes if may("silence.start", rules.OpenProcedure(silence, p[0] or None))],
    )


@dataclass(frozen=True)
class ProcedureSteps:
    mine: BoardRowItem | None  # the reader's delegation's row on the board, if it sits there
    may_position: bool
    may_state: bool
    may_close: bool
    may_break: bool
    # The reader's delegation takes part without the right to object or break silence (its
    # category, e.g. an observer): the page says so rather than showing nothing.
    without_voice: bool = False


def procedure_steps(
    session: Session, actor: Actor | None, who: Reader, detail: ProcedureDetail
) -> ProcedureSteps:
    """What the reader may do on an open procedure: take a position or make a statement for their
    own delegation if it is present, close it as Chair, break silence as a member."""
    own = actor.delegation if actor else None
    mine = None
    if detail.board is not None and own:
        mine = next((row for row in detail.board.rows if row.code == own), None)
    is_open = detail.status == rules.ProcedureStatus.OPEN

    def may(action: str, delegation: str | None = None) -> bool:
        return allowed(session, actor, action, delegation=delegation, day=who.day)

    standing = who.facts.delegation(own, who.day) if own and is_open else None
    voiceless = standing is not None and not (
        standing.may_object if detail.kind == "consensus" else standing.may_break_silence
    )
    return ProcedureSteps(
        without_voice=voiceless,
        mine=mine,
        may_position=is_open and mine is not None and may("consensus.position", own),
        may_state=is_open and mine is not None and may("consensus.statement", own),
        may_close=is_open and detail.kind == rules.ProcedureKind.CONSENSUS and may("consensus.close"),
        may_break=is_open and detail.kind == rules.ProcedureKind.SILENCE and may("silence.break", own),
    )
