"""`cica users …`, `cica delegations …` and `cica demo`'s accounts, as an administrator runs them,
and `--as EMAIL` for a user's own rights at the command line."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from cica.accounts.models import ApiToken, User
from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.core.settings import Settings
from tests.conftest import RunCli


@pytest.fixture
def initialised(run_cli: RunCli) -> RunCli:
    assert run_cli("init").exit_code == 0
    return run_cli


def context_of(settings: Settings) -> Context:
    return Context.create(settings)


def test_adding_a_user_with_a_password_on_stdin(initialised: RunCli, settings: Settings) -> None:
    result = initialised(
        "users",
        "add",
        "Head@IND.example",
        "--delegation",
        "ind",
        "--role",
        "head_of_delegation",
        input="correct horse battery staple\n",
    )
    assert result.exit_code == 0, result.output
    assert "added head@ind.example" in result.stdout
    assert "as head_of_delegation of IND (India)" in result.stdout
    assert "password" not in result.stdout  # it was given, so it is not printed
    context = context_of(settings)
    with context.unit_of_work(write=False) as session:
        user = session.scalars(select(User)).one()
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    context.close()
    assert user.password_hash.startswith("$argon2id$")
    assert entry is not None and entry.actor_email.startswith("cli:") and entry.role == "admin"


def test_without_a_password_one_is_generated_and_printed_once(initialised: RunCli) -> None:
    result = initialised("users", "add", "officer@example.org", "--secretariat", "--role", "secretariat")
    assert result.exit_code == 0
    found = re.search(r"password \(shown once\): (\S+)", result.stdout)
    assert found and len(found.group(1)) >= 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "delegate"], "give exactly one of --delegation CODE and --secretariat"),
        (["--delegation", "IND", "--secretariat", "--role", "delegate"], "give exactly one"),
        (["--delegation", "IND", "--role", "chair"], "--role: 'chair' is not one of"),
        (["--delegation", "JPN", "--role", "delegate"], "JPN is an observer today"),
        (["--secretariat", "--role", "delegate"], "needs a delegation"),
    ],
)
def test_a_bad_account_is_refused_in_one_line(initialised: RunCli, args: list[str], message: str) -> None:
    result = initialised("users", "add", "x@example.org", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_short_password_is_refused(initialised: RunCli) -> None:
    result = initialised(
        "users", "add", "x@ind.example", "--delegation", "IND", "--role", "delegate", input="short\n"
    )
    assert result.exit_code == 2
    assert "at least 12 characters" in result.stderr


def test_listing_and_disabling_users(initialised: RunCli) -> None:
    initialised("users", "add", "a@ind.example", "--delegation", "IND", "--role", "delegate")
    initialised("users", "add", "b@pak.example", "--delegation", "PAK", "--role", "delegate")
    assert initialised("users", "disable", "a@ind.example").exit_code == 0
    listed = json.loads(initialised("users", "list", "--format", "json").stdout)["items"]
    assert [(u["email"], u["disabled_at"] is not None) for u in listed] == [
        ("a@ind.example", True),
        ("b@pak.example", False),
    ]
    again = initialised("users", "disable", "a@ind.example")
    assert again.exit_code == 2 and "already disabled" in again.stderr


def test_a_token_is_printed_once_and_can_be_revoked(initialised: RunCli, settings: Settings) -> None:
    initialised("users", "add", "a@ind.example", "--delegation", "IND", "--role", "delegate")
    created = initialised("users", "token", "create", "a@ind.example", "--name", "script")
    token = re.search(r"\(shown once\): (cica_\S+)", created.stdout)
    assert token
    context = context_of(settings)
    with context.unit_of_work(write=False) as session:
        stored = session.scalars(select(ApiToken)).one()
    context.close()
    assert token.group(1) not in stored.token_hash
    assert initialised("users", "token", "revoke", str(stored.id)).exit_code == 0
    assert "already revoked" in initialised("users", "token", "revoke", str(stored.id)).stderr


def test_a_delegate_of_india_cannot_act_for_pakistan_at_the_command_line(
    initialised: RunCli, settings: Settings
) -> None:
    initialised("users", "add", "head@ind.example", "--delegation", "IND", "--role", "head_of_delegation")
    own = initialised(
        "delegations", "set", "IND", "--contact-email", "mission@ind.example", "--as", "head@ind.example"
    )
    assert own.exit_code == 0 and "IND: changed contact_email" in own.stdout
    refused = initialised(
        "delegations", "set", "PAK", "--contact-email", "x@pak.example", "--as", "head@ind.example"
    )
    assert refused.exit_code == 2
    assert "acts for IND only, not for PAK" in refused.stderr
    spy = initialised(
        "users",
        "add",
        "spy@pak.example",
        "--delegation",
        "PAK",
        "--role",
        "delegate",
        "--as",
        "head@ind.example",
    )
    assert spy.exit_code == 2
    shown = json.loads(initialised("delegations", "show", "PAK", "--format", "json").stdout)
    assert shown["contact_email"] is None
    context = context_of(settings)
    with context.unit_of_work(write=False) as session:
        denied = session.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied")).all()
    context.close()
    assert [(e.action, e.actor_email, e.objects) for e in denied] == [
        ("delegation.update", "head@ind.example", ["participant:PAK"]),
        ("users.manage", "head@ind.example", ["user:spy@pak.example"]),
    ]


def test_a_head_of_delegation_adds_their_own_delegates_with_as(initialised: RunCli) -> None:
    initialised("users", "add", "head@ind.example", "--delegation", "IND", "--role", "head_of_delegation")
    added = initialised(
        "users",
        "add",
        "d@ind.example",
        "--delegation",
        "IND",
        "--role",
        "delegate",
        "--as",
        "head@ind.example",
    )
    assert added.exit_code == 0
    listed = json.loads(initialised("users", "list", "--format", "json", "--as", "head@ind.example").stdout)
    assert {u["email"] for u in listed["items"]} == {"head@ind.example", "d@ind.example"}


def test_acting_as_an_unknown_user_is_an_error(initialised: RunCli) -> None:
    result = initialised("delegations", "set", "IND", "--head-name", "X", "--as", "nobody@example.org")
    assert result.exit_code == 2
    assert "no active user" in result.stderr


DEMO_ACCOUNTS = [
    "admin@example.org",
    "secretariat@example.org",
    "head.ind@example.org",
    "delegate.chn@example.org",
    "observer.jpn@example.org",
]


def test_demo_creates_one_account_per_role_once(run_cli: RunCli) -> None:
    first = run_cli("demo")
    assert first.exit_code == 0, first.output
    for email in DEMO_ACCOUNTS:
        assert re.search(rf"^  {re.escape(email)} .* \S{{20}}$", first.stdout, re.MULTILINE), email
    second = run_cli("demo")
    assert second.exit_code == 0
    for email in DEMO_ACCOUNTS:
        assert re.search(
            rf"^  {re.escape(email)} .*\(exists already: password unchanged\)$", second.stdout, re.MULTILINE
        )
    assert run_cli("audit", "verify").stdout.startswith("OK ")
