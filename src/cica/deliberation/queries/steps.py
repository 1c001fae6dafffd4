"""The steps a reader may take on a draft now: allowed to them by the permission table and
permitted by the draft's lifecycle. Pages offer exactly these; the operations check both again."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import allowed
from cica.deliberation import rules
from cica.deliberation.queries.common import Reader
from cica.deliberation.queries.drafts import DraftDetail


def draft_state(detail: DraftDetail) -> rules.DraftState:
    pending = (
        rules.PendingProcedure(rules.ProcedureKind(detail.procedure.kind), detail.procedure.recommend_to)
        if detail.procedure is not None
        else None
    )
    return rules.DraftState(
        detail.kind,
        rules.Stage(detail.stage),
        detail.organ,
        pending,
        forwarded_by=detail.forwarded_by,
        recommended=detail.recommended,
    )


def next_steps(session: Session, actor: Actor | None, who: Reader, detail: DraftDetail) -> dict[str, Any]:
    """The steps this reader may take on the draft now: allowed to them, and permitted by the
    lifecycle (the operation checks both again)."""
    state, competences = draft_state(detail), who.competences()

    def may(action: str, event: rules.Event | None = None, delegation: str | None = None) -> bool:
        return allowed(session, actor, action, delegation=delegation, day=who.day) and (
            event is None or rules.permits(state, event, competences)
        )

    consensus, silence = rules.ProcedureKind.CONSENSUS, rules.ProcedureKind.SILENCE
    purposes = ([("", "adopt")] if detail.may_adopt else []) + [(o.id, o.name) for o in detail.recommends_to]
    return {
        "revise": may("draft.revise", rules.Revise()),
        "circulate": may("draft.circulate", rules.OpenNegotiation()),
        "forward": [o for o in detail.forwards_to if may("draft.forward", rules.Forward(o.id))],
        "withdraw": may("draft.withdraw", rules.Withdraw(), detail.sponsor_code),
        "reject": may("draft.reject", rules.Reject()),
        "amend": may("amendment.propose", rules.ProposeAmendment()),
        "decide_amendments": may("amendment.decide"),
        "withdraw_amendment": may("amendment.withdraw"),
        "consensus": [
            p for p in purposes if may("consensus.open", rules.OpenProcedure(consensus, p[0] or None))
        ],
        "silence": [p for p in purposes if may("silence.start", rules.OpenProcedure(silence, p[0] or None))],
    }
