"""The audit page's "verify the chain" button: the same verification as `cica audit verify`,
with the head hash shown to record elsewhere; only for those who may read the trail."""

from __future__ import annotations

from sqlalchemy import text

from cica.access.actors import Actor
from cica.audit import queries
from cica.core.context import Context
from tests.integration.audit.test_attacks import drop_triggers
from tests.integration.audit.test_audit import as_attacker
from tests.web.deliberation.conftest import Api, sign_in
from tests.web.deliberation.conftest import api as api  # the fixture, shared


def test_the_secretariat_verifies_the_chain_from_the_audit_page(api: Api, cica: Context) -> None:
    sign_in(api.client, api.emails["secretariat"])
    assert 'action="/audit/verify"' in api.client.get("/audit").text
    page = api.client.get("/audit/verify", params={"lang": "ru"})
    with cica.unit_of_work(write=False) as session:
        expected = queries.verify(session, actor=Actor.command_line())
    assert page.status_code == 200 and expected.ok
    assert f'<code id="head-hash">{expected.head_hash}</code>' in page.text
    with as_attacker(cica) as connection:
        connection.execute(text("UPDATE audit_entry SET summary = 'rewritten' WHERE seq = 1"))
    broken = api.client.get("/audit/verify", params={"lang": "en"})
    assert broken.status_code == 409 and "broken at entry 1" in broken.text
    assert "does not match its hash" in broken.text


def test_a_delegate_has_no_verify_button_and_is_refused(api: Api, cica: Context) -> None:
    sign_in(api.client, api.emails["india"])
    assert api.client.get("/audit/verify").status_code == 403


def test_a_problem_outside_the_chain_is_named_on_the_verify_page(api: Api, cica: Context) -> None:
    """Dropped append-only triggers leave every entry intact, yet the verification fails: the page
    says so and names the problem instead of a broken entry."""
    sign_in(api.client, api.emails["secretariat"])
    with cica.engine.begin() as connection:
        drop_triggers(connection)
    page = api.client.get("/audit/verify", params={"lang": "en"})
    assert page.status_code == 409
    assert "The verification found problems:" in page.text and "broken at entry" not in page.text
    assert '<ul class="problems" id="problems">' in page.text and "trigger" in page.text


def test_the_audit_filters_are_read_only_for_whoever_may_read_the_audit(api: Api) -> None:
    """A bad filter from someone refused is the refusal, not the filter's error; from the
    Secretariat it is the filter's error, on the page and on the export."""
    sign_in(api.client, api.emails["india"])
    for path in ("/audit", "/audit/export"):
        assert api.client.get(path, params={"since": "someday"}).status_code == 403
    sign_in(api.client, api.emails["secretariat"])
    for path in ("/audit", "/audit/export"):
        assert api.client.get(path, params={"since": "someday"}).status_code == 422
