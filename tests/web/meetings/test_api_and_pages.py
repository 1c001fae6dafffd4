"""The meetings' API (reads for everyone, writes for the Secretariat, refusals as problem+json)
and pages in the reader's language, with times in the reader's zone beside the venue's."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cica.core.context import Context
from tests.factories import make_token, make_user
from tests.integration.deliberation.test_queries import validate


def _secretariat(history: Context) -> dict[str, str]:
    with history.unit_of_work() as session:
        token = make_token(session, make_user(session, role="secretariat", delegation=None))
    return {"Authorization": f"Bearer {token}"}


def test_the_api_lists_and_shows_meetings(client: TestClient) -> None:
    listed = client.get("/api/v1/meetings", params={"organ": "summit"}).json()
    assert listed["count"] == 7
    shown = client.get(f"/api/v1/meetings/{listed['items'][2]['id']}").json()
    assert (shown["city"], shown["host"]["code"], shown["chair"]["code"]) == ("Istanbul", "TUR", "TUR")
    assert shown["documents"][0]["title"] == "Istanbul Summit Declaration"


def test_the_secretariat_schedules_and_cancels_through_the_api(client: TestClient, history: Context) -> None:
    headers = _secretariat(history)
    body = {"organ": "soc", "starts_at": "2030-12-10T10:00", "ends_at": "2030-12-10T17:00",
            "time_zone": "Asia/Almaty", "city": "Astana", "host": "KAZ"}  # fmt: skip
    created = client.post("/api/v1/meetings", json=body, headers=headers)
    assert created.status_code == 201, created.text
    meeting = created.json()
    assert meeting["starts_at"] in ("2030-12-10T05:00:00Z", "2030-12-10T05:00:00+00:00")
    changed = client.patch(f"/api/v1/meetings/{meeting['id']}", json={"status": "cancelled"}, headers=headers)
    assert changed.json()["status"] == "cancelled" and changed.json()["sequence"] == 1


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"ends_at": "2030-12-10T09:00"}, 422, "ends after it starts"),
        ({"time_zone": "Nowhere/Land"}, 422, "not an IANA time zone"),
        (
            {"starts_at": "2002-06-04", "ends_at": None, "organ": "summit"},
            409,
            "one meeting of an organ at a time",
        ),
    ],
)
def test_bad_input_and_conflicts_are_problems_and_change_nothing(
    client: TestClient, history: Context, change: dict[str, str | None], status: int, words: str
) -> None:
    body = {"organ": "soc", "starts_at": "2030-12-10T10:00", "ends_at": "2030-12-10T17:00",
            "time_zone": "Asia/Almaty", "city": "Astana"} | change  # fmt: skip
    answer = client.post("/api/v1/meetings", json=body, headers=_secretariat(history))
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert words in answer.text
    assert client.get("/api/v1/meetings").json()["count"] == 20


def test_a_delegate_may_not_schedule(client: TestClient, history: Context) -> None:
    with history.unit_of_work() as session:
        token = make_token(session, make_user(session, role="head_of_delegation", delegation="IND"))
    body = {"organ": "soc", "starts_at": "2030-12-10", "time_zone": "Asia/Almaty", "city": "Astana"}
    answer = client.post("/api/v1/meetings", json=body, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 403 and answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("lang", "heading", "title", "city"),
    [
        ("en", "Meetings", "6th Summit", "Nur-Sultan"),
        ("ru", "Заседания", "6-е совещание глав государств и правительств", "Нур-Султан"),
        ("zh", "会议", "第6次国家元首和政府首脑会议", "努尔苏丹"),
        ("fr", "Réunions", "6e Conférence des chefs d", "Nour-Soultan"),
    ],
)
def test_the_pages_speak_the_reader_s_language(
    client: TestClient, lang: str, heading: str, title: str, city: str
) -> None:
    listed = client.get("/meetings", params={"lang": lang})
    assert listed.status_code == 200 and f"<h1>{heading}</h1>" in listed.text
    assert title in listed.text and city in listed.text
    calendar = client.get("/calendar", params={"lang": lang, "organ": "summit"})
    assert calendar.status_code == 200 and 'id="year-2026"' in calendar.text and title in calendar.text


def test_a_meeting_page_shows_times_in_the_reader_s_zone_beside_the_venue_s(
    client: TestClient, history: Context
) -> None:
    headers = _secretariat(history)
    body = {"organ": "soc", "starts_at": "2030-12-10T10:00", "ends_at": "2030-12-10T17:00",
            "time_zone": "Asia/Almaty", "city": "Astana", "host": "KAZ"}  # fmt: skip
    meeting_id = client.post("/api/v1/meetings", json=body, headers=headers).json()["id"]
    page = client.get(f"/meetings/{meeting_id}", params={"lang": "en", "tz": "Europe/Paris"})
    assert page.status_code == 200
    assert "10:00" in page.text and "(Asia/Almaty)" in page.text  # at the venue
    assert "6:00" in page.text and "Europe/Paris" in page.text  # 05:00 UTC is 06:00 in Paris


def test_the_4th_ministerial_page_names_chair_and_host(client: TestClient) -> None:
    items = client.get("/api/v1/meetings", params={"organ": "ministerial_council"}).json()["items"]
    fourth = next(m for m in items if m["first_day"] == "2012-09-12")
    page = client.get(f"/meetings/{fourth['id']}", params={"lang": "fr"}).text
    assert "4e Rencontre des ministres des Affaires étrangères" in page
    assert "Turquie" in page and "Kazakhstan" in page


def test_the_popolo_export_holds_every_meeting_as_a_valid_event(client: TestClient) -> None:
    events = client.get("/api/v1/popolo/events").json()["events"]
    assert len(events) == 20
    for event in events:
        validate("event", event)
    istanbul = next(e for e in events if e["id"] == "cica-summit-2010-06-07")
    assert (istanbul["start_date"], istanbul["end_date"], istanbul["location"]) == (
        "2010-06-07",
        "2010-06-08",
        "Istanbul",
    )
    assert next(e for e in events if e["id"] == "cica-summit-2026-10")["start_date"] == "2026-10"
