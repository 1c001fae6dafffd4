"""The rules of accounts: e-mail addresses, passwords, which role fits which delegation,
sign-in throttling and the state of a web session. Pure: no I/O."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from email_validator import EmailNotValidError, validate_email

from cica.access.actors import DELEGATION_ROLES, USER_ROLES, Role
from cica.core.errors import InvalidInput

# --- Accounts -------------------------------------------------------------------------------

MIN_PASSWORD = 12
# Argon2 cost grows with input size only slightly, but an unbounded body is still a lever.
MAX_PASSWORD = 1024


def normalise_email(value: str) -> str:
    """The address in the one form it is stored in (lower case), or `InvalidInput`.

    Checked by `email-validator` for its form only (no DNS: a rule does no I/O), which refuses
    what a pattern would let through, such as `<script>alert(1)</script>@ex.org`."""
    try:
        checked = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidInput(f"{value!r} is not an e-mail address: {error}") from None
    email = checked.normalized.lower()
    if len(email) > 254:
        raise InvalidInput(f"{value!r} is not an e-mail address: it is longer than 254 characters")
    return email


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"a password needs at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"a password has at most {MAX_PASSWORD} characters"
    if not password.strip():
        return "a password cannot be only spaces"
    return None


def account_problem(role: Role, delegation: str | None, kind: str | None) -> str | None:
    """Whether an account of `role` fits `delegation`, whose category kind today is `kind`.

    Secretariat accounts belong to no delegation. A member state's people are its head of
    delegation and delegates; an observer's or partner's are its head and observer delegates.
    """
    if role not in USER_ROLES:
        return f"{role} is not a role a user can hold"
    if role not in DELEGATION_ROLES:
        return f"the role {role} belongs to the Secretariat, not to a delegation" if delegation else None
    if delegation is None:
        return f"the role {role} needs a delegation (--delegation CODE)"
    if kind is None:
        return f"{delegation} is not a member, observer or partner today"
    if role == "delegate" and kind != "member":
        return f"{delegation} is an {kind} today: its people are observer delegates, not delegates"
    if role == "observer_delegate" and kind == "member":
        return f"{delegation} is a member today: its people are delegates, not observer delegates"
    return None


# --- Sign-in --------------------------------------------------------------------------------

# Throttling is per (account, address) pair, so that nobody can lock an account (the Chair's, on
# a summit day) from elsewhere by trying passwords for it: its owner signs in from her own
# address, which is another pair. A pair has `PAIR_FREE_FAILURES` failures free; each further
# one makes it wait, twice as long each time (1, 2, 4 … minutes, at most `PAIR_MAX_DELAY`).
PAIR_FREE_FAILURES = 5
PAIR_FIRST_DELAY = timedelta(minutes=1)
PAIR_MAX_DELAY = timedelta(minutes=15)
# Failures of a pair count this long (sign-in attempts are kept a day).
PAIR_WINDOW = timedelta(hours=12)
# Above every pair, an address may fail this many times in `ADDRESS_WINDOW`, whatever the
# accounts: far above what one pair can reach with its delays, so one account tried from a
# delegation's office (one NAT address) does not lock the colleagues behind it out.
ADDRESS_CEILING = 60
ADDRESS_WINDOW = timedelta(minutes=10)


def pair_delay(failures: int) -> timedelta:
    """How long a pair waits after its latest failure, once it has failed `failures` times."""
    if failures < PAIR_FREE_FAILURES:
        return timedelta(0)
    doublings = min(failures - PAIR_FREE_FAILURES, 10)
    delay: timedelta = PAIR_FIRST_DELAY * (2**doublings)
    return min(delay, PAIR_MAX_DELAY)


def signin_wait(
    pair_failures: int, last_pair_failure: datetime | None, address_failures: int, now: datetime
) -> timedelta:
    """How long a sign-in must still wait (zero: it may be checked now).

    `pair_failures` and `last_pair_failure` are this account's failures from this address (in
    `PAIR_WINDOW`), `address_failures` the address's failures for any account (in
    `ADDRESS_WINDOW`)."""
    wait = timedelta(0)
    if last_pair_failure is not None:
        wait = max(wait, last_pair_failure + pair_delay(pair_failures) - now)
    if address_failures >= ADDRESS_CEILING:
        wait = max(wait, PAIR_FIRST_DELAY)
    return wait


SessionState = Literal["active", "idle", "expired"]


def session_ends_at(
    created_at: datetime, last_seen_at: datetime, *, idle: timedelta, lifetime: timedelta
) -> datetime:
    """The instant a session unused from now on ends (`session_state` turns from active)."""
    return min(created_at + lifetime, last_seen_at + idle)


def session_state(
    created_at: datetime, last_seen_at: datetime, now: datetime, *, idle: timedelta, lifetime: timedelta
) -> SessionState:
    """A web session ends after `idle` without use, and `lifetime` after sign-in in any case."""
    if now >= created_at + lifetime:
        return "expired"
    if now >= last_seen_at + idle:
        return "idle"
    return "active"
