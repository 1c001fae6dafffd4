"""The notices a delegation sees: those addressed to it and those to everyone, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.deliberation.models import Draft, Notification
from cica.deliberation.queries.common import Reader, Told, narrator, told_event
from cica.deliberation.queries.drafts import titles_in


class NotificationItem(BaseModel):
    id: int
    kind: str
    subject: str  # what happened, in `subject_lang`: the reader's language, or English for old notices
    subject_lang: str
    title: str | None  # the draft's title, in `title_lang`
    title_lang: str | None
    payload: dict[str, Any]
    draft_id: int | None
    recipient: str | None
    to_everyone: bool
    created_at: datetime
    read_at: datetime | None


class NotificationList(BaseModel):
    unread: int
    items: list[NotificationItem]


def notifications(session: Session, who: Reader, actor: Actor, *, limit: int = 100) -> NotificationList:
    """The actor's delegation's notices and everyone's (the Secretariat sees all), never one about
    a text the reader may not see."""
    query = select(Notification).where(who.where_visible(Notification.classification, Notification.named))
    if not actor.is_secretariat:
        query = query.where(or_(Notification.recipient.is_(None), Notification.recipient == actor.delegation))
    rows = session.execute(
        query.add_columns(Draft.title, Draft.original_lang)
        .outerjoin(Draft, Draft.id == Notification.draft_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    ).all()
    items = _items(session, who, [tuple(row) for row in rows])
    unread = sum(1 for item in items if not item.to_everyone and item.read_at is None)
    return NotificationList(unread=unread, items=items)


def notice(session: Session, who: Reader, row: Notification) -> NotificationItem:
    """One notice, as the list shows it."""
    draft = session.get(Draft, row.draft_id) if row.draft_id else None
    return _items(
        session, who, [(row, draft.title if draft else None, draft.original_lang if draft else None)]
    )[0]


def _items(
    session: Session, who: Reader, rows: Sequence[tuple[Notification, str | None, str | None]]
) -> list[NotificationItem]:
    narrating = narrator(session, who)
    titles = titles_in(session, who.lang, sorted({row.draft_id for row, _, _ in rows if row.draft_id}))
    items = []
    for row, original_title, original_lang in rows:
        event = row.payload.get("event")
        told = told_event(narrating, event["kind"], event, None) if event else None
        title = titles.get(row.draft_id or 0)
        items.append(_item(row, told, title or original_title, who.lang if title else original_lang))
    return items


def _item(
    row: Notification, told: Told | None, title: str | None, title_lang: str | None
) -> NotificationItem:
    return NotificationItem(
        id=row.id,
        kind=row.kind,
        subject=told.text if told else row.subject or "",
        subject_lang=told.lang if told else "en",
        title=title if told else None,
        title_lang=title_lang if told else None,
        payload=row.payload,
        draft_id=row.draft_id,
        recipient=row.recipient,
        to_everyone=row.recipient is None,
        created_at=row.created_at,
        read_at=row.read_at,
    )
