"""In-session consensus under an agenda item: only of a meeting of the holding organ, on its day;
those registered for the meeting are present; the decisions taken at a meeting are listed."""

from __future__ import annotations

from datetime import date

import pytest

from cica.core import clock
from cica.core.context import Context
from cica.core.errors import Conflict
from cica.deliberation import operations, queries
from cica.meetings import operations as meetings
from cica.registry.queries import seat_today
from tests.factories import CHAIR, SECRETARIAT, delegate, make_draft, make_meeting


def _item(cica: Context, organ: str, day: date | None = None) -> tuple[int, int]:
    with cica.unit_of_work() as session:
        meeting = make_meeting(session, organ=organ, day=(day or seat_today(session)).isoformat())
        item = meetings.add_item(session, meeting.id, "Declaration", actor=SECRETARIAT)
        for code in ("IND", "CHN", "KAZ"):
            meetings.register(session, meeting.id, code, actor=SECRETARIAT)
        return meeting.id, item.id


def test_consensus_under_an_item_has_the_registered_present_and_is_listed_at_the_meeting(
    cica: Context,
) -> None:
    meeting_id, item_id = _item(cica, "ministerial_council")
    with cica.unit_of_work() as session:
        draft = make_draft(session, organ="ministerial_council")
        procedure = operations.open_consensus(session, draft.id, agenda_item_id=item_id, actor=CHAIR)
        operations.record_position(session, procedure.id, stance="join", actor=delegate("IND"))
        closed = operations.close_consensus(session, procedure.id, actor=CHAIR)
        assert closed.decision is not None
        decision_id = closed.decision.id
    with cica.unit_of_work(write=False) as session:
        found = queries.decision_detail(session, queries.reader(session, None), decision_id)
        taken = queries.decisions_taken_at(session, meeting_id)
    assert sorted(p.code for p in found.participants) == ["CHN", "IND", "KAZ"]
    assert [(t.id, t.agenda_item_id) for t in taken] == [(decision_id, item_id)]
    assert found.meeting_id == meeting_id and found.agenda_item == "Declaration" and found.meeting_title


def test_an_item_of_another_organ_s_meeting_is_refused_naming_the_rule(cica: Context) -> None:
    _meeting, item_id = _item(cica, "soc")
    refusal = "consensus under an item of the competent organ's meeting"
    with pytest.raises(Conflict, match=refusal), cica.unit_of_work() as session:
        draft = make_draft(session, organ="ministerial_council")
        operations.open_consensus(session, draft.id, agenda_item_id=item_id, actor=CHAIR)


def test_a_day_the_meeting_does_not_sit_is_refused(cica: Context) -> None:
    _meeting, item_id = _item(cica, "ministerial_council")
    with cica.unit_of_work() as session:
        yesterday = date.fromordinal(clock.now(session).date().toordinal() - 3)
        draft = make_draft(session, organ="ministerial_council")
        with pytest.raises(Conflict, match="consensus on the meeting's day"):
            operations.open_consensus(
                session, draft.id, agenda_item_id=item_id, held_on=yesterday, actor=CHAIR
            )
