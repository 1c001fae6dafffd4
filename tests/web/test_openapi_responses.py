"""The hot read paths send bytes serialised once, not through `response_model`: the OpenAPI
document must still describe them exactly, so each real answer is validated against it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from cica.core.context import Context
from cica.deliberation import operations
from tests.factories import CHAIR, SECRETARIAT, make_draft

# Each route of the document, the address of a real answer, and whether to send a token.
ROUTES = [
    ("/api/v1/members", "/api/v1/members?on=2014-05-21&lang=zh&kind=all"),
    ("/api/v1/members", "/api/v1/members"),
    ("/api/v1/chair", "/api/v1/chair?lang=ru"),
    ("/api/v1/organs", "/api/v1/organs?lang=fr"),
    ("/api/v1/organisation", "/api/v1/organisation"),
    ("/api/v1/decisions/{decision_id}", "/api/v1/decisions/{decision}"),
    ("/api/v1/drafts/{draft_id}", "/api/v1/drafts/{draft}"),
    ("/api/v1/drafts/{draft_id}", "/api/v1/drafts/{adopted}?lang=zh"),
]


def schema_of(document: dict[str, Any], path: str) -> dict[str, Any]:
    answer = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    # The components travel with the schema, so its `$ref`s resolve within it.
    return {**answer, "components": document["components"]}


@pytest.fixture
def records(cica: Context) -> dict[str, int]:
    with cica.unit_of_work() as session:
        open_draft = make_draft(session, organ="soc", title="Under negotiation")
        adopted = make_draft(session, organ="ministerial_council", title="Adopted", actor=SECRETARIAT)
        procedure = operations.open_consensus(session, adopted.id, actor=CHAIR)
        closed = operations.close_consensus(session, procedure.id, actor=CHAIR)
        assert closed.decision is not None
        return {"draft": open_draft.id, "adopted": adopted.id, "decision": closed.decision.id}


@pytest.mark.parametrize(("path", "address"), ROUTES)
def test_answers_sent_as_bytes_match_the_openapi_document(
    client: TestClient, records: dict[str, int], path: str, address: str
) -> None:
    document = client.get("/api/v1/openapi.json").json()
    answer = client.get(address.format(**records))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    schema = schema_of(document, path)
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(answer.json()))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
