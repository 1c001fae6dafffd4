"""What the registry says of a delegation on a day, as the permission layer needs it: its
category's rights and whether it chairs, answered from the registry snapshot (no SQL once the
snapshot is loaded). The assembly hands `standing` to `access.guard` (registry sits above access,
so access cannot ask the registry itself)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from cica.access import rules
from cica.registry import snapshot
from cica.registry.queries import seat_today
from cica.registry.snapshot import CategoryValue


def category_on(session: Session, code: str, day: date) -> CategoryValue | None:
    """The category `code` belongs to on `day`, or None if it is not a participant then."""
    return snapshot.current(session).category_on(code, day)


def standing(session: Session, code: str | None, day: date | None, *, chair: bool = True) -> rules.Standing:
    """What the registry says of delegation `code` on `day` (None: today at the seat): its category's rights, and whether
    it chairs (looked up only with `chair=True`)."""
    if code is None:
        return rules.Standing()
    day = day or seat_today(session)
    registry = snapshot.current(session)
    return registry.memo(("standing", code, day, chair), lambda: _standing(registry, code, day, chair))


def _standing(registry: snapshot.RegistrySnapshot, code: str, day: date, chair: bool) -> rules.Standing:
    category = registry.category_on(code, day)
    rights: set[rules.Right] = set()
    if category is not None:
        rights.update(right for right in rules.RIGHTS if right != "member" and getattr(category, right))
        if category.kind == "member":
            rights.add("member")
    chairing = chair and registry.chair_code_on(day) == code
    return rules.Standing(frozenset(rights), chairing)
