"""Writes of access: accounts, tokens, sign-in and sign-out, delegation profiles.

Each verb checks the permission table first (`authorize`) and writes its audit entry in the same
transaction. `sign_in` is the exception that manages its own units of work: a failed attempt
must be kept (for throttling) although the sign-in fails, and the password check, which is
slow on purpose, must not hold the database's write lock.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cica.access.actors import Actor, Role, as_role
from cica.access.guard import authorize
from cica.accounts import rules
from cica.accounts.models import ApiToken, DelegationProfile, InstanceSecret, SigninAttempt, User, WebSession
from cica.accounts.passwords import Passwords
from cica.accounts.queries import actor_of, delegation_kind, digest
from cica.audit.operations import record
from cica.core import clock
from cica.core.context import Context
from cica.core.db import get_or_not_found
from cica.core.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, Throttled
from cica.registry import queries as registry_queries
from cica.registry.models import Participant

TOKEN_PREFIX = "cica_"
# Sign-in attempts are kept this long (for throttling and to look into an attack), then pruned.
ATTEMPTS_KEPT = timedelta(days=1)
# A session's last use is written at most this often, not on every request.
TOUCH_INTERVAL = timedelta(minutes=1)


def hash_new_password(passwords: Passwords, password: str) -> str:
    """Checks the password rules and hashes; done before a unit of work opens, as it is slow."""
    problem = rules.password_problem(password)
    if problem:
        raise InvalidInput(problem)
    return passwords.hash(password)


# --- Accounts -------------------------------------------------------------------------------


def add_user(
    session: Session,
    *,
    email: str,
    role: str,
    delegation: str | None,
    password_hash: str,
    actor: Actor,
    now: datetime | None = None,
) -> User:
    now = now or clock.now(session)
    try:
        chosen: Role = as_role(role)
    except ValueError:
        raise InvalidInput(f"unknown role {role!r}") from None
    code = delegation.strip().upper() if delegation else None
    address = rules.normalise_email(email)
    authorize(session, actor, "users.manage", delegation=code, role=chosen, objects=[f"user:{address}"])
    if code is not None and session.get(Participant, code) is None:
        raise NotFound(f"no participant {code!r} in the charter")
    kind = (
        delegation_kind(session, code, clock.day_at(now, registry_queries.seat_zone(session)))
        if code
        else None
    )
    problem = rules.account_problem(chosen, code, kind)
    if problem:
        raise InvalidInput(problem)
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        raise Conflict(f"there is already a user {address}")
    user = User(email=address, role=chosen, delegation_code=code, password_hash=password_hash, created_at=now)
    session.add(user)
    session.flush()
    told = f"added {address} as {chosen} of {code or 'the Secretariat'}"
    return _record_on_user(session, user, told, action="users.add", actor=actor, now=now)


def disable_user(session: Session, *, email: str, actor: Actor, now: datetime | None = None) -> User:
    """Disables an account: no more sign-in, its sessions end, its tokens stop working."""
    now = now or clock.now(session)
    user = session.scalars(select(User).where(User.email == rules.normalise_email(email))).first()
    if user is None:
        raise NotFound(f"no user {email!r}")
    authorize(
        session,
        actor,
        "users.manage",
        delegation=user.delegation_code,
        role=as_role(user.role),
        objects=[f"user:{user.id}"],
    )
    if user.id == actor.user_id:
        raise Conflict("you cannot disable your own account; ask another administrator")
    if user.disabled_at is not None:
        raise Conflict(f"{user.email} is already disabled")
    user.disabled_at = now
    session.execute(
        update(WebSession)
        .where(WebSession.user_id == user.id, WebSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    return _record_on_user(
        session, user, f"disabled {user.email}", action="users.disable", actor=actor, now=now
    )


def _record_on_user(
    session: Session, user: User, summary: str, *, action: str, actor: Actor, now: datetime
) -> User:
    """The audit entry of a change to a user's account, naming the account."""
    record(session, actor=actor, action=action, objects=[f"user:{user.id}"], summary=summary, now=now)
    return user


# --- API tokens -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once; only its digest is stored


def create_token(
    session: Session, *, user_id: int, name: str, actor: Actor, now: datetime | None = None
) -> NewToken:
    now = now or clock.now(session)
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("name: a token needs a name of 1 to 100 characters")
    authorize(session, actor, "token.manage", owner=user_id, objects=[f"user:{user_id}"])
    user = get_or_not_found(session, User, user_id, "user")
    if user.disabled_at is not None:
        raise Conflict(f"{user.email} is disabled")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user_id,
        name=name,
        token_hash=digest(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 4],
        created_at=now,
    )
    session.add(token)
    session.flush()
    told = f"created API token {token.id} ({name!r}, {token.prefix}…) for {user.email}"
    _record_on_token(session, token, told, action="token.create", actor=actor, now=now)
    return NewToken(token, secret)


def revoke_token(session: Session, *, token_id: int, actor: Actor, now: datetime | None = None) -> ApiToken:
    now = now or clock.now(session)
    token = session.get(ApiToken, token_id)
    # An unknown token and someone else's look the same to a user without rights over both.
    if token is None:
        raise NotFound(f"no API token {token_id}")
    authorize(session, actor, "token.manage", owner=token.user_id, objects=[f"token:{token_id}"])
    if token.revoked_at is not None:
        raise Conflict(f"API token {token_id} is already revoked")
    token.revoked_at = now
    told = f"revoked API token {token_id} ({token.name!r})"
    _record_on_token(session, token, told, action="token.revoke", actor=actor, now=now)
    return token


def _record_on_token(
    session: Session, token: ApiToken, summary: str, *, action: str, actor: Actor, now: datetime
) -> None:
    """The audit entry of a change to an API token, naming the token and its owner's account."""
    objects = [f"token:{token.id}", f"user:{token.user_id}"]
    record(session, actor=actor, action=action, objects=objects, summary=summary, now=now)


# --- Delegation profiles --------------------------------------------------------------------

PROFILE_FIELDS = ("head_name", "contact_email", "address")


def set_delegation_profile(
    session: Session, code: str, changes: dict[str, str | None], *, actor: Actor, now: datetime | None = None
) -> list[str]:
    """Sets some of a delegation's contact details (an empty value clears one); returns the
    names of the fields that changed. Nothing changed, nothing recorded."""
    now = now or clock.now(session)
    code = code.strip().upper()
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}")
    authorize(session, actor, "delegation.update", delegation=code, objects=[f"participant:{code}"])
    if session.get(Participant, code) is None:
        raise NotFound(f"no participant {code!r} in the charter")
    cleaned = {name: _clean(name, value) for name, value in changes.items()}
    profile = session.get(DelegationProfile, code)
    if profile is None:
        profile = DelegationProfile(participant_code=code, updated_at=now)
        session.add(profile)
    changed = [name for name, value in cleaned.items() if getattr(profile, name) != value]
    if not changed:
        if profile in session.new:
            session.expunge(profile)
        return []
    summary = "; ".join(f"{name}: {getattr(profile, name)!r} -> {cleaned[name]!r}" for name in changed)
    for name in changed:
        setattr(profile, name, cleaned[name])
    profile.updated_at = now
    session.flush()
    record(
        session,
        actor=actor,
        action="delegation.update",
        objects=[f"participant:{code}"],
        summary=summary,
        now=now,
    )
    return changed


def _clean(name: str, value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if name == "contact_email":
        try:
            return rules.normalise_email(text)
        except InvalidInput as error:
            raise InvalidInput(f"{name}: {error.message}") from None
    if len(text) > 500:
        raise InvalidInput(f"{name}: at most 500 characters")
    return text


# --- Sign-in and sessions -------------------------------------------------------------------


@dataclass(frozen=True)
class SignedIn:
    cookie: str  # the session cookie's value; only its digest is stored
    csrf_token: str
    actor: Actor


def sign_in(
    context: Context, *, email: str, password: str, client: str, now: datetime | None = None
) -> SignedIn:
    """Opens a web session, or raises `NotAuthenticated` (the same for an unknown e-mail, a wrong
    password and a disabled account) or `Throttled`: this e-mail from this address failed too
    often lately (a growing delay), or this address did for any accounts (a ceiling); see
    `rules.signin_wait`. Each lockout is put in the audit trail."""
    now = now or context.clock.now()
    address = email.strip().lower()[:254]
    client = client[:64]
    passwords = Passwords.from_settings(context.settings)
    # 1. The attempt is written as failed, and committed, before anything is checked: then every
    # concurrent attempt, from any process, is counted by the ones that follow it.
    with context.unit_of_work() as session:
        attempt = SigninAttempt(at=now, email=address, client=client, outcome="failed")
        session.add(attempt)
        session.flush()
        attempt_id = attempt.id
    # 2. Counted after the commit, so that of any concurrent attempts each sees the others.
    with context.unit_of_work() as session:
        session.execute(delete(SigninAttempt).where(SigninAttempt.at < now - ATTEMPTS_KEPT))
        prune_sessions(session, now=now, lifetime=timedelta(hours=context.settings.session_max_hours))
        pair_failures, last_pair_failure, address_failures = _failures(
            session, address, client, now, attempt_id
        )
        wait = rules.signin_wait(pair_failures, last_pair_failure, address_failures, now)
        if wait > timedelta(0):
            # Refused unchecked, so it does not count: the limit is on passwords tried.
            session.execute(delete(SigninAttempt).where(SigninAttempt.id == attempt_id))
            stored, user_id = None, None
        else:
            user = session.scalars(select(User).where(User.email == address)).first()
            active = user is not None and user.disabled_at is None
            stored, user_id = (user.password_hash, user.id) if user is not None and active else (None, None)
    if wait > timedelta(0):
        seconds = math.ceil(wait.total_seconds())
        raise Throttled(f"too many failed sign-ins: wait {seconds} s, then try again", retry_after=seconds)
    # 3. The slow check, outside any transaction; an unknown account costs the same time.
    if not passwords.verify(stored, password) or user_id is None:
        _record_lockout(context, address, client, pair_failures + 1, address_failures + 1, now)
        raise NotAuthenticated("wrong e-mail or password")
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    new_hash = passwords.hash(password) if stored and passwords.needs_rehash(stored) else None
    with context.unit_of_work() as session:
        user = session.get(User, user_id)
        if user is None or user.disabled_at is not None:  # disabled in the meantime
            raise NotAuthenticated("wrong e-mail or password")
        session.execute(
            update(SigninAttempt).where(SigninAttempt.id == attempt_id).values(outcome="succeeded")
        )
        if new_hash:
            user.password_hash = new_hash
        session.add(
            WebSession(
                id=digest(cookie),
                user_id=user.id,
                csrf_token=csrf,
                client=client,
                created_at=now,
                last_seen_at=now,
            )
        )
        actor = actor_of(user)
        record(
            session,
            actor=actor,
            action="session.sign_in",
            objects=[f"user:{user.id}"],
            summary=f"signed in from {client}",
            now=now,
        )
    return SignedIn(cookie, csrf, actor)


def _failures(
    session: Session, address: str, client: str, now: datetime, attempt_id: int
) -> tuple[int, datetime | None, int]:
    """This pair's failures (and the latest) and this address's, other than attempt `attempt_id`."""
    failed = (SigninAttempt.outcome == "failed", SigninAttempt.id != attempt_id, SigninAttempt.at <= now)
    pair_failures, last_pair_failure = session.execute(
        select(func.count(), func.max(SigninAttempt.at)).where(
            *failed,
            SigninAttempt.email == address,
            SigninAttempt.client == client,
            SigninAttempt.at > now - rules.PAIR_WINDOW,
        )
    ).one()
    address_failures = session.scalar(
        select(func.count()).where(
            *failed, SigninAttempt.client == client, SigninAttempt.at > now - rules.ADDRESS_WINDOW
        )
    )
    if last_pair_failure is not None and last_pair_failure.tzinfo is None:  # SQLite's func.max
        last_pair_failure = last_pair_failure.replace(tzinfo=UTC)
    return pair_failures or 0, last_pair_failure, address_failures or 0


def _record_lockout(
    context: Context, address: str, client: str, pair_failures: int, address_failures: int, now: datetime
) -> None:
    """Puts in the audit trail each failure that makes a pair wait, and the one that takes an
    address to its ceiling (no more: the delays bound how many there can be)."""
    summaries = []
    delay = rules.pair_delay(pair_failures)
    if delay > timedelta(0):
        summaries.append(
            f"sign-in for {address} from {client} locked for {math.ceil(delay.total_seconds())} s "
            f"after {pair_failures} failed passwords"
        )
    if address_failures == rules.ADDRESS_CEILING:
        summaries.append(
            f"sign-in from {client} locked after {address_failures} failed passwords in "
            f"{int(rules.ADDRESS_WINDOW.total_seconds() // 60)} minutes, for any account"
        )
    if summaries:
        with context.unit_of_work() as session:
            for summary in summaries:
                record(
                    session,
                    actor=None,
                    action="session.sign_in",
                    objects=[f"signin:{client}"],
                    summary=summary,
                    outcome="denied",
                    now=now,
                )


def sign_out(session: Session, *, session_id: str, actor: Actor, now: datetime | None = None) -> None:
    authorize(session, actor, "session.sign_out")
    web = session.get(WebSession, session_id)
    if web is None or web.user_id != actor.user_id or web.ended_at is not None:
        return
    web.ended_at = now or clock.now(session)
    record(
        session,
        actor=actor,
        action="session.sign_out",
        objects=[f"user:{actor.user_id}"],
        summary="signed out",
    )


def touch_session(session: Session, *, session_id: str, now: datetime) -> None:
    """Notes that a session is in use, for its idle expiry. Bookkeeping, not an act: not audited."""
    session.execute(update(WebSession).where(WebSession.id == session_id).values(last_seen_at=now))


def should_touch(last_seen_at: datetime, now: datetime) -> bool:
    return now - last_seen_at >= TOUCH_INTERVAL


def prune_sessions(session: Session, *, now: datetime, lifetime: timedelta) -> int:
    """Deletes sessions ended or past their lifetime for a day: they can never be used again."""
    cutoff = now - lifetime - timedelta(days=1)
    result = session.execute(
        delete(WebSession).where(
            (WebSession.created_at < cutoff) | (WebSession.ended_at < now - timedelta(days=1))
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- Instance secrets -----------------------------------------------------------------------


def instance_secret(context: Context, name: str) -> str:
    """The configured `secret_key`, or a key generated once and kept in the database, so that
    every worker and every restart signs with the same key."""
    if context.settings.secret_key:
        return context.settings.secret_key
    with context.unit_of_work(write=False) as session:
        found = session.get(InstanceSecret, name)
        if found is not None:
            return found.value
    try:
        with context.unit_of_work() as session:
            session.add(
                InstanceSecret(name=name, value=secrets.token_urlsafe(48), created_at=clock.now(session))
            )
    except IntegrityError:
        pass  # another worker created it first: use theirs
    with context.unit_of_work(write=False) as session:
        created = session.get(InstanceSecret, name)
        if created is None:
            raise RuntimeError(f"instance secret {name!r} could not be stored")
        return created.value
