"""Writes on amendments: a delegation proposes one to numbered paragraphs of the current revision;
the chair accepts it into a new revision or rejects it; the proposer may withdraw it. Each is
settled once (`amendments.settle`) and every step is kept in the draft's history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import authorize
from cica.core import clock
from cica.core.db import get_or_not_found
from cica.core.errors import InvalidInput, NotFound
from cica.deliberation import rules
from cica.deliberation.amendments import Amendment as AmendmentRule
from cica.deliberation.amendments import (
    AmendmentKind,
    AmendmentStatus,
    apply_amendments,
    settle,
    validate_amendment,
)
from cica.deliberation.facts import facts
from cica.deliberation.models import Amendment, Draft, DraftRevision
from cica.deliberation.narration import Event, EventKind, RevisionOrigin
from cica.deliberation.operations.common import (
    act_for_delegation,
    add_change,
    add_event,
    authorized_moment,
    check_visible,
    load_draft,
    lock_draft,
    next_number,
    open_procedure,
    original_revision,
    original_text,
    record_on,
    touch,
)
from cica.deliberation.operations.drafts import add_revision
from cica.deliberation.records import amendment_rule, draft_state, revision_row
from cica.deliberation.texts import LanguageVersion


def propose_amendment(
    session: Session,
    draft_id: int,
    *,
    kind: str,
    justification: str,
    paragraphs: Sequence[int] = (),
    after: int | None = None,
    text: str = "",
    revision: int | None = None,
    delegation: str | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> Amendment:
    """A delegation's amendment to numbered paragraphs of the current revision."""
    now, known, day, code, authorization = act_for_delegation(
        session,
        actor,
        delegation,
        "amendment.propose",
        now,
        on=f"draft:{draft_id}",
        missing="an amendment is proposed for a delegation: give its participant code",
    )
    with authorization.refusals():
        known.delegation(code, day).check_may_propose()
    draft, state = load_draft(session, draft_id, actor, day)
    rules.transition(state, rules.ProposeAmendment(), known.competences(day))
    try:
        chosen = AmendmentKind(kind)
    except ValueError:
        raise InvalidInput(f"an amendment replaces, inserts or deletes, not {kind!r}") from None
    target = revision if revision is not None else draft.current_revision
    proposal = AmendmentRule(chosen, target, justification, tuple(paragraphs), after, text)
    validate_amendment(original_revision(session, draft), proposal)
    number = next_number(session, Amendment.number, Amendment.draft_id == draft.id)
    amendment = Amendment(
        draft_id=draft.id,
        number=number,
        proposer=code,
        kind=chosen,
        revision_id=revision_row(session, draft).id,
        paragraphs=list(proposal.paragraphs),
        after=proposal.after,
        text=proposal.text.strip(),
        justification=proposal.justification.strip(),
        status=AmendmentStatus.PROPOSED,
        proposed_at=now,
        proposed_by=actor.email,
    )
    session.add(amendment)
    touch(draft, now)
    session.flush()
    add_event(
        session,
        draft,
        actor=actor,
        now=now,
        revision=target,
        event=Event(
            EventKind.AMENDMENT_PROPOSED,
            {
                "number": number,
                "proposer": code,
                "change": chosen.value,
                "paragraphs": list(proposal.paragraphs),
                "after": proposal.after,
                "revision": target,
            },
        ),
    )
    record_on(
        session,
        draft,
        f"A-{number} to draft {draft.id} revision {target} by {code}: {proposal.describe()}",
        f"amendment:{amendment.id}",
        action="amendment.propose",
        actor=actor,
    )
    return amendment


def _lock_amendment(
    session: Session, amendment_id: int, actor: Actor, now: datetime
) -> tuple[Amendment, Draft]:
    amendment = get_or_not_found(session, Amendment, amendment_id, "amendment")
    draft = lock_draft(session, amendment.draft_id)
    check_visible(session, actor, draft, facts(session).day_of(now))
    session.refresh(amendment)
    return amendment, draft


def accept_amendment(
    session: Session, amendment_id: int, *, actor: Actor, now: datetime | None = None
) -> DraftRevision:
    """The chair takes the amendment into a new revision of the original text."""
    now, known, day = authorized_moment(
        session, actor, "amendment.decide", now, on=f"amendment:{amendment_id}"
    )
    amendment, draft = _lock_amendment(session, amendment_id, actor, now)
    name = f"amendment A-{amendment.number}"
    status = settle(AmendmentStatus(amendment.status), AmendmentStatus.ACCEPTED, name)
    state = draft_state(draft, open_procedure(session, draft.id))
    rules.transition(state, rules.Revise(), known.competences(day))
    target = session.get(DraftRevision, amendment.revision_id)
    assert target is not None
    current = original_revision(session, draft)
    result = apply_amendments(current, [amendment_rule(amendment, target.number)])
    title = original_text(session, revision_row(session, draft)).title
    versions = [LanguageVersion(draft.original_lang, title, result.text)]
    revision = add_revision(
        session,
        draft,
        result.number,
        versions,
        origin={
            "kind": RevisionOrigin.AMENDMENTS,
            "amendments": [{"number": amendment.number, "proposer": amendment.proposer}],
        },
        actor=actor,
        now=now,
    )
    amendment.status, amendment.settled_at, amendment.settled_by = status, now, actor.email
    amendment.produced_revision_id = revision.id
    accepted = Event(EventKind.AMENDMENT_ACCEPTED, {"number": amendment.number, "revision": result.number})
    add_change(session, draft, accepted, actor=actor, now=now, revision=result.number)
    record_on(
        session,
        draft,
        f"A-{amendment.number} accepted into revision {result.number} of draft {draft.id}",
        f"amendment:{amendment.id}",
        action="amendment.accept",
        actor=actor,
    )
    return revision


def reject_amendment(
    session: Session, amendment_id: int, *, actor: Actor, now: datetime | None = None
) -> Amendment:
    now, _, _ = authorized_moment(session, actor, "amendment.decide", now, on=f"amendment:{amendment_id}")
    return _settle(session, amendment_id, AmendmentStatus.REJECTED, "amendment.reject", actor, now)


def withdraw_amendment(
    session: Session, amendment_id: int, *, actor: Actor, now: datetime | None = None
) -> Amendment:
    now = now or clock.now(session)
    amendment = session.get(Amendment, amendment_id)
    if amendment is None:
        raise NotFound(f"no amendment {amendment_id}")
    authorize(
        session,
        actor,
        "amendment.withdraw",
        delegation=amendment.proposer,
        day=facts(session).day_of(now),
        objects=[f"amendment:{amendment_id}"],
    )
    return _settle(session, amendment_id, AmendmentStatus.WITHDRAWN, "amendment.withdraw", actor, now)


def _settle(
    session: Session, amendment_id: int, outcome: AmendmentStatus, action: str, actor: Actor, now: datetime
) -> Amendment:
    amendment, draft = _lock_amendment(session, amendment_id, actor, now)
    name = f"amendment A-{amendment.number}"
    amendment.status = settle(amendment.status, outcome, name)
    amendment.settled_at, amendment.settled_by = now, actor.email
    add_change(
        session,
        draft,
        Event(EventKind(f"amendment_{outcome.value}"), {"number": amendment.number}),
        actor=actor,
        now=now,
    )
    told = f"A-{amendment.number} to draft {draft.id} {outcome.value}"
    record_on(session, draft, told, f"amendment:{amendment.id}", action=action, actor=actor)
    return amendment
