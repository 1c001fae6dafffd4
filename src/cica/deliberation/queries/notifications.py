"""The notices a delegation sees: those addressed to it and those to everyone, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.core import paging, search
from cica.core.paging import PageLinks, PageRequest
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


class NotificationList(BaseModel):
    unread: int  # of the notices addressed to the reader's delegation, on all pages
    count: int  # every notice that matches, on all pages
    items: list[NotificationItem]  # this page
    page: PageLinks


NOTICE_ORDER = paging.Keyset("notifications", (Notification.created_at, Notification.id), (datetime, int))


def item(row: Notification) -> NotificationItem:
    return NotificationItem(
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


def inbox(who: Reader, actor: Actor) -> Select[Notification]:
    """The actor's delegation's notices and everyone's (the Secretariat sees all), never one about
    a text the reader may not see."""
    query = select(Notification).where(who.where_visible(Notification.classification, Notification.named))
    if not actor.is_secretariat:
        query = query.where(or_(Notification.recipient.is_(None), Notification.recipient == actor.delegation))
    return query


def notifications(
    session: Session, who: Reader, actor: Actor, *, q: str | None = None, page: PageRequest | None = None
) -> NotificationList:
    """The inbox, newest first, a page at a time; `q`: words of the title of the draft a notice
    is about, in any of the draft's languages."""
    query = inbox(who, actor)
    found = search.words(q)
    if found:
        query = query.where(search.matching(search.Subject.DRAFT, Notification.draft_id, found))
    rows, links = paging.fetch(session, query, NOTICE_ORDER, page or PageRequest())
    unread = session.scalar(
        select(func.count()).select_from(
            inbox(who, actor)
            .where(Notification.recipient.is_not(None), Notification.read_at.is_(None))
            .subquery()
        )
    )
    return NotificationList(
        unread=int(unread or 0),
        count=paging.count(session, query),
        items=[item(row) for row in rows],
        page=links,
    )
