"""The notices a delegation sees: those addressed to it and those to everyone, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.deliberation.models import Notification
from cica.deliberation.queries.common import Reader


class NotificationItem(BaseModel):
    id: int
    kind: str
    subject: str
    payload: dict[str, Any]
    draft_id: int | None
    recipient: str | None
    to_everyone: bool
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, row: Notification) -> NotificationItem:
        return cls(
            id=row.id,
            kind=row.kind,
            subject=row.subject,
            payload=row.payload,
            draft_id=row.draft_id,
            recipient=row.recipient,
            to_everyone=row.recipient is None,
            created_at=row.created_at,
            read_at=row.read_at,
        )


class NotificationList(BaseModel):
    unread: int
    items: list[NotificationItem]


def notifications(session: Session, who: Reader, actor: Actor, *, limit: int = 100) -> NotificationList:
    """The actor's delegation's notices and everyone's (the Secretariat sees all), never one about
    a text the reader may not see."""
    query = select(Notification).where(who.where_visible(Notification.classification, Notification.named))
    if not actor.is_secretariat:
        query = query.where(or_(Notification.recipient.is_(None), Notification.recipient == actor.delegation))
    rows = session.scalars(
        query.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
    ).all()
    items = [NotificationItem.of(row) for row in rows]
    unread = sum(1 for item in items if not item.to_everyone and item.read_at is None)
    return NotificationList(unread=unread, items=items)
