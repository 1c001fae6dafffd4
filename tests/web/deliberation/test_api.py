"""The deliberation API end to end, and its answers to acts out of turn: problem+json naming the
rule, and nothing changed."""

from __future__ import annotations

import threading
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cica.app import create_app
from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.deliberation.amendments import AmendmentKind, AmendmentStatus
from cica.deliberation.consensus import Stance
from cica.deliberation.rules import ProcedureKind, ProcedureStatus, Purpose, Stage
from cica.deliberation.silence import BreakKind
from tests.integration.deliberation.helpers import snapshot
from tests.web.deliberation.conftest import Api

TEXT = "Recalling the Almaty Act,\n\nWelcoming the report,\n\nDecides to meet again."


def problem(response: httpx.Response, status: int, detail: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert detail in response.json()["detail"], response.json()["detail"]


def new_draft(
    api: Api, organ: str = "ministerial_council", kind: str = "declaration", **extra: Any
) -> dict[str, Any]:
    body = {
        "kind": kind,
        "organ": organ,
        "sponsor": "chair",
        "texts": [{"lang": "en", "title": "Draft Declaration", "body": TEXT}],
        **extra,
    }
    created = api.post("/drafts", "secretariat", json=body)
    assert created.status_code == 201, created.text
    circulated = api.post(f"/drafts/{created.json()['id']}/circulate", "secretariat")
    assert circulated.status_code == 200, circulated.text
    found: dict[str, Any] = circulated.json()
    return found


def open_consensus(api: Api, draft_id: int, **body: Any) -> dict[str, Any]:
    opened = api.post(f"/drafts/{draft_id}/consensus", "chair", json=body)
    assert opened.status_code == 201, opened.text
    found: dict[str, Any] = opened.json()
    return found


def test_a_declaration_goes_from_draft_to_decision_through_the_api(api: Api) -> None:
    draft = new_draft(api)
    assert (draft["stage"], draft["organ_name"]) == (
        "under_negotiation",
        "Council of Ministers of Foreign Affairs",
    )
    amended = api.post(
        f"/drafts/{draft['id']}/amendments",
        "india",
        json={
            "kind": "replace",
            "paragraphs": [2],
            "text": "Welcoming the annual report,",
            "justification": "precision",
        },
    )
    assert amended.status_code == 201, amended.text
    amendment = amended.json()["amendments"][0]
    accepted = api.post(f"/amendments/{amendment['id']}/accept", "chair")
    assert accepted.json()["revision"] == 2
    changes = api.get(f"/drafts/{draft['id']}/diff").json()
    assert changes["counts"]["changed"] == 1 and (changes["old"], changes["new"]) == (1, 2)
    procedure = open_consensus(api, draft["id"])
    assert procedure["board"]["members_present"] > 20
    reserved = api.post(
        f"/procedures/{procedure['id']}/positions",
        "china",
        json={"stance": "reservation", "text": "On paragraph 3", "paragraphs": [3], "expected_version": 0},
    )
    assert reserved.status_code == 200, reserved.text
    stated = api.post(f"/procedures/{procedure['id']}/statements", "japan", json={"text": "We welcome it"})
    assert stated.status_code == 200, stated.text
    board = api.get(f"/procedures/{procedure['id']}/board").json()
    assert {row["code"]: row["stance"] for row in board["rows"]}["CHN"] == "reservation"
    closed = api.post(f"/procedures/{procedure['id']}/close", "chair").json()
    assert closed["status"] == "adopted" and closed["decision"]["symbol"].startswith("CICA/MC/DEC/")
    decision = api.get(f"/decisions/{closed['decision']['id']}").json()
    assert [r["code"] for r in decision["reservation_list"]] == ["CHN"]
    assert [r["code"] for r in decision["statement_list"]] == ["JPN"]
    register = api.get("/decisions", params={"procedure": "consensus"}).json()
    assert register["count"] == 1
    csv = api.get("/decisions/export", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and closed["decision"]["symbol"] in csv.text
    popolo = api.get("/decisions/export", params={"format": "popolo"}).json()
    assert popolo["vote_events"][0]["identifier"] == closed["decision"]["symbol"]


def test_silence_through_the_api_is_broken_by_a_member(api: Api) -> None:
    draft = new_draft(api, organ="soc", kind="report")
    started = api.post(
        f"/drafts/{draft['id']}/silence", "secretariat", json={"period": "P2W"}, params={"tz": "Europe/Paris"}
    )
    assert started.status_code == 201, started.text
    silence = started.json()["silence"]
    assert (
        silence["period"] == "2 weeks"
        and "Asia/Almaty" in silence["deadline_text"]
        and "Europe/Paris" in silence["deadline_text"]
    )
    listed = api.get("/silence").json()
    assert listed["count"] == 1
    broken = api.post(
        f"/procedures/{started.json()['id']}/break", "india", json={"kind": "objection", "text": "No"}
    )
    assert broken.json()["status"] == "broken" and broken.json()["silence"]["broken"]["by"] == "IND"
    notices = api.get("/notifications", "china").json()
    assert [n["kind"] for n in notices["items"]][:2] == ["silence_broken", "silence_started"]


def test_positions_on_a_closed_procedure_are_refused_and_nothing_changes(api: Api, cica: Context) -> None:
    procedure = open_consensus(api, new_draft(api)["id"])
    api.post(f"/procedures/{procedure['id']}/close", "chair")
    before = snapshot(cica)
    refused = api.post(f"/procedures/{procedure['id']}/positions", "india", json={"stance": "join"})
    problem(refused, 409, "rule: positions are taken while the procedure is open")
    assert snapshot(cica) == before


def test_adoption_of_a_withdrawn_draft_is_refused_and_nothing_changes(api: Api, cica: Context) -> None:
    draft = new_draft(api)
    assert api.post(f"/drafts/{draft['id']}/withdraw", "chair").json()["stage"] == "withdrawn"
    before = snapshot(cica)
    problem(
        api.post(f"/drafts/{draft['id']}/consensus", "chair", json={}),
        409,
        "the draft is withdrawn: it cannot be put to adoption by consensus procedure "
        "(rule: adopted, not adopted and withdrawn drafts are final)",
    )
    assert snapshot(cica) == before


def test_a_second_open_procedure_is_refused_and_nothing_changes(api: Api, cica: Context) -> None:
    draft = new_draft(api)
    open_consensus(api, draft["id"])
    before = snapshot(cica)
    problem(
        api.post(f"/drafts/{draft['id']}/silence", "secretariat", json={}),
        409,
        "rule: one open procedure per draft",
    )
    assert snapshot(cica) == before


def test_a_deadline_in_the_past_is_refused_and_nothing_changes(api: Api, cica: Context) -> None:
    draft = new_draft(api, organ="soc", kind="report")
    before = snapshot(cica)
    problem(
        api.post(f"/drafts/{draft['id']}/silence", "secretariat", json={"deadline": "2020-01-01T00:00:00Z"}),
        422,
        "rule: silence runs from now to a later deadline",
    )
    problem(
        api.post(f"/drafts/{draft['id']}/silence", "secretariat", json={"deadline": "2030-01-01T00:00:00"}),
        422,
        "timezone",
    )
    assert snapshot(cica) == before


def test_an_amendment_to_a_missing_paragraph_is_refused_and_nothing_changes(api: Api, cica: Context) -> None:
    draft = new_draft(api)
    before = snapshot(cica)
    problem(
        api.post(
            f"/drafts/{draft['id']}/amendments",
            "india",
            json={"kind": "replace", "paragraphs": [7], "text": "New", "justification": "why"},
        ),
        422,
        "paragraph 7 does not exist in revision 1, which has 3 paragraphs",
    )
    assert snapshot(cica) == before


def test_an_observer_is_refused_on_the_positions_route_and_the_refusal_is_audited(
    api: Api, cica: Context
) -> None:
    procedure = open_consensus(api, new_draft(api)["id"])
    refused = api.post(
        f"/procedures/{procedure['id']}/positions", "japan", json={"stance": "object", "text": "No"}
    )
    problem(refused, 403, "the role observer_delegate may not object")


def test_two_delegates_of_one_state_writing_at_once_leave_one_position(api: Api, cica: Context) -> None:
    procedure = open_consensus(api, new_draft(api)["id"])
    app = create_app(context=cica)  # built once: building apps in threads at once races in pydantic
    start, answers = threading.Barrier(2), []

    def write(client: TestClient, who: str, stance: str) -> None:
        start.wait()
        answers.append(
            client.post(
                f"/api/v1/procedures/{procedure['id']}/positions",
                headers={"Authorization": f"Bearer {api.tokens[who]}"},
                json={"stance": stance, "text": "" if stance == "join" else "No", "expected_version": 0},
            ).status_code
        )

    with TestClient(app) as first, TestClient(app) as second:
        threads = [
            threading.Thread(target=write, args=(first, "india", "join")),
            threading.Thread(target=write, args=(second, "india_head", "object")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(answers) == [200, 409]
    rows = [
        row for row in api.get(f"/procedures/{procedure['id']}/board").json()["rows"] if row["code"] == "IND"
    ]
    assert len(rows) == 1 and rows[0]["version"] == 1


def test_bad_request_bodies_are_problems(api: Api) -> None:
    draft = new_draft(api)
    problem(
        api.post(
            f"/drafts/{draft['id']}/amendments", "india", json={"kind": "rewrite", "justification": "x"}
        ),
        422,
        "kind",
    )
    problem(api.post("/drafts", "secretariat", json={"kind": "declaration"}), 422, "organ")
    problem(api.get("/drafts/999999"), 404, "no draft 999999")
    problem(
        api.get("/decisions", params={"procedure": "vote"}),
        422,
        "procedure: 'vote' is not one of consensus, silence",
    )


def test_a_confidential_draft_is_not_found_by_those_it_is_not_shown_to(api: Api) -> None:
    draft = new_draft(api, classification="confidential", named=["IND", "AZE"])
    assert api.get(f"/drafts/{draft['id']}", "india").status_code == 200
    problem(api.get(f"/drafts/{draft['id']}", "china"), 404, f"no draft {draft['id']}")
    problem(api.get(f"/drafts/{draft['id']}"), 404, f"no draft {draft['id']}")
    assert api.get("/drafts", "china").json()["count"] == 0


@pytest.mark.parametrize("who", [None, "japan"])
def test_notices_need_an_account_and_a_mark_is_only_for_ones_own(api: Api, who: str | None) -> None:
    new_draft(api, organ="soc", kind="report")
    india = api.get("/notifications", "india").json()["items"]
    answer = api.post(f"/notifications/{india[0]['id']}/read", who)
    assert answer.status_code == (401 if who is None else 403)  # Japan acts for Japan only


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/drafts/99999999999999999999",
        "/api/v1/drafts/3000000000",
        "/api/v1/procedures/0",
        "/api/v1/decisions/-1",
    ],
)
def test_an_id_out_of_range_is_a_422_problem(api: Api, path: str) -> None:
    response = api.client.get(path)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_a_refusal_by_a_rule_is_recorded_with_who_tried_it(api: Api, cica: Context) -> None:
    draft = new_draft(api)
    refused = api.post(f"/drafts/{draft['id']}/withdraw", "india")
    assert refused.status_code == 403
    with cica.unit_of_work(write=False) as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last is not None
    assert (last.outcome, last.action, last.actor_email) == ("denied", "draft.withdraw", api.emails["india"])


def test_the_api_schema_lists_the_states_and_kinds_of_the_rules(client: TestClient) -> None:
    """Pydantic fields typed with the rules' enums: OpenAPI names every allowed value."""
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for enum in (
        ProcedureStatus,
        ProcedureKind,
        Purpose,
        Stage,
        Stance,
        BreakKind,
        AmendmentKind,
        AmendmentStatus,
    ):
        assert schemas[enum.__name__]["enum"] == [member.value for member in enum], enum.__name__
