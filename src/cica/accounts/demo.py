"""The demo accounts `cica demo` creates: one per role, so that a newcomer can try every path.

Chosen from the loaded charter, so that any body's charter gets them: India's head of delegation,
a Chinese delegate and an observer delegate of Japan for CICA, else the first member and observer
states of the day.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from cica.access.actors import Actor, Role
from cica.accounts import operations
from cica.accounts.models import User
from cica.accounts.passwords import Passwords, generate_password
from cica.core.capability import DemoAccount, DemoResult
from cica.core.context import Context
from cica.registry import queries as registry_queries

PREFERRED = {"head": "IND", "delegate": "CHN", "observer": "JPN"}
DOMAIN = "example.org"  # reserved for examples (RFC 2606): no mail ever reaches anyone


def _plan(context: Context, day: date | None) -> list[tuple[str, Role, str | None]]:
    with context.unit_of_work(write=False) as session:
        day = day or registry_queries.seat_today(session)
        members = [
            m.code for m in registry_queries.members_on(session, day, "member").items if m.type == "state"
        ]
        observers = [
            m.code for m in registry_queries.members_on(session, day, "observer").items if m.type == "state"
        ]

    def pick(preferred: str, pool: list[str], avoid: set[str]) -> str | None:
        if preferred in pool:
            return preferred
        return next((code for code in sorted(pool) if code not in avoid), None)

    head = pick(PREFERRED["head"], members, set())
    delegate = pick(PREFERRED["delegate"], members, {head} if head else set())
    observer = pick(PREFERRED["observer"], observers, set())
    plan: list[tuple[str, Role, str | None]] = [
        (f"admin@{DOMAIN}", "admin", None),
        (f"secretariat@{DOMAIN}", "secretariat", None),
    ]
    if head:
        plan.append((f"head.{head.lower()}@{DOMAIN}", "head_of_delegation", head))
    if delegate:
        plan.append((f"delegate.{delegate.lower()}@{DOMAIN}", "delegate", delegate))
    if observer:
        plan.append((f"observer.{observer.lower()}@{DOMAIN}", "observer_delegate", observer))
    return plan


def create_demo_accounts(context: Context, *, day: date | None = None) -> list[DemoAccount]:
    """Creates the accounts that do not exist yet, with generated passwords, and lists all."""
    passwords = Passwords.from_settings(context.settings)
    accounts = []
    for email, role, delegation in _plan(context, day):
        with context.unit_of_work(write=False) as session:
            exists = session.scalar(select(User.id).where(User.email == email)) is not None
        if exists:
            accounts.append(DemoAccount(email, role, delegation, None))
            continue
        accounts.append(add_demo_account(context, passwords, email, role, delegation))
    return accounts


def add_demo_account(
    context: Context, passwords: Passwords, email: str, role: Role, delegation: str | None
) -> DemoAccount:
    """A new account with a generated password, added by the command line. The slow hash is
    computed before the unit of work, so SQLite's write lock is not held while it runs."""
    password = generate_password()
    password_hash = passwords.hash(password)
    with context.unit_of_work() as session:
        operations.add_user(
            session,
            email=email,
            role=role,
            delegation=delegation,
            password_hash=password_hash,
            actor=Actor.command_line(),
        )
    return DemoAccount(email, role, delegation, password)


def demo_step(context: Context) -> DemoResult:
    """`cica demo`'s step for accounts: one per role."""
    return DemoResult(accounts=tuple(create_demo_accounts(context)))
