"""Events through the API and on the page: the Secretariat adds an event of the plan and records it
held; anyone reads the year's events, by dimension, in their language; an event dated before its
plan's year is refused as problem+json, and nothing changes."""

from __future__ import annotations

from sqlalchemy import func, select

from cica.cbm.models import Event, PriorityArea
from cica.core.context import Context
from cica.core.i18n import translations
from tests.factories import make_document, make_token, make_user
from tests.web.cbm.conftest import START, Site

API = "/api/v1/cbm"


def _count(context: Context) -> int:
    with context.unit_of_work(write=False) as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


def test_the_secretariat_adds_an_event_and_everyone_reads_the_year(catalogue: Context, site: Site) -> None:
    with catalogue.unit_of_work() as session:
        secretariat = {
            "Authorization": f"Bearer {make_token(session, make_user(session, role='secretariat'))}"
        }
        delegate = {"Authorization": f"Bearer {make_token(session, make_user(session, role='delegate'))}"}
        area = session.scalars(select(PriorityArea.id).where(PriorityArea.key == "ict_security")).first()
    body = {"area": area, "kind": "workshop", "title": "ICT workshop", "host": "RUS", "starts": "2026-02-12",
            "ends": "2026-02-13", "plan_year": 2026, "participants": ["CHN", "KAZ", "RUS"]}  # fmt: skip
    with site(START) as client:
        assert client.post(f"{API}/events", json=body, headers=delegate).status_code == 403
        early = client.post(f"{API}/events", json={**body, "plan_year": 2027}, headers=secretariat)
        assert early.status_code == 422 and early.headers["content-type"] == "application/problem+json"
        assert _count(catalogue) == 0
        added = client.post(f"{API}/events", json=body, headers=secretariat)
        assert added.status_code == 201, added.text
        event = added.json()
        assert (event["status"], event["participants"]) == ("planned", ["CHN", "KAZ"])  # the host hosts
        later = client.post(f"{API}/events", json={**body, "title": "Later", "starts": "2026-05-12", "ends": "2026-05-13"},
                            headers=secretariat).json()  # fmt: skip
        too_soon = client.post(
            f"{API}/events/{later['id']}/status", json={"status": "held"}, headers=secretariat
        )
        assert too_soon.status_code == 422 and "once it has begun" in too_soon.json()["detail"]
        held = client.post(f"{API}/events/{event['id']}/status", json={"status": "held", "outcome": "Agreed."},
                           headers=secretariat)  # fmt: skip
        assert held.status_code == 200 and held.json()["status"] == "held"
        again = client.post(
            f"{API}/events/{event['id']}/status", json={"status": "cancelled"}, headers=secretariat
        )
        assert again.status_code == 422
        listed = client.get(f"{API}/events?year=2026").json()
        assert [e["title"] for e in listed] == ["ICT workshop", "Later"]
        page = client.get("/cbm/events?year=2026&lang=zh").text
    zh = translations("zh").gettext
    assert f'<td data-event="{event["id"]}">' in page
    assert zh("workshop") + ": " in page and f"<td>{zh('held')}</td>" in page and "俄罗斯" in page


def test_a_concept_paper_linked_through_the_api_is_listed_under_its_area(
    catalogue: Context, site: Site
) -> None:
    with catalogue.unit_of_work() as session:
        secretariat = {
            "Authorization": f"Bearer {make_token(session, make_user(session, role='secretariat'))}"
        }
        area = session.scalars(select(PriorityArea.id).where(PriorityArea.key == "ict_security")).first()
        symbol = make_document(session, symbol="CICA/SOC/2026/7").symbol
    with site(START) as client:
        body = {"document": symbol, "kind": "concept_paper", "area": area}
        linked = client.post(f"{API}/papers", json=body, headers=secretariat)
        assert linked.status_code == 201, linked.text
        assert client.post(f"{API}/papers", json=body, headers=secretariat).status_code == 409
        page = client.get("/cbm/catalogue?version=2021&lang=fr").text
    assert f'<a href="/documents/{symbol}">{symbol}</a>' in page
    assert translations("fr").gettext("concept paper") in page
