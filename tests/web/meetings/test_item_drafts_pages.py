"""The meeting page's agenda: the Secretariat links a draft of the organ to an item (a draft of
another organ comes back refused beside the field, in the reader's language, nothing changed);
the chair opens consensus under the item from the page, and the item lists the procedure."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cica.app import create_app
from cica.core.context import Context
from cica.meetings import operations
from cica.meetings.models import AgendaItemDraft
from cica.registry import snapshot
from cica.registry.queries import seat_today
from tests.factories import SECRETARIAT, make_draft, make_meeting, make_token, make_user
from tests.web.access.conftest import sign_in


def _setup(cica: Context) -> tuple[int, int, int, int]:
    with cica.unit_of_work() as session:
        meeting = make_meeting(session, organ="soc", day=seat_today(session).isoformat())
        chair = operations.presiding(snapshot.current(session), meeting)
        assert chair is not None
        item = operations.add_item(session, meeting.id, "CBM plan", actor=SECRETARIAT)
        for code in (chair, "IND"):
            operations.register(session, meeting.id, code, actor=SECRETARIAT)
        ours = make_draft(session, kind="report", organ="soc", title="SOC report on CBMs")
        theirs = make_draft(session, organ="swg", title="SWG paper")
        make_user(session, email="s@cica.example", role="secretariat")
        make_user(session, email="h@chair.example", role="head_of_delegation", delegation=chair)
        return meeting.id, item.id, ours.id, theirs.id


def test_the_secretariat_links_a_draft_and_the_chair_opens_consensus_under_the_item(cica: Context) -> None:
    meeting_id, item_id, ours, theirs = _setup(cica)
    page_of = f"/meetings/{meeting_id}"
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        token = sign_in(client, "s@cica.example")
        page = client.get(page_of)
        assert f'action="/agenda-items/{item_id}/drafts"' in page.text and "SWG paper" not in page.text
        refused = client.post(
            f"/agenda-items/{item_id}/drafts?lang=fr",
            data={"csrf_token": token, "draft_id": str(theirs), "form_page": f"{page_of}?lang=fr",
                  "form_id": f"link-{item_id}"},
        )  # fmt: skip
        assert refused.status_code == 409
        assert "organe même de la réunion" in refused.text  # beside the field, in French
        assert "an agenda item takes up drafts of the meeting&#39;s organ" in refused.text
        done = client.post(
            f"/agenda-items/{item_id}/drafts",
            data={"csrf_token": token, "draft_id": str(ours)},
            follow_redirects=False,
        )
        assert done.status_code == 303 and done.headers["location"].endswith(f"#agenda-item-{item_id}")
        assert f'data-draft="{ours}"' in client.get(page_of).text
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        token = sign_in(client, "h@chair.example")
        page = client.get(page_of)
        assert f'action="/agenda-items/{item_id}/consensus"' in page.text
        opened = client.post(
            f"/agenda-items/{item_id}/consensus",
            data={"csrf_token": token, "draft_id": str(ours)},
            follow_redirects=False,
        )
        assert opened.status_code == 303, opened.text
        procedure = int(opened.headers["location"].rsplit("/", 1)[1])
        assert f'data-procedure="{procedure}"' in client.get(page_of).text
    with cica.unit_of_work(write=False) as session:
        assert session.scalar(select(func.count()).select_from(AgendaItemDraft)) == 1


def test_the_api_links_and_unlinks_and_refuses_another_organ_s_draft_as_a_problem(cica: Context) -> None:
    _meeting, item_id, ours, theirs = _setup(cica)
    with cica.unit_of_work() as session:
        user = make_user(session, email="api@cica.example", role="secretariat")
        token = make_token(session, user)
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/agenda-items/{item_id}/drafts"
    with TestClient(create_app(context=cica)) as client:
        refused = client.post(url, json={"draft_id": theirs}, headers=headers)
        assert refused.status_code == 409
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "an agenda item takes up drafts of the meeting's organ" in refused.json()["detail"]
        linked = client.post(url, json={"draft_id": ours}, headers=headers)
        assert linked.status_code == 200 and [d["id"] for d in linked.json()["drafts"]] == [ours]
        assert [d["id"] for d in client.get(url).json()["drafts"]] == [ours]
        unlinked = client.post(url, json={"draft_id": ours, "linked": False}, headers=headers)
        assert unlinked.status_code == 200 and unlinked.json()["drafts"] == []
