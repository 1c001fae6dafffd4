"""What every deliberation operation shares: loading and locking a draft, its state for the rules,
visibility, history, notifications and the audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, TypedDict, Unpack

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cica.access import rules as access_rules
from cica.access.actors import Actor
from cica.access.guard import Authorization, authorize, standing
from cica.access.queries import viewer
from cica.audit import operations as audit
from cica.core import clock
from cica.core.errors import Conflict, InvalidInput, NotFound
from cica.deliberation import participants, rules
from cica.deliberation.facts import Facts, facts
from cica.deliberation.models import (
    Draft,
    DraftEvent,
    DraftRevision,
    Notification,
    Procedure,
    RevisionText,
)
from cica.deliberation.narration import Event, NoticeKind
from cica.deliberation.records import FrozenText, draft_state, revision_row, revision_texts
from cica.deliberation.rules import ProcedureStatus
from cica.deliberation.texts import Revision


def moment(session: Session, now: datetime | None) -> tuple[datetime, Facts, date]:
    """What every act starts from: the instant (the clock's unless given), the charter's facts
    and the day it is at the seat."""
    now = now or clock.now(session)
    known = facts(session)
    return now, known, known.day_of(now)


def authorized_moment(
    session: Session, actor: Actor, action: str, now: datetime | None, *, on: str
) -> tuple[datetime, Facts, date]:
    """The `moment` of an act the permission table lets the actor do on `on` that day."""
    now, known, day = moment(session, now)
    authorize(session, actor, action, day=day, objects=[on])
    return now, known, day


class DraftAct(NamedTuple):
    """What an act on one draft starts from, once authorised: the instant, the charter's facts,
    the day, and the draft locked with its state for the rules."""

    now: datetime
    known: Facts
    day: date
    draft: Draft
    state: rules.DraftState


def act_on_draft(
    session: Session, draft_id: int, action: str, *, actor: Actor, now: datetime | None
) -> DraftAct:
    """Authorises `action` on the draft for the day, then loads and locks it (`load_draft`)."""
    now, known, day = authorized_moment(session, actor, action, now, on=f"draft:{draft_id}")
    return DraftAct(now, known, day, *load_draft(session, draft_id, actor, day))


def acting_for(
    session: Session, actor: Actor, delegation: str | None, now: datetime | None, *, missing: str
) -> tuple[datetime, Facts, date, str]:
    """What a delegation's act starts from: the `moment` and the participant code acted for
    (the actor's own by default; `missing` refuses none)."""
    now, known, day = moment(session, now)
    code = (delegation or actor.delegation or "").strip().upper()
    if not code:
        raise InvalidInput(missing)
    return now, known, day, code


class DelegationAct(NamedTuple):
    """What a delegation's act starts from, once authorised: the `moment`, the participant code
    acted for, and the authorisation whose refusals the rules' checks are answered with."""

    now: datetime
    known: Facts
    day: date
    code: str
    authorization: Authorization


def act_for_delegation(
    session: Session,
    actor: Actor,
    delegation: str | None,
    action: str,
    now: datetime | None,
    *,
    on: str,
    missing: str,
) -> DelegationAct:
    """`acting_for`, then the permission table's leave to do `action` on `on` for that delegation."""
    now, known, day, code = acting_for(session, actor, delegation, now, missing=missing)
    authorization = authorize(session, actor, action, delegation=code, day=day, objects=[on])
    return DelegationAct(now, known, day, code, authorization)


def lock_draft(session: Session, draft_id: int) -> Draft:
    """The draft, locked for this transaction (a row lock on PostgreSQL; SQLite's write units
    already hold the database lock), so that two changes to one draft queue instead of racing."""
    draft = session.scalars(select(Draft).where(Draft.id == draft_id).with_for_update()).first()
    if draft is None:
        raise NotFound(f"no draft {draft_id}")
    return draft


def load_draft(
    session: Session, draft_id: int, actor: Actor | None, day: date
) -> tuple[Draft, rules.DraftState]:
    """The draft an operation is about to change: locked, visible to the actor on `day`, and as
    the lifecycle rules see it (with its open procedure)."""
    draft = lock_draft(session, draft_id)
    check_visible(session, actor, draft, day)
    return draft, draft_state(draft, open_procedure(session, draft.id))


def lock_procedure(session: Session, procedure_id: int) -> Procedure:
    """The procedure, locked until the unit of work ends. Every writer takes it exclusively,
    position writers too: each bumps the procedure's version, which the board's poll reads."""
    query = select(Procedure).where(Procedure.id == procedure_id).with_for_update()
    procedure = session.scalars(query).first()
    if procedure is None:
        raise NotFound(f"no procedure {procedure_id}")
    return procedure


def load_procedure(
    session: Session, procedure_id: int, actor: Actor | None, day: date
) -> tuple[Procedure, Draft]:
    """The procedure an operation is about to end, locked, with its draft locked and visible."""
    procedure = lock_procedure(session, procedure_id)
    draft = lock_draft(session, procedure.draft_id)
    check_visible(session, actor, draft, day)
    return procedure, draft


def check_visible(session: Session, actor: Actor | None, draft: Draft, day: date) -> None:
    """A draft the actor may not see is answered as missing: its existence is not disclosed."""
    if not access_rules.may_see_stored(viewer(session, actor, day), draft.classification, draft.named):
        raise NotFound(f"no draft {draft.id}")


def check_version(draft: Draft, expected: int | None) -> None:
    """Refuses a change made from an older version of the draft than the stored one."""
    if expected is not None and expected != draft.version:
        raise Conflict(
            f"draft {draft.id} has changed: it is at version {draft.version}, but this change was made "
            f"from version {expected}; reload it and try again (rule: changes apply to the version seen)"
        )


def open_procedure(session: Session, draft_id: int) -> Procedure | None:
    return session.scalars(
        select(Procedure).where(Procedure.draft_id == draft_id, Procedure.status == ProcedureStatus.OPEN)
    ).first()


def opening(
    session: Session,
    draft: Draft,
    kind: rules.ProcedureKind,
    recommend_to: str | None,
    *,
    actor: Actor,
    now: datetime,
) -> dict[str, Any]:
    """The columns every procedure opens with: open, on the draft's current revision in its
    holding organ, for adoption or for a recommendation to `recommend_to`."""
    return {
        "draft_id": draft.id,
        "kind": kind,
        "purpose": rules.Purpose.of(recommend_to),
        "recommend_to": recommend_to,
        "revision_id": revision_row(session, draft).id,
        "organ_id": draft.organ_id,
        "status": ProcedureStatus.OPEN,
        "opened_at": now,
        "opened_by": actor.email,
    }


def state_values(draft: Draft, state: rules.DraftState, now: datetime) -> dict[str, Any]:
    """The columns the lifecycle's new state writes, with the draft's next version: set on one
    draft by `apply_state`, or written for many at once by the silence finalisation."""
    return {
        "stage": state.stage,
        "organ_id": state.organ,
        "forwarded_by": state.forwarded_by,
        "recommended": state.recommended,
        "version": draft.version + 1,
        "updated_at": now,
    }


def apply_state(draft: Draft, state: rules.DraftState, now: datetime) -> None:
    """Writes the lifecycle's new state onto the draft, with a new version."""
    for column, value in state_values(draft, state, now).items():
        setattr(draft, column, value)


def touch(draft: Draft, now: datetime) -> None:
    draft.version += 1
    draft.updated_at = now


def original_text(session: Session, revision: DraftRevision) -> RevisionText:
    found = session.scalars(
        select(RevisionText).where(RevisionText.revision_id == revision.id, RevisionText.original.is_(True))
    ).first()
    if found is None:  # pragma: no cover - every revision is written with its original text
        raise NotFound(f"revision {revision.number} has no original text")
    return found


def original_revision(session: Session, draft: Draft, number: int | None = None) -> Revision:
    """The numbered paragraphs of a revision's original text, for the amendment rules."""
    row = revision_row(session, draft, number)
    return Revision.of(row.number, original_text(session, row).body)


def next_number(session: Session, column: Any, *where: Any) -> int:
    return int(session.scalar(select(func.coalesce(func.max(column), 0)).where(*where)) or 0) + 1


class EventDetails(TypedDict, total=False):
    organ: str | None  # the organ holding the draft at the time (default: now)
    to_organ: str | None
    revision: int | None
    procedure_id: int | None


def add_event(
    session: Session,
    draft: Draft,
    *,
    actor: Actor,
    now: datetime,
    event: Event,
    **details: Unpack[EventDetails],
) -> None:
    session.add(DraftEvent(**event_row(draft, actor=actor, now=now, event=event, **details)))


def add_change(
    session: Session,
    draft: Draft,
    event: Event,
    *,
    actor: Actor,
    now: datetime,
    **details: Unpack[EventDetails],
) -> None:
    """A change to the draft that leaves it where it is in its lifecycle (a revision, an
    amendment settled): a new version of the draft, and the line of its history telling of it."""
    touch(draft, now)
    add_event(session, draft, actor=actor, now=now, event=event, **details)


def event_row(
    draft: Draft, *, actor: Actor, now: datetime, event: Event, **details: Unpack[EventDetails]
) -> dict[str, Any]:
    """One line of the draft's history, as the columns `add_event` and bulk inserts write: the
    event structured (its kind and parameters), told in each reader's language by narration."""
    return {
        "draft_id": draft.id,
        "at": now,
        "action": event.kind,
        "organ_id": details.get("organ") or draft.organ_id,
        "to_organ_id": details.get("to_organ"),
        "revision": details.get("revision"),
        "procedure_id": details.get("procedure_id"),
        "actor": actor.email,
        "params": dict(event.params),
    }


class Notice(NamedTuple):
    """What a step tells the delegations: notices of `kind` with `payload`, one to each of
    `recipients` (None: one notice to everyone)."""

    kind: NoticeKind
    payload: dict[str, Any]
    recipients: Sequence[str | None] = (None,)


class Entry(NamedTuple):
    """The audit entry of a step (`record`): its action, the objects it names, its summary."""

    action: str
    objects: Sequence[str]
    summary: str


def announce(
    session: Session,
    draft: Draft,
    told: Event,
    notice: Notice,
    entry: Entry,
    *,
    actor: Actor,
    now: datetime,
    **details: Unpack[EventDetails],
) -> None:
    """A step everyone concerned is told of (a procedure opened, broken or ended, a draft
    circulated): the line of the draft's history telling of `told` (`add_event`), the notices of
    it (`notify`) and the step's audit entry (`record`)."""
    add_event(session, draft, actor=actor, now=now, event=told, **details)
    notify(
        session,
        draft,
        recipients=notice.recipients,
        kind=notice.kind,
        event=told,
        payload=notice.payload,
        now=now,
    )
    record(session, actor=actor, action=entry.action, objects=entry.objects, summary=entry.summary)


def notify(
    session: Session,
    draft: Draft,
    *,
    recipients: Iterable[str | None],
    kind: NoticeKind,
    event: Event,
    payload: dict[str, Any],
    now: datetime,
) -> None:
    """In-app notices, one per recipient delegation (None: one notice to everyone); the event
    they tell of goes in the payload, rendered in each reader's language."""
    session.add_all(
        Notification(**notice_row(draft, recipient, kind=kind, event=event, payload=payload, now=now))
        for recipient in recipients
    )


def notice_row(
    draft: Draft,
    recipient: str | None,
    *,
    kind: NoticeKind,
    event: Event,
    payload: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """One notice's columns: the event it tells of goes in the payload; it carries its draft's
    classification, so nobody learns of a text they may not see."""
    return {
        "recipient": recipient,
        "kind": kind,
        "payload": {**payload, "event": event.to_dict()},
        "draft_id": draft.id,
        "classification": draft.classification,
        "named": draft.named,
        "created_at": now,
    }


def record(session: Session, *, actor: Actor, action: str, objects: Sequence[str], summary: str) -> None:
    """The audit entry of a change, in the change's own transaction.

    It is stamped with the clock at the moment it is written, not with the act's own time
    (`now`, which an import or a test may set in the past): the trail says when the system did
    something, the records say when the body did it. The demo dates its acts by moving the
    clock itself, so both agree there.
    """
    audit.record(session, actor=actor, action=action, objects=objects, summary=summary)


def record_on(session: Session, draft: Draft, summary: str, *also: str, action: str, actor: Actor) -> None:
    """The audit entry (`record`) of an act on `draft`: it names the draft first among its
    objects, then what the act made or ended on it (`also`: a revision, an amendment, a procedure)."""
    record(session, actor=actor, action=action, objects=[f"draft:{draft.id}", *also], summary=summary)


def capacities(session: Session, actor: Actor, day: date) -> list[participants.Sponsor]:
    """Every capacity the actor acts in: the Secretariat, its delegation, and the Chair while
    its delegation chairs on `day`."""
    if actor.is_secretariat:
        return [participants.Sponsor(participants.SponsorKind.SECRETARIAT)]
    if actor.delegation is None:
        return []
    held = [participants.Sponsor(participants.SponsorKind.DELEGATION, actor.delegation)]
    if standing(session, actor.delegation, day).chairing:
        held.append(participants.Sponsor(participants.SponsorKind.CHAIR))
    return held


def check_may_withdraw(
    session: Session,
    actor: Actor | None,
    sponsor: participants.Sponsor,
    day: date,
    objects: Sequence[str] = (),
) -> None:
    """Whether the actor may withdraw a draft of this sponsor on `day`: the one answer the draft
    page's "Withdraw" button and the withdrawal itself both ask (the permission table, then
    "only the sponsor, in a capacity the actor holds")."""
    authorization = authorize(
        session, actor, "draft.withdraw", delegation=sponsor.code, day=day, objects=objects
    )
    assert actor is not None  # authorize refuses anonymous callers a non-public action
    with authorization.refusals():
        participants.check_withdrawal(sponsor, capacities(session, actor, day))


def frozen_texts(session: Session, revision_id: int) -> list[FrozenText]:
    """A revision's texts in every language, as a decision keeps them."""
    return revision_texts(session, [revision_id])[revision_id]
