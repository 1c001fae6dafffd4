"""Agenda items linked to drafts under consideration: a draft of the meeting's organ only, once,
not closed; the meeting page's read lists them with the procedures opened under the item."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.core.errors import Conflict, NotFound
from cica.deliberation import operations as deliberation
from cica.meetings import operations
from cica.meetings.drafts import under_items
from cica.meetings.models import AgendaItemDraft
from cica.registry.queries import seat_today
from tests.factories import CHAIR, SECRETARIAT, make_draft, make_meeting


def _item(cica: Context, organ: str = "ministerial_council") -> int:
    with cica.unit_of_work() as session:
        meeting = make_meeting(session, organ=organ, day=seat_today(session).isoformat())
        operations.register(session, meeting.id, "IND", actor=SECRETARIAT)
        return operations.add_item(session, meeting.id, "Declaration", actor=SECRETARIAT).id


def test_a_draft_of_the_organ_is_linked_listed_and_unlinked(cica: Context) -> None:
    item_id = _item(cica)
    with cica.unit_of_work() as session:
        draft = make_draft(session, organ="ministerial_council")
        operations.link_draft(session, item_id, draft.id, actor=SECRETARIAT)
        draft_id = draft.id
    with cica.unit_of_work() as session:
        found = under_items(session, [item_id], None, "en")[item_id]
        assert [d.id for d in found.drafts] == [draft_id] and found.procedures == []
        procedure = deliberation.open_consensus(session, draft_id, agenda_item_id=item_id, actor=CHAIR)
        procedure_id = procedure.id
    with cica.unit_of_work() as session:
        found = under_items(session, [item_id], None, "fr")[item_id]
        assert [(p.id, p.open, p.label) for p in found.procedures] == [(procedure_id, True, "Ouverte")]
        operations.unlink_draft(session, item_id, draft_id, actor=SECRETARIAT)
    with cica.unit_of_work(write=False) as session:
        assert under_items(session, [item_id], None, "en")[item_id].drafts == []
        actions = session.scalars(
            select(AuditEntry.summary).where(AuditEntry.action == "meeting.agenda").order_by(AuditEntry.seq)
        ).all()
    assert any(f"linked draft {draft_id}" in s for s in actions)
    assert any(f"unlinked draft {draft_id}" in s for s in actions)


def test_a_draft_of_another_organ_is_refused_naming_the_rule_and_nothing_changes(cica: Context) -> None:
    item_id = _item(cica, "soc")
    with cica.unit_of_work() as session:
        draft_id = make_draft(session, organ="ministerial_council").id
    rule = "an agenda item takes up drafts of the meeting's organ"
    with pytest.raises(Conflict, match=rule) as refused, cica.unit_of_work() as session:
        operations.link_draft(session, item_id, draft_id, actor=SECRETARIAT)
    assert refused.value.code == "draft_of_another_organ"
    with cica.unit_of_work(write=False) as session:
        assert session.scalar(select(func.count()).select_from(AgendaItemDraft)) == 0


def test_a_draft_is_linked_once_and_an_unknown_one_is_not_found(cica: Context) -> None:
    item_id = _item(cica)
    with cica.unit_of_work() as session:
        draft_id = make_draft(session, organ="ministerial_council").id
        operations.link_draft(session, item_id, draft_id, actor=SECRETARIAT)
    with pytest.raises(Conflict, match="a draft is linked to an item once"), cica.unit_of_work() as session:
        operations.link_draft(session, item_id, draft_id, actor=SECRETARIAT)
    with pytest.raises(NotFound, match="no draft 999999"), cica.unit_of_work() as session:
        operations.link_draft(session, item_id, 999999, actor=SECRETARIAT)
