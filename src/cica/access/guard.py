"""`authorize`: the one check every operation makes first, against the permission table.

It gathers what the registry says on the day (the actor's delegation's category rights, who
chairs) only when the table needs it, asks the pure `rules.decide`, and raises on a refusal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access import rules
from cica.access.actors import Actor, Role
from cica.core.db import ACTING
from cica.core.errors import NotAuthenticated, PermissionDenied
from cica.registry import queries as registry_queries
from cica.registry.models import Category, ParticipantStatus
from cica.registry.rules import in_force


def category_on(session: Session, code: str, day: date) -> Category | None:
    """The category `code` belongs to on `day`, or None if it is not a participant then."""
    statuses = session.scalars(
        select(ParticipantStatus).where(ParticipantStatus.participant_code == code)
    ).all()
    current = in_force(statuses, day)
    return session.get(Category, current[0].category_id) if current else None


def standing(session: Session, code: str | None, day: date, *, chair: bool = True) -> rules.Standing:
    """What the registry says of delegation `code` on `day`: its category's rights, and whether
    it chairs (looked up only with `chair=True`)."""
    if code is None:
        return rules.Standing()
    category = category_on(session, code, day)
    rights: set[rules.Right] = set()
    if category is not None:
        rights.update(right for right in rules.RIGHTS if right != "member" and getattr(category, right))
        if category.kind == "member":
            rights.add("member")
    chairing = chair and registry_queries.chair_on(session, day).code == code
    return rules.Standing(frozenset(rights), chairing)


def authorize(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    delegation: str | None = None,
    owner: int | None = None,
    role: Role | None = None,
    objects: Sequence[str] = (),
    day: date | None = None,
) -> None:
    """Raises unless `actor` may take `action` for `delegation` / on `owner`'s account / granting
    `role`, on `day` (today by default). `objects` name the target in the denial's audit entry."""
    target = rules.Target(delegation=delegation, owner=owner, role=role)
    facts = rules.Standing()
    if actor is not None and rules.needs_standing(actor, action):
        grant = rules.permission(action).grant_for(actor.role)
        chair = grant is not None and grant.scope == "chair"
        facts = standing(session, actor.delegation, day or registry_queries.seat_today(session), chair=chair)
    decision = rules.decide(actor, action, target, facts)
    named = list(objects) or ([f"participant:{delegation}"] if delegation else [])
    if decision.allowed:
        # Remembered for the unit of work: a later refusal by a rule is attributed to this act.
        session.info[ACTING] = (actor, action, tuple(named))
        return
    if actor is None:
        raise NotAuthenticated(f"sign in first: {action} is for signed-in users")
    raise PermissionDenied(f"not allowed: {decision.reason}", actor=actor, action=action, objects=named)


def allowed(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    delegation: str | None = None,
    owner: int | None = None,
    role: Role | None = None,
    day: date | None = None,
) -> bool:
    """Whether `authorize` would let this through: for pages to offer only what may be done."""
    try:
        authorize(session, actor, action, delegation=delegation, owner=owner, role=role, day=day)
    except (PermissionDenied, NotAuthenticated):
        return False
    return True
