"""The minutes' API: the whole lifecycle as the Secretariat, what delegations and the public
read, and refusals (approving twice, editing frozen minutes) as problem+json that change nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.deliberation import scheduler
from cica.deliberation.models import Procedure
from cica.minutes.models import MinutesStep, MinutesVersion
from tests.factories import make_meeting, make_token, make_user

TEXT = "The Committee met in Astana.\n\nThe agenda was adopted."


def _headers(context: Context, role: str, delegation: str | None = None) -> dict[str, str]:
    with context.unit_of_work() as session:
        return {
            "Authorization": f"Bearer {make_token(session, make_user(session, role=role, delegation=delegation))}"
        }


def _meetings(context: Context) -> tuple[int, int]:
    with context.unit_of_work() as session:
        return make_meeting(session, day="2025-03-04").id, make_meeting(session, day="2025-09-09").id


def _counts(context: Context) -> tuple[Any, ...]:
    with context.unit_of_work(write=False) as session:
        counts = [session.scalar(select(func.count()).select_from(t)) for t in (MinutesVersion, MinutesStep)]
        return (*counts, session.scalar(select(func.count()).where(AuditEntry.outcome == "ok")))


def test_the_lifecycle_through_the_api(cica: Context, client: TestClient) -> None:
    first, later = _meetings(cica)
    secretariat, india = _headers(cica, "secretariat"), _headers(cica, "delegate", "IND")
    url = f"/api/v1/meetings/{first}/minutes"
    drafted = client.post(url, json={"text": TEXT, "lang": "en"}, headers=secretariat)
    assert drafted.status_code == 201 and drafted.json()["state"] == "drafted"
    assert client.get(url, headers=india).status_code == 404  # not circulated yet
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/circulation", headers=secretariat).json()["state"] == "circulated"
    corrected = client.post(
        f"{url}/versions",
        json={"text": TEXT + "\n\nThe meeting closed.", "note": "closing"},
        headers=secretariat,
    )
    assert corrected.status_code == 201 and corrected.json()["current"]["number"] == 2
    read = client.get(url, headers=india, params={"lang": "fr"}).json()
    assert [v["number"] for v in read["versions"]] == [1, 2] and read["state_label"] == "corrigé et diffusé"
    assert client.get(f"{url}/diff?from=1&to=2", headers=india).json()["counts"]["inserted"] == 1
    approved = client.post(f"{url}/approval", json={"meeting": later}, headers=secretariat)
    assert approved.status_code == 200 and approved.json()["state"] == "frozen"
    public = client.get(url).json()
    assert [v["number"] for v in public["versions"]] == [2] and public["approved_at_meeting"] == later

    before = _counts(cica)
    twice = client.post(f"{url}/approval", json={"meeting": later}, headers=secretariat)
    assert twice.status_code == 409
    assert twice.headers["content-type"] == "application/problem+json"
    assert "frozen minutes are immutable" in twice.json()["detail"]
    edited = client.post(f"{url}/versions", json={"text": "Rewritten."}, headers=secretariat)
    assert edited.status_code == 409 and "frozen minutes are immutable" in edited.json()["detail"]
    assert _counts(cica) == before


def test_bad_input_and_permissions(cica: Context, client: TestClient) -> None:
    first, later = _meetings(cica)
    secretariat, india = _headers(cica, "secretariat"), _headers(cica, "delegate", "IND")
    url = f"/api/v1/meetings/{first}/minutes"
    assert client.post(url, json={"text": TEXT, "lang": "en"}, headers=india).status_code == 403
    bad = client.post(url, json={"text": TEXT, "lang": "English"}, headers=secretariat)
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    assert client.post(url, json={"text": TEXT, "lang": "en"}, headers=secretariat).status_code == 201
    both = client.post(f"{url}/approval", json={"meeting": later, "silence": True}, headers=secretariat)
    assert both.status_code == 422
    assert client.post(f"{url}/approval", json={"meeting": later}, headers=secretariat).status_code == 409


def test_approval_by_silence_then_the_tick(cica: Context, client: TestClient) -> None:
    first, _ = _meetings(cica)
    secretariat = _headers(cica, "secretariat")
    url = f"/api/v1/meetings/{first}/minutes"
    client.post(url, json={"text": TEXT, "lang": "ru"}, headers=secretariat)
    client.post(f"{url}/circulation", headers=secretariat)
    under = client.post(
        f"{url}/approval", json={"silence": True, "period": "P7D"}, headers=secretariat
    ).json()
    assert under["state"] == "under_silence"
    again = client.post(f"{url}/approval", json={"silence": True}, headers=secretariat)
    assert again.status_code == 409 and "under a silence procedure" in again.json()["detail"]
    with cica.unit_of_work(write=False) as session:
        procedure = session.get(Procedure, under["procedure"])
        assert procedure is not None and procedure.deadline is not None
        deadline = procedure.deadline
    scheduler.tick(cica, now=deadline + timedelta(seconds=1))
    frozen = client.get(url).json()
    assert frozen["state"] == "frozen" and frozen["approval"] == "by_silence"
    assert frozen["decision_symbol"].startswith("CICA/SOC/DEC/")


def test_the_minutes_of_a_restricted_meeting_are_found_only_by_those_who_may_see_it(
    cica: Context, client: TestClient
) -> None:
    from cica.access.actors import Actor
    from cica.meetings import operations as meeting_operations

    first, later = _meetings(cica)
    secretariat = _headers(cica, "secretariat")
    url = f"/api/v1/meetings/{first}/minutes"
    assert client.post(url, json={"text": TEXT, "lang": "en"}, headers=secretariat).status_code == 201
    assert client.post(f"{url}/circulation", headers=secretariat).status_code == 200
    assert (
        client.post(f"{url}/versions", json={"text": TEXT + "\n\nClosed."}, headers=secretariat).status_code
        == 201
    )
    assert client.post(f"{url}/approval", json={"meeting": later}, headers=secretariat).status_code == 200
    assert client.get(url).status_code == 200  # approved minutes of a public meeting: anyone reads them
    with cica.unit_of_work() as session:
        meeting_operations.classify(session, first, "restricted", actor=Actor.system())
    observer = _headers(cica, "observer_delegate", "JPN")
    nothing = client.get("/api/v1/meetings/999999/minutes")
    for headers in ({}, observer):
        for address in (url, f"{url}/diff?from=1&to=2"):
            hidden = client.get(address, headers=headers)
            # The same answer as for a meeting that does not exist: not even that it has minutes.
            assert hidden.status_code == 404, (address, headers)
            assert hidden.json()["detail"] == nothing.json()["detail"].replace("999999", str(first))
        assert client.get(f"/meetings/{first}/minutes", headers=headers).status_code == 404
    for role, code in (("secretariat", None), ("delegate", "IND")):
        assert client.get(url, headers=_headers(cica, role, code)).status_code == 200
