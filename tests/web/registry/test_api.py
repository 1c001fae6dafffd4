"""The registry API answers exactly as the CLI does, and bad parameters get problem+json."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.conftest import RunCli


@pytest.mark.parametrize(
    ("path", "command"),
    [
        ("/api/v1/members?on=2014-05-21", ["members", "--on", "2014-05-21"]),
        (
            "/api/v1/members?on=2024-01-01&kind=observer&lang=ru",
            ["members", "--on", "2024-01-01", "--kind", "observer", "--lang", "ru"],
        ),
        (
            "/api/v1/members?on=2024-01-01&kind=all&lang=zh",
            ["members", "--on", "2024-01-01", "--kind", "all", "--lang", "zh"],
        ),
        ("/api/v1/chair?on=2016-01-01&lang=fr", ["chair", "--on", "2016-01-01", "--lang", "fr"]),
        ("/api/v1/organs?on=2010-01-01", ["organs", "--on", "2010-01-01"]),
    ],
)
def test_the_api_gives_the_same_answers_as_the_cli(
    client: TestClient, run_cli: RunCli, path: str, command: list[str]
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.json() == json.loads(run_cli(*command, "--format", "json").stdout)


def test_members_default_to_member_states_today(client: TestClient) -> None:
    body = client.get("/api/v1/members").json()
    assert body["count"] == 28


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("on=2014-13-01", "query.on"),
        ("on=1400000000", "query.on"),
        ("kind=friends", "query.kind"),
        ("lang=de", "query.lang"),
    ],
)
def test_bad_parameters_get_422_problem_json(client: TestClient, query: str, location: str) -> None:
    response = client.get(f"/api/v1/members?{query}")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422 and body["title"]
    assert [error["location"] for error in body["errors"]] == [location]


def test_an_unknown_route_gets_404_problem_json(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_the_openapi_document_is_3_1_and_lists_the_registry(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert {"/api/v1/members", "/api/v1/chair", "/api/v1/organs"} <= set(document["paths"])
    assert client.get("/api/docs").status_code == 200
