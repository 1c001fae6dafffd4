"""API of access: one's own account, delegations' contact details, user accounts, API tokens.

Every route declares its action (`signed_in("…")`); the operations check the rest (which
delegation, whose account) against the same permission table.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from pydantic import BaseModel, Field

from cica.access.actors import Actor
from cica.access.web import signed_in
from cica.accounts import operations, queries
from cica.accounts.passwords import Passwords, generate_password
from cica.core.answers import keep_answer
from cica.core.deps import Line, RecordId, SessionDep, Text, get_context
from cica.core.errors import NotFound
from cica.core.i18n import Language
from cica.registry import queries as registry_queries

router = APIRouter(tags=["access"])
Lang = Annotated[Language, Query(description="Language of names.")]


class Me(BaseModel):
    id: int | None
    email: str
    role: str
    delegation: str | None


@router.get("/me", response_model=Me)
def me(actor: Actor = signed_in("self.read")) -> Me:
    """Who the token belongs to."""
    return Me(id=actor.user_id, email=actor.email, role=actor.role, delegation=actor.delegation)


@router.get("/delegations", response_model=list[queries.DelegationItem])
def delegations(
    session: SessionDep, lang: Lang = "en", actor: Actor = signed_in("delegation.read")
) -> list[queries.DelegationItem]:
    """Every participant of today with its delegation's contact details."""
    return queries.delegations(session, lang, actor=actor)


# Who may read it follows the caller's standing today: kept at the edge until the next day at
# the seat, or a commit (cica.core.answers).
@router.get(
    "/delegations/{code}",
    response_model=queries.DelegationItem,
    dependencies=[keep_answer(registry_queries.next_seat_day)],
)
def delegation(
    session: SessionDep, code: Line, lang: Lang = "en", actor: Actor = signed_in("delegation.read")
) -> queries.DelegationItem:
    """One delegation's contact details."""
    return queries.delegation(session, code, lang, actor=actor)


class ProfileUpdate(BaseModel):
    """Fields left out are kept; an empty string clears one."""

    head_name: Line | None = Field(None, max_length=500)
    contact_email: Line | None = Field(None, max_length=254)
    address: Text | None = Field(None, max_length=500)


class ProfileUpdated(BaseModel):
    changed: list[str]
    delegation: queries.DelegationItem


@router.put("/delegations/{code}", response_model=ProfileUpdated)
def update_delegation(
    session: SessionDep, code: Line, body: ProfileUpdate, actor: Actor = signed_in("delegation.update")
) -> ProfileUpdated:
    """Set a delegation's contact details: its own head of delegation, or the Secretariat."""
    changes = {name: value or "" for name, value in body.model_dump(exclude_unset=True).items()}
    changed = operations.set_delegation_profile(session, code, changes, actor=actor)
    return ProfileUpdated(changed=changed, delegation=queries.delegation(session, code, actor=actor))


@router.get("/users", response_model=queries.UserList)
def users(session: SessionDep, actor: Actor = signed_in("users.read")) -> queries.UserList:
    """Accounts: all for the Secretariat, a head of delegation's own delegation's for them."""
    return queries.UserList(items=queries.users(session, actor))


class NewUser(BaseModel):
    email: Line = Field(max_length=254)
    role: Line
    delegation: Line | None = Field(None, description="Participant code; leave out for the Secretariat.")
    password: Line | None = Field(None, description="Leave out to have one generated and returned once.")


class CreatedUser(BaseModel):
    user: queries.UserItem
    password: str | None = Field(None, description="The generated password, shown only in this answer.")


@router.post("/users", response_model=CreatedUser, status_code=status.HTTP_201_CREATED)
def add_user(
    request: Request, session: SessionDep, body: NewUser, actor: Actor = signed_in("users.manage")
) -> CreatedUser:
    """Create an account (an admin: any; a head of delegation: their delegation's delegates)."""
    password = body.password or generate_password()
    password_hash = operations.hash_new_password(
        Passwords.from_settings(get_context(request).settings), password
    )
    user = operations.add_user(
        session,
        email=body.email,
        role=body.role,
        delegation=body.delegation,
        password_hash=password_hash,
        actor=actor,
    )
    return CreatedUser(user=queries.UserItem.of(user), password=None if body.password else password)


@router.post("/users/{user_id}/disable", response_model=queries.UserItem)
def disable_user(
    session: SessionDep, user_id: RecordId, actor: Actor = signed_in("users.manage")
) -> queries.UserItem:
    """Disable an account: its sessions end and its tokens stop working."""
    email = queries.user_email(session, user_id)
    return queries.UserItem.of(operations.disable_user(session, email=email, actor=actor))


class NewToken(BaseModel):
    name: Line = Field(min_length=1, max_length=100)


class CreatedToken(BaseModel):
    token: queries.TokenItem
    secret: str = Field(description="The token itself, shown only in this answer.")


@router.get("/tokens", response_model=list[queries.TokenItem])
def tokens(session: SessionDep, actor: Actor = signed_in("token.manage")) -> list[queries.TokenItem]:
    """One's own API tokens (never the tokens themselves: only their first characters)."""
    return queries.tokens(session, _own_id(actor), actor=actor)


@router.post("/tokens", response_model=CreatedToken, status_code=status.HTTP_201_CREATED)
def create_token(
    session: SessionDep, body: NewToken, actor: Actor = signed_in("token.manage")
) -> CreatedToken:
    """Create an API token for oneself."""
    created = operations.create_token(session, user_id=_own_id(actor), name=body.name, actor=actor)
    return CreatedToken(
        token=queries.TokenItem.model_validate(created.token, from_attributes=True), secret=created.secret
    )


@router.delete("/tokens/{token_id}", response_model=queries.TokenItem)
def revoke_token(
    session: SessionDep, token_id: RecordId, actor: Actor = signed_in("token.manage")
) -> queries.TokenItem:
    """Revoke one's API token (an admin: anyone's)."""
    token = operations.revoke_token(session, token_id=token_id, actor=actor)
    return queries.TokenItem.model_validate(token, from_attributes=True)


def _own_id(actor: Actor) -> int:
    if actor.user_id is None:
        raise NotFound("this caller has no account of its own")
    return actor.user_id
