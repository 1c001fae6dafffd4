"""Pages of access: sign-in and sign-out, one's account and API tokens, delegations and their
people. Forms post back with the session's CSRF token; operations decide what is allowed."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from cica.access.actors import Actor, Role
from cica.access.guard import allowed
from cica.access.web import public, signed_in
from cica.accounts import operations, queries
from cica.accounts.passwords import Passwords, generate_password
from cica.accounts.web import (
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    SIGNIN_FORM_AGE,
    new_signin_token,
)
from cica.core.cookies import clear_cookie, set_cookie
from cica.core.deps import FormLine, FormText, Line, PageLanguage, RecordId, SessionDep, get_context
from cica.core.errors import NotAuthenticated, Throttled
from cica.core.templating import render
from cica.registry import queries as registry_queries

router = APIRouter(include_in_schema=False)
DELEGATION_ROLE_ORDER: tuple[Role, ...] = ("head_of_delegation", "delegate", "observer_delegate")


def _safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would let a link send people elsewhere."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return "/"
    return target


def _signin_form(
    request: Request,
    lang: str,
    *,
    status_code: int = 200,
    error: str | None = None,
    email: str = "",
    next_: str = "/",
    wait_minutes: int = 0,
) -> HTMLResponse:
    token = new_signin_token(request)
    with get_context(request).unit_of_work(write=False) as session:
        organisation = registry_queries.organisation(session, lang)
    response = render(
        request,
        "accounts/signin.html",
        lang,
        status_code=status_code,
        organisation=organisation,
        signin_token=token,
        error=error,
        email=email,
        next=_safe_next(next_),
        wait_minutes=wait_minutes,
    )
    set_cookie(request, response, SIGNIN_COOKIE, token, SIGNIN_FORM_AGE)
    return response


@router.get("/signin", response_class=HTMLResponse)
def signin_page(
    request: Request,
    lang: PageLanguage,
    next: Line | None = None,
    _: Actor | None = public("session.sign_in"),
) -> HTMLResponse:
    return _signin_form(request, lang, next_=next or "/")


@router.post("/signin", response_class=HTMLResponse)
def signin(
    request: Request,
    lang: PageLanguage,
    email: FormLine,
    password: FormLine,
    next: FormLine = "/",
    _: Actor | None = public("session.sign_in"),
) -> Response:
    """Checks the password (no unit of work is held open meanwhile: `sign_in` keeps its own)."""
    context = get_context(request)
    client = request.client.host if request.client else "unknown"
    try:
        signed = operations.sign_in(context, email=email, password=password, client=client)
    except Throttled as error:
        minutes = -(-error.retry_after // 60)
        response = _signin_form(
            request, lang, status_code=429, error="throttled", email=email, next_=next, wait_minutes=minutes
        )
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    except NotAuthenticated:
        return _signin_form(request, lang, status_code=401, error="credentials", email=email, next_=next)
    previous = request.state.session_id
    if previous and request.state.user is not None:
        with context.unit_of_work() as session:
            operations.sign_out(session, session_id=previous, actor=request.state.user)
    redirect = RedirectResponse(_safe_next(next), status_code=303)
    set_cookie(request, redirect, SESSION_COOKIE, signed.cookie, context.settings.session_max_hours * 3600)
    clear_cookie(request, redirect, SIGNIN_COOKIE)
    return redirect


@router.post("/signout")
def signout(request: Request, session: SessionDep, actor: Actor = signed_in("session.sign_out")) -> Response:
    operations.sign_out(session, session_id=request.state.session_id, actor=actor)
    response = RedirectResponse("/", status_code=303)
    clear_cookie(request, response, SESSION_COOKIE)
    return response


# --- One's account --------------------------------------------------------------------------


def _account(request: Request, session: Session, lang: str, actor: Actor, **values: Any) -> HTMLResponse:
    assert actor.user_id is not None  # web sessions belong to accounts
    return render(
        request,
        "accounts/account.html",
        lang,
        organisation=registry_queries.organisation(session, lang),
        tokens=queries.tokens(session, actor.user_id, actor=actor),
        **values,
    )


@router.get("/account", response_class=HTMLResponse)
def account(
    request: Request, session: SessionDep, lang: PageLanguage, actor: Actor = signed_in("self.read")
) -> HTMLResponse:
    return _account(request, session, lang, actor)


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    name: FormLine,
    actor: Actor = signed_in("token.manage"),
) -> HTMLResponse:
    """The new token is shown in this answer only (not after a redirect, which would keep it)."""
    assert actor.user_id is not None
    # A refusal comes back as this form with the name kept (core.forms).
    created = operations.create_token(session, user_id=actor.user_id, name=name, actor=actor)
    return _account(
        request, session, lang, actor, new_token=created.secret, new_token_name=created.token.name
    )


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    session: SessionDep, token_id: RecordId, actor: Actor = signed_in("token.manage")
) -> Response:
    operations.revoke_token(session, token_id=token_id, actor=actor)
    return RedirectResponse("/account", status_code=303)


# --- Delegations ----------------------------------------------------------------------------


@router.get("/delegations", response_class=HTMLResponse)
def delegations(
    request: Request, session: SessionDep, lang: PageLanguage, actor: Actor = signed_in("delegation.read")
) -> HTMLResponse:
    return render(
        request,
        "accounts/delegations.html",
        lang,
        organisation=registry_queries.organisation(session, lang),
        delegations=queries.delegations(session, lang, actor=actor),
    )


def _delegation(
    request: Request,
    session: Session,
    lang: str,
    code: Line,
    actor: Actor,
    *,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    found = queries.delegation(session, code, lang, actor=actor)
    may_read_users = allowed(session, actor, "users.read", delegation=found.code)
    people = (
        [user for user in queries.users(session, actor) if user.delegation == found.code]
        if may_read_users
        else []
    )
    return render(
        request,
        "accounts/delegation.html",
        lang,
        status_code=status_code,
        organisation=registry_queries.organisation(session, lang),
        delegation=found,
        may_edit=allowed(session, actor, "delegation.update", delegation=found.code),
        may_manage=allowed(session, actor, "users.manage", delegation=found.code),
        may_read_users=may_read_users,
        people=people,
        roles=[
            role
            for role in DELEGATION_ROLE_ORDER
            if allowed(session, actor, "users.manage", delegation=found.code, role=role)
        ],
        **values,
    )


@router.get("/delegations/{code}", response_class=HTMLResponse)
def delegation(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    code: Line,
    saved: bool = False,
    actor: Actor = signed_in("delegation.read"),
) -> HTMLResponse:
    return _delegation(request, session, lang, code, actor, saved=saved)


@router.post("/delegations/{code}", response_class=HTMLResponse)
def update_delegation(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    code: Line,
    head_name: FormLine = "",
    contact_email: FormLine = "",
    address: FormText = "",
    actor: Actor = signed_in("delegation.update"),
) -> Response:
    changes: dict[str, str | None] = {
        "head_name": head_name,
        "contact_email": contact_email,
        "address": address,
    }
    operations.set_delegation_profile(session, code, changes, actor=actor)
    return RedirectResponse(f"/delegations/{code.upper()}?saved=1", status_code=303)


@router.post("/delegations/{code}/users", response_class=HTMLResponse)
def add_user(
    request: Request,
    lang: PageLanguage,
    code: Line,
    email: FormLine,
    role: FormLine,
    actor: Actor = signed_in("users.manage"),
) -> HTMLResponse:
    """The generated password is shown in this answer only, for the head to hand over."""
    context = get_context(request)
    password = generate_password()
    # The slow hash (through the password rule) before the unit of work opens: SQLite's write
    # lock is not held while Argon2 runs, so other writers do not queue behind it.
    password_hash = operations.hash_new_password(Passwords.from_settings(context.settings), password)
    with context.unit_of_work() as session:
        user = operations.add_user(
            session, email=email, role=role, delegation=code, password_hash=password_hash, actor=actor
        )
        return _delegation(request, session, lang, code, actor, new_user=user.email, new_password=password)


@router.post("/delegations/{code}/users/{user_id}/disable")
def disable_user(
    session: SessionDep, code: Line, user_id: RecordId, actor: Actor = signed_in("users.manage")
) -> Response:
    operations.disable_user(session, email=queries.user_email(session, user_id), actor=actor)
    return RedirectResponse(f"/delegations/{code.upper()}", status_code=303)
