"""What the registry says of a delegation on a day, as the permission layer needs it: its
category's rights and whether it chairs. The assembly hands `standing` to `access.guard`
(registry sits above access, so access cannot ask the registry itself)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access import rules
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
