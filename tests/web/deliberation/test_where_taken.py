"""The decision register says where each decision was taken: the meeting and agenda item of a
consensus in session, or the silence procedure and its deadline — on the list page, the decision
page, the API (list and one) and the CSV export, in the reader's language."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from cica.access.actors import Actor
from cica.app import create_app
from cica.core.context import Context
from cica.deliberation import operations
from cica.meetings import operations as meetings
from cica.registry.queries import seat_today
from tests.factories import (
    CHAIR,
    SECRETARIAT,
    delegate,
    make_draft,
    make_meeting,
    make_silence,
    make_token,
    make_user,
)

API = "/api/v1"


def _decisions(cica: Context) -> tuple[int, int, int]:
    """A decision taken by consensus under an agenda item, and one by silence; the meeting's id."""
    with cica.unit_of_work() as session:
        meeting = make_meeting(session, organ="ministerial_council", day=seat_today(session).isoformat())
        item = meetings.add_item(session, meeting.id, "Declaration on dialogue", actor=SECRETARIAT)
        for code in ("IND", "KAZ"):
            meetings.register(session, meeting.id, code, actor=SECRETARIAT)
        draft = make_draft(session, organ="ministerial_council")
        procedure = operations.open_consensus(session, draft.id, agenda_item_id=item.id, actor=CHAIR)
        operations.record_position(session, procedure.id, stance="join", actor=delegate("IND"))
        in_session = operations.close_consensus(session, procedure.id, actor=CHAIR).decision
        assert in_session is not None
        started = datetime.now(UTC) - timedelta(days=20)
        make_silence(session, started=started)
        assert operations.finalise_due(session)
        return in_session.id, meeting.id, item.id


def test_the_register_names_the_meeting_and_item_or_the_silence_deadline(cica: Context) -> None:
    in_session, meeting_id, _item = _decisions(cica)
    with TestClient(create_app(context=cica)) as client:
        listed = client.get(f"{API}/decisions?lang=fr").json()["items"]
        by_id = {item["id"]: item for item in listed}
        taken = by_id.pop(in_session)
        assert taken["meeting_id"] == meeting_id and taken["agenda_item"] == "Declaration on dialogue"
        assert taken["meeting_title"] and "Conseil" in taken["meeting_title"]  # the organ, in French
        assert "point de l’ordre du jour" in taken["taken_at"]
        (silent,) = by_id.values()
        assert silent["meeting_id"] is None and silent["silence_deadline"]
        assert silent["taken_at"].startswith("procédure d’approbation tacite, échéance")
        one = client.get(f"{API}/decisions/{in_session}?lang=fr").json()
        assert one["meeting_id"] == meeting_id and one["taken_at"] == taken["taken_at"]
        page = client.get("/decisions?lang=fr").text
        assert f'href="/meetings/{meeting_id}"' in page and "Declaration on dialogue" in page
        assert silent["taken_at"] in page.replace("&#39;", "'")
        detail = client.get(f"/decisions/{silent['id']}?lang=fr").text
        assert silent["taken_at"] in detail
        exported = client.get(f"{API}/decisions/export?format=csv&lang=fr").text
    rows = {row["symbol"]: row for row in csv.DictReader(io.StringIO(exported))}
    assert rows[taken["symbol"]]["taken_at"] == taken["taken_at"]
    assert rows[silent["symbol"]]["taken_at"] == silent["taken_at"]


def test_a_restricted_meeting_is_named_only_to_those_who_may_see_it(cica: Context) -> None:
    in_session, meeting_id, _item = _decisions(cica)
    with cica.unit_of_work() as session:
        meetings.classify(session, meeting_id, "restricted", actor=Actor.system())
    with TestClient(create_app(context=cica)) as client:
        # The decision is public; the meeting it was taken at is for the members' delegations only.
        hidden = client.get(f"{API}/decisions/{in_session}?lang=fr").json()
        assert hidden["meeting_id"] is None and hidden["meeting_title"] is None
        assert hidden["agenda_item"] is None and hidden["taken_at"] is None
        listed = {item["id"]: item for item in client.get(f"{API}/decisions").json()["items"]}
        assert listed[in_session]["meeting_title"] is None
        for page in (client.get("/decisions").text, client.get(f"/decisions/{in_session}").text):
            assert f'href="/meetings/{meeting_id}"' not in page and "Declaration on dialogue" not in page
        with cica.unit_of_work() as session:
            token = make_token(session, make_user(session, role="delegate", delegation="IND"))
        shown = client.get(
            f"{API}/decisions/{in_session}", headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert shown["meeting_id"] == meeting_id and shown["agenda_item"] == "Declaration on dialogue"
