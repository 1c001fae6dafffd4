"""The meeting page's participants, agenda and live speakers' lists; the CSV export; a refused
form comes back with its message beside the field, in the reader's language."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from cica.access.actors import Actor
from cica.app import create_app
from cica.core.context import Context
from cica.meetings import operations
from cica.registry import snapshot
from tests.factories import SECRETARIAT, make_meeting, make_user
from tests.web.access.conftest import sign_in


def _meeting(cica: Context) -> tuple[int, int, str]:
    with cica.unit_of_work() as session:
        meeting = make_meeting(session, day="2030-03-03")
        chair = operations.presiding(snapshot.current(session), meeting)
        assert chair is not None
        item = operations.add_item(session, meeting.id, "General debate", actor=SECRETARIAT)
        operations.register(session, meeting.id, chair, head="Chair Head", actor=SECRETARIAT)
        operations.register(session, meeting.id, "USA", actor=SECRETARIAT)
        make_user(session, email="d@ind.example", role="delegate", delegation="IND")
        make_user(session, email="h@chair.example", role="head_of_delegation", delegation=chair)
        return meeting.id, item.id, chair


def test_a_delegate_registers_asks_for_the_floor_and_the_live_list_answers_204_until_it_changes(
    cica: Context,
) -> None:
    meeting_id, item_id, chair = _meeting(cica)
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        token = sign_in(client, "d@ind.example")
        page = client.get(f"/meetings/{meeting_id}")
        assert "General debate" in page.text and "Chair Head" in page.text
        assert f'hx-get="/meetings/{meeting_id}/live?since=' in page.text  # the poll's own address
        done = client.post(
            f"/meetings/{meeting_id}/participants",
            data={"csrf_token": token, "head": "I. Head", "members": "A\nB"},
            follow_redirects=False,
        )
        assert done.status_code == 303
        version = int(page.text.split('data-version="', 1)[1].split('"', 1)[0])
        assert client.get(f"/meetings/{meeting_id}/live?since={version}").status_code == 204
        asked = client.post(f"/agenda-items/{item_id}/speakers", data={"csrf_token": token, "kind": "floor"})
        assert asked.status_code == 200
        live = client.get(f"/meetings/{meeting_id}/live?since={version}")
        assert live.status_code == 200 and 'data-code="IND"' in live.text
        refused = client.post(f"/agenda-items/{item_id}/preside", data={"csrf_token": token, "act": "floor"})
        assert refused.status_code == 403
        exported = client.get(f"/meetings/{meeting_id}/participants.csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["code"], r["group"]) for r in rows] == [
        (chair, "members"),
        ("IND", "members"),
        ("USA", "observers"),
    ]
    assert rows[1]["members"] == "A; B" and rows[1]["head"] == "I. Head"


def test_an_adopted_agenda_refuses_a_new_item_beside_the_field_in_the_reader_s_language(
    cica: Context,
) -> None:
    meeting_id, _item, _chair = _meeting(cica)
    with cica.unit_of_work() as session:
        from cica.meetings.rules import AgendaState

        operations.advance_agenda(session, meeting_id, AgendaState.CIRCULATED, actor=Actor.system())
        operations.advance_agenda(session, meeting_id, AgendaState.ADOPTED, actor=Actor.system())
        make_user(session, email="s@cica.example", role="secretariat")
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        token = sign_in(client, "s@cica.example")
        refused = client.post(
            f"/meetings/{meeting_id}/agenda/items",
            data={
                "csrf_token": token,
                "title": "Late item",
                "form_page": f"/meetings/{meeting_id}",
                "form_id": "agenda-item",
            },
        )
    assert refused.status_code == 409
    assert 'value="Late item"' in refused.text  # the form again, with what was typed
    assert "This step does not fit the present state" in refused.text
    assert "before adoption only" in refused.text  # the rule, in small print for the Secretariat
