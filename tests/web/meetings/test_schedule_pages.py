"""The Secretariat schedules a meeting from the page and changes its status from the meeting's
page; a refused form comes back filled in with the message beside its field, in the reader's
language, nothing changed; a delegate sees neither form."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cica.app import create_app
from cica.core.context import Context
from cica.meetings.models import Meeting
from tests.factories import make_user
from tests.web.access.conftest import sign_in


def _count(cica: Context) -> int:
    with cica.unit_of_work(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(Meeting)) or 0)


def test_the_secretariat_schedules_confirms_and_cancels_a_meeting_from_the_pages(cica: Context) -> None:
    with cica.unit_of_work() as session:
        make_user(session, email="s@cica.example", role="secretariat")
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        token = sign_in(client, "s@cica.example")
        assert 'href="/meetings/new' in client.get("/meetings").text
        form = client.get("/meetings/new?lang=ru")
        assert form.status_code == 200 and 'name="starts_at"' in form.text
        fields = {"csrf_token": token, "organ": "soc", "kind": "regular", "starts_at": "2031-06-10",
                  "ends_at": "2031-06-09", "time_zone": "Asia/Almaty", "city": "Astana", "host": "KAZ",
                  "form_page": "/meetings/new?lang=ru", "form_id": "new-meeting"}  # fmt: skip
        refused = client.post("/meetings?lang=ru", data=fields)
        assert refused.status_code == 422
        assert 'value="2031-06-09"' in refused.text and 'value="Astana"' in refused.text  # kept
        assert 'id="m-ends"' in refused.text and 'aria-invalid="true"' in refused.text
        assert "a meeting ends after it starts" in refused.text  # the rule, in small print
        assert _count(cica) == 0
        done = client.post("/meetings", data={**fields, "ends_at": "2031-06-11"}, follow_redirects=False)
        assert done.status_code == 303
        page_of = done.headers["location"]
        meeting = client.get(f"{page_of}?lang=en").text
        assert "Confirm the meeting" in meeting and "Record the meeting as held" in meeting
        assert "the chairmanship on the day" in meeting  # the presiding chair by default
        confirmed = client.post(
            f"{page_of}/status", data={"csrf_token": token, "status": "confirmed"}, follow_redirects=False
        )
        assert confirmed.status_code == 303
        meeting = client.get(f"{page_of}?lang=en").text
        assert "Confirm the meeting" not in meeting and "Cancel the meeting" in meeting
        client.post(f"{page_of}/status", data={"csrf_token": token, "status": "cancelled", "reason": "Moved"})
        meeting = client.get(f"{page_of}?lang=en").text
        assert 'action="' + page_of + '/status"' not in meeting  # a cancelled meeting is history
        assert "Moved" in meeting
    assert _count(cica) == 1


def test_a_delegate_sees_no_scheduling_form_and_may_not_post_one(cica: Context) -> None:
    with cica.unit_of_work() as session:
        make_user(session, email="d@ind.example", role="delegate", delegation="IND")
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        token = sign_in(client, "d@ind.example")
        assert 'href="/meetings/new' not in client.get("/meetings").text
        assert client.get("/meetings/new").status_code == 403
        refused = client.post(
            "/meetings", data={"csrf_token": token, "organ": "soc", "starts_at": "2031-06-10", "city": "X"}
        )
        assert refused.status_code == 403
    assert _count(cica) == 0
