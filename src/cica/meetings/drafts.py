"""Drafts under consideration at meetings, as the meetings layer sees them. Drafts are kept by
a layer above (deliberation), which fills this hook in its `wire`; meetings imports nothing above
it. Unfilled (meetings alone), no draft is known and no procedure is listed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.core.i18n import Language
from cica.meetings import queries
from cica.meetings.models import AgendaItemDraft
from cica.meetings.queries import Agenda, AgendaEntry


@dataclass(frozen=True)
class DraftRef:
    """A draft as an agenda item shows it: its title in the reader's language where it has one."""

    id: int
    organ_id: str
    title: str
    title_lang: str
    closed: bool


@dataclass(frozen=True)
class ProcedureRef:
    """A procedure opened under an agenda item, told in the reader's language."""

    id: int
    draft_id: int
    label: str
    open: bool


class Drafts(Protocol):
    def visible(
        self, session: Session, actor: Actor | None, draft_ids: Sequence[int], lang: str
    ) -> dict[int, DraftRef]:
        """The drafts among `draft_ids` that `actor` may see."""
        ...

    def candidates(self, session: Session, actor: Actor | None, organ_id: str, lang: str) -> list[DraftRef]:
        """The drafts before `organ_id`, under consideration, that `actor` may see."""
        ...

    def procedures(
        self, session: Session, actor: Actor | None, item_ids: Sequence[int], lang: str
    ) -> dict[int, list[ProcedureRef]]:
        """The procedures opened under each of the agenda items, that `actor` may see."""
        ...


class _NoDrafts:
    def visible(
        self, session: Session, actor: Actor | None, draft_ids: Sequence[int], lang: str
    ) -> dict[int, DraftRef]:
        return {}

    def candidates(self, session: Session, actor: Actor | None, organ_id: str, lang: str) -> list[DraftRef]:
        return []

    def procedures(
        self, session: Session, actor: Actor | None, item_ids: Sequence[int], lang: str
    ) -> dict[int, list[ProcedureRef]]:
        return {}


_kept: list[Drafts] = [_NoDrafts()]


def use_drafts(drafts: Drafts) -> None:
    """The layer that keeps drafts says how to read them (its `wire` calls this once)."""
    _kept[0] = drafts


def drafts() -> Drafts:
    return _kept[0]


class LinkedDraft(BaseModel):
    id: int
    title: str
    title_lang: str


class LinkedProcedure(BaseModel):
    id: int
    draft_id: int
    label: str
    open: bool


class ItemDrafts(BaseModel):
    """What an agenda item takes up: the drafts linked to it and the procedures opened under it."""

    item_id: int
    drafts: list[LinkedDraft]
    procedures: list[LinkedProcedure]


def under_items(
    session: Session, item_ids: Sequence[int], actor: Actor | None, lang: str
) -> dict[int, ItemDrafts]:
    """Each item's linked drafts (those the reader may see) and procedures (two reads and the hook's)."""
    links = session.execute(
        select(AgendaItemDraft.agenda_item_id, AgendaItemDraft.draft_id)
        .where(AgendaItemDraft.agenda_item_id.in_(item_ids))
        .order_by(AgendaItemDraft.linked_at, AgendaItemDraft.draft_id)
    ).all()
    kept = drafts()
    known = kept.visible(session, actor, sorted({row.draft_id for row in links}), lang) if links else {}
    opened = kept.procedures(session, actor, item_ids, lang) if item_ids else {}
    return {
        item_id: ItemDrafts(
            item_id=item_id,
            drafts=[
                LinkedDraft(id=d.id, title=d.title, title_lang=d.title_lang)
                for row in links
                if row.agenda_item_id == item_id and (d := known.get(row.draft_id)) is not None
            ],
            procedures=[
                LinkedProcedure(id=p.id, draft_id=p.draft_id, label=p.label, open=p.open)
                for p in opened.get(item_id, [])
            ],
        )
        for item_id in item_ids
    }


class TakenItem(AgendaEntry):
    drafts: list[LinkedDraft]


class TakenAgenda(Agenda):
    """A meeting's agenda with the drafts each item takes up (`cica meetings agenda`)."""

    items: list[TakenItem]  # type: ignore[assignment]  # the items, each with its drafts


def agenda_with_drafts(session: Session, meeting_id: int, actor: Actor | None, lang: Language) -> TakenAgenda:
    agenda = queries.agenda(session, meeting_id, lang=lang)
    taken = under_items(session, [item.id for item in agenda.items], actor, lang)
    return TakenAgenda(
        **agenda.model_dump(exclude={"items"}),
        items=[TakenItem(**item.model_dump(), drafts=taken[item.id].drafts) for item in agenda.items],
    )
