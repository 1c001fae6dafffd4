"""The pure rules of accounts: e-mail addresses, passwords, roles per delegation, throttling and
the state of a web session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.access.actors import Role
from cica.accounts import rules as account_rules
from cica.core.errors import InvalidInput


def test_an_email_is_normalised_and_checked() -> None:
    assert account_rules.normalise_email("  Head.IND@Example.ORG ") == "head.ind@example.org"
    with pytest.raises(InvalidInput):
        account_rules.normalise_email("not an address")


@pytest.mark.parametrize(
    "address",
    [
        "<script>alert(1)</script>@ex.org",
        "a b@ex.org",
        "ana@ex",
        "ana@@ex.org",
        "ana@-ex.org",
        "x" * 250 + "@ex.org",
    ],
)
def test_an_address_a_pattern_would_pass_is_refused(address: str) -> None:
    with pytest.raises(InvalidInput, match="is not an e-mail address"):
        account_rules.normalise_email(address)


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


def test_a_pair_waits_after_five_failures_twice_as_long_each_time() -> None:
    assert [account_rules.pair_delay(n) for n in range(5)] == [timedelta(0)] * 5
    assert [account_rules.pair_delay(n).total_seconds() // 60 for n in range(5, 11)] == [1, 2, 4, 8, 15, 15]


def test_a_sign_in_waits_for_its_pair_s_delay_or_the_address_ceiling() -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert account_rules.signin_wait(4, now, 0, now) == timedelta(0)
    assert account_rules.signin_wait(5, now - timedelta(seconds=20), 5, now) == timedelta(seconds=40)
    assert account_rules.signin_wait(5, now - timedelta(minutes=2), 5, now) <= timedelta(0)
    # Many accounts failing from one address (an office NAT) do not stop it below the ceiling.
    assert account_rules.signin_wait(0, None, account_rules.ADDRESS_CEILING - 1, now) == timedelta(0)
    assert (
        account_rules.signin_wait(0, None, account_rules.ADDRESS_CEILING, now)
        == account_rules.PAIR_FIRST_DELAY
    )


@given(st.integers(min_value=0, max_value=10_000))
def test_a_pair_s_delay_grows_and_is_bounded(failures: int) -> None:
    assert (
        account_rules.pair_delay(failures)
        <= account_rules.pair_delay(failures + 1)
        <= account_rules.PAIR_MAX_DELAY
    )


def test_one_pair_cannot_reach_the_address_ceiling_within_its_window() -> None:
    # The most failures one account can make from one address in ADDRESS_WINDOW, waiting out
    # every delay: far below the ceiling, so it cannot lock the address's other accounts out.
    elapsed, failures = timedelta(0), 0
    while elapsed <= account_rules.ADDRESS_WINDOW:
        failures += 1
        elapsed += account_rules.pair_delay(failures)
    assert failures < account_rules.ADDRESS_CEILING


def test_a_session_ends_when_idle_and_after_its_lifetime() -> None:
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    idle, lifetime = timedelta(hours=2), timedelta(hours=12)

    def state(last_seen: datetime, now: datetime) -> str:
        return account_rules.session_state(start, last_seen, now, idle=idle, lifetime=lifetime)

    assert state(start, start + timedelta(hours=1)) == "active"
    assert state(start, start + timedelta(hours=2)) == "idle"
    assert state(start + timedelta(hours=11), start + timedelta(hours=11, minutes=30)) == "active"
    assert state(start + timedelta(hours=11, minutes=59), start + timedelta(hours=12)) == "expired"
