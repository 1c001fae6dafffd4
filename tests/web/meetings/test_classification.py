"""Classified meetings: the public lists, pages, API, Popolo and feeds leave out what the reader
may not see (not even counted); a delegation's feed, opened with its read-only token, holds the
restricted meetings it may see; the token is kept as a digest and revocable; every feed answers
`If-None-Match` and `If-Modified-Since` with 304."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select

from cica.access.actors import Actor
from cica.core.context import Context
from cica.core.errors import InvalidInput, PermissionDenied
from cica.meetings import operations, queries
from cica.meetings.models import FeedToken
from tests.factories import make_meeting

HEAD_IND = Actor(None, "head@ind.example", "head_of_delegation", "IND")
HEAD_PAK = Actor(None, "head@pak.example", "head_of_delegation", "PAK")
LONG_AGO = format_datetime(datetime(2000, 1, 1, tzinfo=UTC), usegmt=True)


def _uids(answer: bytes) -> set[str]:
    return {str(event["UID"]) for event in Calendar.from_ical(answer).walk("VEVENT")}


@pytest.fixture
def classified(history: Context) -> dict[str, str]:
    """Three SOC meetings: one restricted to members, one confidential to PAK, one public."""
    uids = {}
    with history.unit_of_work() as session:
        for name, day, classification, named in (
            ("restricted", "2030-03-04", "restricted", ()),
            ("confidential", "2030-04-04", "confidential", ("PAK",)),
            ("public", "2030-05-04", "public", ()),
        ):
            meeting = make_meeting(session, day=day)
            operations.classify(session, meeting.id, classification, named=named, actor=Actor.system())
            uids[name] = meeting.uid
            uids[f"{name}_id"] = str(meeting.id)
    return uids


def test_anonymous_readers_see_only_public_meetings_and_counts(
    client: TestClient, history: Context, classified: dict[str, str]
) -> None:
    feed = _uids(client.get("/calendar.ics").content)
    assert classified["public"] in feed
    assert classified["restricted"] not in feed and classified["confidential"] not in feed
    assert classified["restricted"] not in _uids(client.get("/organs/soc/calendar.ics").content)
    listed = client.get("/api/v1/meetings", params={"organ": "soc"}).json()
    uids = {item["uid"] for item in listed["items"]}
    assert classified["public"] in uids and classified["restricted"] not in uids
    with history.unit_of_work(write=False) as session:
        everything = queries.meetings(session, organ="soc").count
    assert listed["count"] == everything - 2  # hidden meetings are not counted
    popolo = {event["id"] for event in client.get("/api/v1/popolo/events").json()["events"]}
    assert classified["public"] in popolo and classified["restricted"] not in popolo
    hidden = classified["restricted_id"]
    assert client.get(f"/api/v1/meetings/{hidden}").status_code == 404
    assert client.get(f"/api/v1/meetings/{hidden}/participants").status_code == 404
    assert client.get(f"/api/v1/meetings/{hidden}/agenda").status_code == 404
    assert client.get(f"/meetings/{hidden}").status_code == 404
    assert client.get(f"/meetings/{hidden}/participants.csv").status_code == 404
    assert client.get(f"/meetings/{classified['public_id']}").status_code == 200


def test_a_member_sees_restricted_meetings_and_a_named_delegation_its_confidential_one(
    history: Context, classified: dict[str, str]
) -> None:
    with history.unit_of_work(write=False) as session:
        india = {
            i.uid for i in queries.meetings(session, viewer=queries.delegation_viewer(session, "IND")).items
        }
        pakistan = {
            i.uid for i in queries.meetings(session, viewer=queries.delegation_viewer(session, "PAK")).items
        }
    assert classified["restricted"] in india and classified["confidential"] not in india
    assert {classified["restricted"], classified["confidential"]} <= pakistan


def test_a_delegation_s_feed_by_its_token_holds_what_it_may_see(
    client: TestClient, history: Context, classified: dict[str, str]
) -> None:
    with history.unit_of_work() as session:
        token = operations.issue_feed_token(session, "IND", actor=HEAD_IND)
    answer = client.get("/delegations/IND/calendar.ics", params={"token": token})
    assert answer.status_code == 200 and answer.headers["cache-control"] == "private, no-cache"
    feed = _uids(answer.content)
    assert {classified["public"], classified["restricted"]} <= feed
    assert classified["confidential"] not in feed
    # The token opens this delegation's feed only, and nothing without it.
    assert client.get("/delegations/PAK/calendar.ics", params={"token": token}).status_code == 404
    assert client.get("/delegations/IND/calendar.ics").status_code == 404
    assert client.get("/delegations/IND/calendar.ics", params={"token": token + "x"}).status_code == 404
    assert client.get("/api/v1/meetings", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_the_token_is_kept_as_a_digest_and_revocable(client: TestClient, history: Context) -> None:
    with history.unit_of_work() as session:
        first = operations.issue_feed_token(session, "IND", actor=HEAD_IND)
        second = operations.issue_feed_token(session, "IND", actor=HEAD_IND)
        stored = session.scalars(select(FeedToken.digest)).all()
    assert first not in stored and second not in stored
    assert operations.feed_digest(second) in stored
    # A new token revokes the one before it.
    assert client.get("/delegations/IND/calendar.ics", params={"token": first}).status_code == 404
    assert client.get("/delegations/IND/calendar.ics", params={"token": second}).status_code == 200
    with history.unit_of_work() as session:
        assert operations.revoke_feed_token(session, "IND", actor=HEAD_IND) == 1
    assert client.get("/delegations/IND/calendar.ics", params={"token": second}).status_code == 404


def test_only_the_delegation_itself_or_the_secretariat_issues_its_token(history: Context) -> None:
    with history.unit_of_work() as session, pytest.raises(PermissionDenied):
        operations.issue_feed_token(session, "IND", actor=HEAD_PAK)


def test_a_confidential_meeting_names_its_delegations(history: Context) -> None:
    with history.unit_of_work() as session:
        meeting = make_meeting(session, day="2030-07-04")
        with pytest.raises(InvalidInput, match="named"):
            operations.classify(session, meeting.id, "confidential", actor=Actor.system())
        with pytest.raises(InvalidInput, match="classification"):
            operations.classify(session, meeting.id, "secret", actor=Actor.system())


def test_hiding_a_meeting_changes_the_public_feed_s_etag(
    client: TestClient, history: Context, classified: dict[str, str]
) -> None:
    first = client.get("/calendar.ics")
    with history.unit_of_work() as session:
        operations.classify(session, int(classified["public_id"]), "restricted", actor=Actor.system())
    again = client.get("/calendar.ics", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 200 and classified["public"] not in _uids(again.content)


def test_feeds_answer_if_modified_since(client: TestClient, history: Context) -> None:
    with history.unit_of_work() as session:
        token = operations.issue_feed_token(session, "IND", actor=HEAD_IND)
    for path, params in (("/calendar.ics", {}), ("/delegations/IND/calendar.ics", {"token": token})):
        first = client.get(path, params=params)
        modified = first.headers["last-modified"]
        unchanged = client.get(path, params=params, headers={"If-Modified-Since": modified})
        assert unchanged.status_code == 304 and unchanged.headers["etag"] == first.headers["etag"]
        older = client.get(path, params=params, headers={"If-Modified-Since": LONG_AGO})
        assert older.status_code == 200
        held = client.get(path, params=params, headers={"If-None-Match": first.headers["etag"]})
        assert held.status_code == 304
