"""Read side of accounts: who is signed in, accounts, tokens, delegation profiles."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import AliasChoices, BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access.actors import Actor, as_role
from cica.access.guard import authorize
from cica.accounts import rules
from cica.accounts.models import ApiToken, DelegationProfile, User, WebSession
from cica.core.errors import NotFound
from cica.registry import queries as registry_queries
from cica.registry import snapshot
from cica.registry.standing import category_on


def digest(secret: str) -> str:
    """How session cookies and API tokens are stored: random and long, so SHA-256 suffices."""
    return hashlib.sha256(secret.encode()).hexdigest()


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.email, as_role(user.role), user.delegation_code)


# --- Who is calling -------------------------------------------------------------------------


def actor_for_token(session: Session, token: str) -> Actor | None:
    """The owner of a live API token, or None (unknown, revoked, or its user disabled)."""
    wanted = digest(token)
    found = session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id).where(ApiToken.token_hash == wanted)
    ).first()
    if found is None:
        return None
    api_token, user = found
    # The lookup is by digest, so timing reveals nothing of the token; comparing again in
    # constant time keeps that true whatever index the database uses.
    if not hmac.compare_digest(api_token.token_hash, wanted):
        return None
    if api_token.revoked_at is not None or user.disabled_at is not None:
        return None
    return actor_of(user)


@dataclass(frozen=True)
class OpenSession:
    id: str
    csrf_token: str
    last_seen_at: datetime
    actor: Actor
    ends_at: datetime  # when it ends if it is not used again


def web_session(
    session: Session, cookie: str, now: datetime, *, idle: timedelta, lifetime: timedelta
) -> OpenSession | rules.SessionState | None:
    """The session a cookie names: open, or why not (`idle`, `expired`), or None if unknown."""
    found = session.execute(
        select(WebSession, User)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.id == digest(cookie))
    ).first()
    if found is None:
        return None
    web, user = found
    if web.ended_at is not None or user.disabled_at is not None:
        return None
    state = rules.session_state(web.created_at, web.last_seen_at, now, idle=idle, lifetime=lifetime)
    if state != "active":
        return state
    ends_at = rules.session_ends_at(web.created_at, web.last_seen_at, idle=idle, lifetime=lifetime)
    return OpenSession(web.id, web.csrf_token, web.last_seen_at, actor_of(user), ends_at)


def actor_for_email(session: Session, email: str) -> Actor:
    """The active user with this e-mail, for `--as EMAIL` at the command line."""
    user = session.scalars(select(User).where(User.email == rules.normalise_email(email))).first()
    if user is None or user.disabled_at is not None:
        raise NotFound(f"no active user {email!r}")
    return actor_of(user)


def user_by_email(session: Session, email: str) -> User:
    user = session.scalars(select(User).where(User.email == rules.normalise_email(email))).first()
    if user is None:
        raise NotFound(f"no user {email!r}")
    return user


def delegation_name(session: Session, code: str, lang: str, day: date | None = None) -> str:
    return registry_queries.participant_names(session, day or registry_queries.seat_today(session), lang).get(
        code, code
    )


def delegation_kind(session: Session, code: str, day: date) -> str | None:
    """member, observer or partner on `day`; None if `code` is not a participant then."""
    category = category_on(session, code, day)
    return category.kind if category else None


# --- Accounts and tokens --------------------------------------------------------------------


class UserItem(BaseModel):
    id: int
    email: str
    role: str
    # The row's `delegation_code`, as `of` reads it; the answer calls it `delegation`.
    delegation: str | None = Field(validation_alias=AliasChoices("delegation_code", "delegation"))
    created_at: datetime
    disabled_at: datetime | None

    @classmethod
    def of(cls, user: User) -> UserItem:
        return cls.model_validate(user, from_attributes=True)


class UserList(BaseModel):
    items: list[UserItem]


class TokenItem(BaseModel):
    id: int
    user_id: int
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


def users(session: Session, actor: Actor) -> list[UserItem]:
    """The accounts `actor` may list: all for the Secretariat, its own delegation's for a head."""
    authorize(session, actor, "users.read", delegation=actor.delegation)
    query = select(User).order_by(User.delegation_code.is_not(None), User.delegation_code, User.email)
    if not actor.is_secretariat:
        query = query.where(User.delegation_code == actor.delegation)
    return [UserItem.of(user) for user in session.scalars(query)]


def tokens(session: Session, user_id: int, *, actor: Actor) -> list[TokenItem]:
    authorize(session, actor, "token.manage", owner=user_id, objects=[f"user:{user_id}"])
    found = session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id))
    return [TokenItem.model_validate(token, from_attributes=True) for token in found]


# --- Delegations ----------------------------------------------------------------------------


class DelegationItem(BaseModel):
    code: str
    name: str
    kind: str | None
    head_name: str | None = None
    contact_email: str | None = None
    address: str | None = None
    updated_at: datetime | None = None


def delegation(
    session: Session, code: str, lang: str = "en", day: date | None = None, *, actor: Actor
) -> DelegationItem:
    day = day or registry_queries.seat_today(session)
    code = code.strip().upper()
    authorize(session, actor, "delegation.read", objects=[f"participant:{code}"])
    if code not in snapshot.current(session).participants:
        raise NotFound(f"no participant {code!r} in the charter")
    profile = session.get(DelegationProfile, code)
    return DelegationItem(
        code=code,
        name=delegation_name(session, code, lang, day),
        kind=delegation_kind(session, code, day),
        head_name=profile.head_name if profile else None,
        contact_email=profile.contact_email if profile else None,
        address=profile.address if profile else None,
        updated_at=profile.updated_at if profile else None,
    )


def delegations(
    session: Session, lang: str = "en", day: date | None = None, *, actor: Actor
) -> list[DelegationItem]:
    """Every participant of the day with its contact details, in name order."""
    authorize(session, actor, "delegation.read")
    day = day or registry_queries.seat_today(session)
    names = registry_queries.participant_names(session, day, lang)
    profiles = {p.participant_code: p for p in session.scalars(select(DelegationProfile))}
    items = []
    for member in registry_queries.members_on(session, day, "all", lang).items:
        profile = profiles.get(member.code)
        items.append(
            DelegationItem(
                code=member.code,
                name=names.get(member.code, member.code),
                kind=member.kind,
                head_name=profile.head_name if profile else None,
                contact_email=profile.contact_email if profile else None,
                address=profile.address if profile else None,
                updated_at=profile.updated_at if profile else None,
            )
        )
    return sorted(items, key=lambda item: item.name.casefold())


def user_email(session: Session, user_id: int) -> str:
    email = session.scalar(select(User.email).where(User.id == user_id))
    if email is None:
        raise NotFound(f"no user {user_id}")
    return email
