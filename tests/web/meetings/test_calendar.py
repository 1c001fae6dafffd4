"""The iCalendar feeds: valid, parsed back by `icalendar`, every meeting round-trips; a meeting
in Almaty in June at the right UTC instant; cancelling keeps it as CANCELLED with a higher
SEQUENCE; ETag and Last-Modified let clients poll cheaply."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from cica.access.actors import Actor
from cica.core.context import Context
from cica.meetings import calendar, operations, queries
from tests.factories import make_user


def _events(client: TestClient, path: str = "/calendar.ics", lang: str = "en") -> dict[str, object]:
    answer = client.get(path, params={"lang": lang})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_every_meeting_round_trips_through_the_feed(client: TestClient, history: Context) -> None:
    events = _events(client)
    with history.unit_of_work(write=False) as session:
        items = queries.meetings(session).items
    assert set(events) == {item.uid for item in items}
    for item in items:
        event = events[item.uid]
        assert event.decoded("DTSTART").astimezone(UTC) == item.starts_at  # type: ignore[attr-defined]
        assert event.decoded("DTEND").astimezone(UTC) == item.ends_at  # type: ignore[attr-defined]
        assert str(event["SUMMARY"]) == item.title  # type: ignore[index]
        assert int(event["SEQUENCE"]) == item.sequence  # type: ignore[index]
        assert str(event["URL"]).endswith(f"/meetings/{item.id}")  # type: ignore[index]


def test_a_meeting_in_almaty_in_june_is_at_the_right_utc_instant(client: TestClient) -> None:
    answer = client.get("/calendar.ics")
    calendar = Calendar.from_ical(answer.content)
    assert "Asia/Almaty" in {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    summit = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == "cica-summit-2002-06-04")
    assert summit["DTSTART"].params["TZID"] == "Asia/Almaty"
    # Almaty kept summer time (UTC+7) in 2002: the day began at 17:00 UTC the day before.
    assert summit.decoded("DTSTART").astimezone(UTC) == datetime(2002, 6, 3, 17, 0, tzinfo=UTC)


def test_names_are_in_the_requested_language(client: TestClient) -> None:
    events = _events(client, lang="zh")
    assert str(events["cica-summit-2022-10-12"]["SUMMARY"]).startswith("第6次")  # type: ignore[index]
    assert str(events["cica-mm-2021-10-11"]["LOCATION"]) == "努尔苏丹"  # type: ignore[index]


def test_a_cancelled_meeting_stays_cancelled_with_a_higher_sequence(
    client: TestClient, history: Context
) -> None:
    before = _events(client, "/organs/summit/calendar.ics")["cica-summit-2026-10"]
    with history.unit_of_work() as session:
        meeting_id = next(i.id for i in queries.meetings(session).items if i.uid == "cica-summit-2026-10")
        operations.cancel(session, meeting_id, actor=Actor.system())
    after = _events(client, "/organs/summit/calendar.ics")["cica-summit-2026-10"]
    assert str(before["STATUS"]) == "TENTATIVE" and str(after["STATUS"]) == "CANCELLED"  # type: ignore[index]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])  # type: ignore[index]


def test_an_organ_s_feed_holds_only_its_meetings(client: TestClient) -> None:
    events = _events(client, "/organs/summit/calendar.ics")
    assert len(events) == 7 and all(uid.startswith("cica-summit-") for uid in events)


def test_etag_and_last_modified_let_clients_poll_cheaply(client: TestClient, history: Context) -> None:
    first = client.get("/calendar.ics")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    with history.unit_of_work() as session:
        meeting_id = queries.meetings(session, organ="summit").items[-1].id
        operations.cancel(session, meeting_id, actor=Actor.system())
    changed = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    # Last-Modified is the newest change, to the second (HTTP dates have no finer resolution).
    with history.unit_of_work(write=False) as session:
        cancelled_at = queries.meeting(session, meeting_id).updated_at
    assert parsedate_to_datetime(changed.headers["last-modified"]) == cancelled_at.replace(microsecond=0)
    assert parsedate_to_datetime(changed.headers["last-modified"]) >= parsedate_to_datetime(modified)


def test_a_feed_is_built_once_for_its_version_and_again_when_a_meeting_changes(
    client: TestClient, history: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []
    real = calendar.feed

    def counted(*args: Any, **kwargs: Any) -> bytes:
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(calendar, "feed", counted)
    first = client.get("/organs/summit/calendar.ics").content
    with history.unit_of_work() as session:  # a write elsewhere: the answer cache lets go of the feed
        make_user(session, role="delegate", delegation="IND")
    assert client.get("/organs/summit/calendar.ics").content == first
    assert len(built) == 1  # the second answer is the body kept for the same version, not built again
    with history.unit_of_work() as session:
        meeting_id = queries.meetings(session, organ="summit").items[-1].id
        operations.cancel(session, meeting_id, actor=Actor.system())
    assert client.get("/organs/summit/calendar.ics").content != first
    assert len(built) == 2
