"""The calendar page's month, year and list views, filtered by organ and by type of meeting."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def _meetings(page: str) -> set[str]:
    return set(re.findall(r'data-meeting="(\d+)"', page))


def _ids(client: TestClient, **params: str) -> dict[str, dict[str, object]]:
    items = client.get("/api/v1/meetings", params=params).json()["items"]
    return {str(item["id"]): item for item in items}


def test_the_month_view_shows_the_meetings_of_that_month_on_their_days(client: TestClient) -> None:
    page = client.get("/calendar", params={"view": "month", "month": "2012-09", "lang": "fr"})
    assert page.status_code == 200
    found = {ident for ident, item in _ids(client).items() if str(item["first_day"]).startswith("2012-09")}
    assert found and _meetings(page.text) == found
    assert "septembre 2012" in page.text and ">lun.<" in page.text  # Babel's month and day names
    assert 'datetime="2012-09-12"' in page.text


def test_the_year_view_lists_twelve_months_with_their_meetings(client: TestClient) -> None:
    page = client.get("/calendar", params={"view": "year", "year": "2022", "lang": "ru"}).text
    assert page.count('class="year-month"') == 12 and ">октябрь<" in page
    found = {ident for ident, item in _ids(client).items() if str(item["first_day"]).startswith("2022")}
    assert found and _meetings(page) == found


def test_filters_by_organ_and_by_type(client: TestClient) -> None:
    informal = client.get("/calendar", params={"organ": "ministerial_council", "kind": "informal"}).text
    expected = {
        ident
        for ident, item in _ids(client, organ="ministerial_council").items()
        if item["kind"] == "informal"
    }
    assert expected and _meetings(informal) == expected
    summits = client.get("/calendar", params={"organ": "summit", "view": "list"}).text
    assert _meetings(summits) == set(_ids(client, organ="summit"))


def test_a_bad_month_is_refused_beside_the_calendar(client: TestClient) -> None:
    page = client.get("/calendar", params={"view": "month", "month": "2024-13"})
    assert page.status_code == 422
    assert "month: &#39;2024-13&#39; is not a month" in page.text and 'month-grid"' in page.text
    assert client.get("/calendar", params={"view": "week"}).status_code == 422


def test_the_meetings_list_is_paged_newest_first_by_keyset(client: TestClient) -> None:
    every = client.get("/api/v1/meetings").json()["items"]
    newest_first = [
        str(item["id"]) for item in sorted(every, key=lambda i: (i["starts_at"], i["id"]), reverse=True)
    ]
    seen: list[str] = []
    page = client.get("/meetings", params={"limit": "7"}).text
    while True:
        shown = re.findall(r'data-meeting="(\d+)"', page)
        assert 0 < len(shown) <= 7
        seen += shown
        older = re.search(r'rel="next" href="([^"]+)"', page)
        if older is None:
            break
        page = client.get(older.group(1).replace("&amp;", "&")).text
    assert seen == newest_first and len(seen) == 20


def test_a_damaged_cursor_starts_the_meetings_list_afresh(client: TestClient) -> None:
    page = client.get("/meetings", params={"cursor": "not-a-cursor", "limit": "5"})
    assert page.status_code == 200 and "no longer works" in page.text
    assert len(re.findall(r'data-meeting="(\d+)"', page.text)) == 5
