"""The rules of accounts: e-mail addresses, passwords, which role fits which delegation,
sign-in throttling and the state of a web session. Pure: no I/O."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Literal

from cica.access.actors import DELEGATION_ROLES, USER_ROLES, Role
from cica.core.errors import InvalidInput

# --- Accounts -------------------------------------------------------------------------------

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 12
# Argon2 cost grows with input size only slightly, but an unbounded body is still a lever.
MAX_PASSWORD = 1024


def normalise_email(value: str) -> str:
    email = value.strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise InvalidInput(f"{value!r} is not an e-mail address")
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

THROTTLE_FAILURES = 5
THROTTLE_WINDOW = timedelta(minutes=1)


def throttled(account_failures: int, client_failures: int) -> bool:
    """At most `THROTTLE_FAILURES` failed sign-ins per window, per account and per address."""
    return account_failures > THROTTLE_FAILURES or client_failures > THROTTLE_FAILURES


SessionState = Literal["active", "idle", "expired"]


def session_state(
    created_at: datetime, last_seen_at: datetime, now: datetime, *, idle: timedelta, lifetime: timedelta
) -> SessionState:
    """A web session ends after `idle` without use, and `lifetime` after sign-in in any case."""
    if now >= created_at + lifetime:
        return "expired"
    if now >= last_seen_at + idle:
        return "idle"
    return "active"
