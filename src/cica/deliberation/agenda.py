"""What deliberation tells the meetings layer below it (`meetings.drafts`): the drafts an agenda
item may take up and has taken up, and the procedures opened under agenda items, each only as
far as the reader may see them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.core.i18n import translations
from cica.deliberation import words
from cica.deliberation.models import Draft, Procedure, SessionRecord
from cica.deliberation.queries.common import Reader, reader
from cica.deliberation.queries.drafts import titles_in
from cica.deliberation.rules import ProcedureStatus, Stage
from cica.meetings.drafts import DraftRef, ProcedureRef

_CLOSED = [stage for stage in Stage if stage.closed]


def _refs(session: Session, who: Reader, found: Sequence[Draft]) -> list[DraftRef]:
    titles = titles_in(session, who.lang, [d.id for d in found])
    return [
        DraftRef(
            id=d.id,
            organ_id=d.organ_id,
            title=titles.get(d.id) or d.title,
            title_lang=who.lang if d.id in titles else d.original_lang,
            closed=d.stage.closed,
        )
        for d in found
    ]


class AgendaDrafts:
    """The `meetings.drafts.Drafts` that deliberation's `wire` installs."""

    def visible(
        self, session: Session, actor: Actor | None, draft_ids: Sequence[int], lang: str
    ) -> dict[int, DraftRef]:
        who = reader(session, actor, lang)
        found = session.scalars(
            select(Draft).where(Draft.id.in_(draft_ids), who.where_visible(Draft.classification, Draft.named))
        ).all()
        return {ref.id: ref for ref in _refs(session, who, found)}

    def candidates(self, session: Session, actor: Actor | None, organ_id: str, lang: str) -> list[DraftRef]:
        who = reader(session, actor, lang)
        found = session.scalars(
            select(Draft)
            .where(
                Draft.organ_id == organ_id,
                Draft.stage.not_in(_CLOSED),
                who.where_visible(Draft.classification, Draft.named),
            )
            .order_by(Draft.id)
        ).all()
        return _refs(session, who, found)

    def procedures(
        self, session: Session, actor: Actor | None, item_ids: Sequence[int], lang: str
    ) -> dict[int, list[ProcedureRef]]:
        who = reader(session, actor, lang)
        # A procedure is named as its page names its status (`deliberation.words`).
        _ = translations(lang).gettext
        labels = {status: _(word) for status, word in words.PROCEDURE_STATUSES.items()}
        rows = session.execute(
            select(Procedure.id, Procedure.draft_id, Procedure.status, SessionRecord.agenda_item_id)
            .join(SessionRecord, SessionRecord.id == Procedure.session_id)
            .join(Draft, Draft.id == Procedure.draft_id)
            .where(
                SessionRecord.agenda_item_id.in_(item_ids),
                who.where_visible(Draft.classification, Draft.named),
            )
            .order_by(Procedure.id)
        ).all()
        found: dict[int, list[ProcedureRef]] = {}
        for row in rows:
            found.setdefault(row.agenda_item_id, []).append(
                ProcedureRef(
                    id=row.id,
                    draft_id=row.draft_id,
                    label=labels[row.status],
                    open=row.status is ProcedureStatus.OPEN,
                )
            )
        return found
