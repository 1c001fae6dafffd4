"""The audit trail on the web: the Secretariat's page publishes the checkpoints' public key, and
the API's verification reports what `cica audit verify` does."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from cica.app import create_app
from cica.core.context import Context
from tests.conftest import RunCli
from tests.factories import make_token, make_user
from tests.integration.audit.test_attacks import adopt_with_reservation, last_entry_naming, tampering
from tests.web.access.conftest import sign_in


def test_the_audit_page_shows_the_public_key_that_signs_checkpoints(cica: Context, run_cli: RunCli) -> None:
    with cica.unit_of_work() as session:
        officer = make_user(session, role="secretariat")
    published = run_cli("audit", "public-key").stdout.strip()
    assert len(published) == 44  # 32 bytes in base64
    # Over https, so that the Secure session cookie is sent back.
    with TestClient(create_app(context=cica), base_url="https://testserver") as web:
        sign_in(web, officer.email)
        page = web.get("/audit", params={"lang": "fr"})
    assert page.status_code == 200
    assert f'<code id="audit-public-key" lang="zxx">{published}</code>' in page.text
    assert "Clé publique des points de contrôle" in page.text


def test_the_api_reports_each_problem_as_the_command_line_does(
    cica: Context, client: TestClient, run_cli: RunCli
) -> None:
    decision_id = adopt_with_reservation(cica)
    with cica.unit_of_work() as session:
        token = make_token(session, make_user(session, role="secretariat"))
    headers = {"Authorization": f"Bearer {token}"}
    healthy = client.get("/api/v1/audit/verify", headers=headers).json()
    assert healthy["ok"] is True and healthy["problems"] == []
    assert healthy["public_key"] == run_cli("audit", "public-key").stdout.strip()
    seq = last_entry_naming(cica, f"decision:{decision_id}")
    with tampering(cica) as connection:
        connection.execute(text("UPDATE decision SET title = 'Forged' WHERE id = :id"), {"id": decision_id})
    found = client.get("/api/v1/audit/verify", headers=headers).json()
    assert found["ok"] is False
    assert found["problems"] == [
        f"decision:{decision_id} (recorded by entry {seq}): its row no longer matches what was recorded"
    ]
    assert run_cli("audit", "verify").stdout.splitlines() == [f"BROKEN {line}" for line in found["problems"]]
