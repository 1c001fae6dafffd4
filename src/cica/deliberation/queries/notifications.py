"""The notices a delegation sees: those addressed to it and those to everyone, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.core import paging, search
from cica.core.paging import PageLinks, PageRequest
from cica.deliberation.models import Draft, Notification
from cica.deliberation.narration import NoticeKind
from cica.deliberation.queries.common import Reader, Told, narrator, told_event
from cica.deliberation.queries.drafts import titles_in


class NotificationItem(BaseModel):
    id: int
    kind: NoticeKind
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
    unread: int  # of the notices addressed to the reader's delegation, on all pages
    count: int  # every notice that matches, on all pages
    items: list[NotificationItem]  # this page
    page: PageLinks


NOTICE_ORDER = paging.Keyset("notifications", (Notification.created_at, Notification.id), (datetime, int))


def inbox(who: Reader, actor: Actor) -> Select[Notification]:
    """The actor's delegation's notices and everyone's (the Secretariat sees all), never one about
    a text the reader may not see."""
    query = select(Notification).where(who.where_visible(Notification.classification, Notification.named))
    if not actor.is_secretariat:
        # Written so that no index on `recipient` serves it: the page is then read in the list's
        # order from `ix_notification_created_at_id` and stops at the limit, instead of gathering
        # every notice to everyone through two indexes and sorting them all.
        query = query.where(func.coalesce(Notification.recipient, "").in_(("", actor.delegation or "")))
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
    # The same condition as the partial index `ix_notification_unread`, so only unread rows are read.
    unread = paging.count(
        session, inbox(who, actor).where(Notification.read_at.is_(None), Notification.recipient.is_not(None))
    )
    return NotificationList(
        unread=unread,
        count=paging.count(session, query),
        items=_items(session, who, rows),
        page=links,
    )


def notice(session: Session, who: Reader, row: Notification) -> NotificationItem:
    """One notice, as the list shows it."""
    return _items(session, who, [row])[0]


def _items(session: Session, who: Reader, rows: Sequence[Notification]) -> list[NotificationItem]:
    narrating = narrator(session, who)
    draft_ids = sorted({row.draft_id for row in rows if row.draft_id})
    titles = titles_in(session, who.lang, draft_ids)
    originals: dict[int, tuple[str, str]] = {}
    if draft_ids:
        found = session.execute(
            select(Draft.id, Draft.title, Draft.original_lang).where(Draft.id.in_(draft_ids))
        )
        originals = {draft_id: (title, lang) for draft_id, title, lang in found}
    items = []
    for row in rows:
        event = row.payload.get("event")
        told = told_event(narrating, event["kind"], event, None) if event else None
        title = titles.get(row.draft_id or 0)
        original_title, original_lang = originals.get(row.draft_id or 0, (None, None))
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
