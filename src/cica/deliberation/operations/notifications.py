"""Marking in-app notices as read (the notices themselves are written by the operations they announce)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import authorize
from cica.core import clock
from cica.core.errors import Conflict, NotFound
from cica.deliberation.models import Notification


def mark_read(
    session: Session, notification_id: int, *, actor: Actor, now: datetime | None = None
) -> Notification:
    """Marks a notice addressed to the actor's delegation as read. Notices to everyone stay
    unread for good: one delegation's reading them says nothing of the others'. Bookkeeping of
    one's own inbox, not an act of the body, so it is not audited."""
    now = now or clock.now(session)
    notice = session.get(Notification, notification_id)
    authorize(
        session,
        actor,
        "notification.mark",
        delegation=notice.recipient if notice else None,
        objects=[f"notification:{notification_id}"],
    )
    if notice is None or notice.recipient is None or notice.recipient != actor.delegation:
        raise NotFound(f"no notice {notification_id} addressed to your delegation")
    if notice.read_at is not None:
        raise Conflict(f"notice {notification_id} is already marked as read")
    notice.read_at = now
    return notice


def mark_all_read(session: Session, *, actor: Actor, now: datetime | None = None) -> int:
    """Marks every unread notice addressed to the actor's delegation as read, in one statement;
    returns how many. (Notices to everyone stay unread, as with `mark_read`.)"""
    authorize(session, actor, "notification.mark", delegation=actor.delegation, objects=["notification:*"])
    if actor.delegation is None:
        return 0
    marked = session.execute(
        update(Notification)
        .where(Notification.recipient == actor.delegation, Notification.read_at.is_(None))
        .values(read_at=now or clock.now(session))
        .returning(Notification.id)
    )
    return len(marked.all())
