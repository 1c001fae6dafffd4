"""The pure rules of accounts: e-mail addresses, passwords, roles per delegation, throttling and
the state of a web session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cica.access.actors import Role
from cica.accounts import rules as account_rules
from cica.core.errors import InvalidInput


def test_an_email_is_normalised_and_checked() -> None:
    assert account_rules.normalise_email("  Head.IND@Example.ORG ") == "head.ind@example.org"
    with pytest.raises(InvalidInput):
        account_rules.normalise_email("not an address")


def test_passwords_need_twelve_characters() -> None:
    assert account_rules.password_problem("short") is not None
    assert account_rules.password_problem(" " * 20) is not None
    assert account_rules.password_problem("x" * 2000) is not None
    assert account_rules.password_problem("correct horse battery") is None


@pytest.mark.parametrize(
    ("role", "delegation", "kind", "fits"),
    [
        ("secretariat", None, None, True),
        ("secretariat", "IND", "member", False),
        ("delegate", None, None, False),
        ("delegate", "IND", "member", True),
        ("delegate", "JPN", "observer", False),
        ("observer_delegate", "JPN", "observer", True),
        ("observer_delegate", "IND", "member", False),
        ("head_of_delegation", "JPN", "observer", True),
        ("head_of_delegation", "XXX", None, False),
    ],
)
def test_an_account_fits_its_delegation(
    role: Role, delegation: str | None, kind: str | None, fits: bool
) -> None:
    assert (account_rules.account_problem(role, delegation, kind) is None) == fits


def test_sign_in_is_throttled_after_five_failures() -> None:
    assert not account_rules.throttled(5, 0)
    assert account_rules.throttled(6, 0)
    assert account_rules.throttled(0, 6)


def test_a_session_ends_when_idle_and_after_its_lifetime() -> None:
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    idle, lifetime = timedelta(hours=2), timedelta(hours=12)

    def state(last_seen: datetime, now: datetime) -> str:
        return account_rules.session_state(start, last_seen, now, idle=idle, lifetime=lifetime)

    assert state(start, start + timedelta(hours=1)) == "active"
    assert state(start, start + timedelta(hours=2)) == "idle"
    assert state(start + timedelta(hours=11), start + timedelta(hours=11, minutes=30)) == "active"
    assert state(start + timedelta(hours=11, minutes=59), start + timedelta(hours=12)) == "expired"
