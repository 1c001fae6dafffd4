"""Who is calling the web app, CSRF protection, and the gate each route declares its action with.

The API authenticates with `Authorization: Bearer <token>` only, and pages with the
`cica_session` cookie only: a cookie is sent by the browser on its own, so only pages, which
check a CSRF token on every state-changing request, accept it.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from datetime import timedelta
from typing import Any

from fastapi import Depends, Request, Response
from fastapi.dependencies.models import Dependant
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from cica.access import queries, rules
from cica.access.actors import Actor
from cica.access.operations import instance_secret, should_touch, touch_session
from cica.core.deps import get_context, is_api_path, page_language
from cica.core.errors import NotAuthenticated, PermissionDenied

SESSION_COOKIE = "cica_session"
SIGNIN_COOKIE = "cica_signin"  # the sign-in form's CSRF token, before there is a session
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SIGNIN_FORM_AGE = 2 * 3600  # seconds a sign-in form stays valid
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_api(request: Request) -> bool:
    return is_api_path(request.url.path)


def identify(request: Request) -> None:
    """Sets `request.state.user` (an Actor or None) and, for pages, the session and its CSRF token.

    A bad API token is refused at once (401); a page with an expired session is shown to an
    anonymous visitor, with `session_problem` saying why, so public pages keep working.
    """
    state = request.state
    if getattr(state, "identified", False):
        return
    state.identified = True
    state.user, state.session_id, state.csrf_token = None, None, None
    state.session_problem, state.delegation_name = None, None
    context = get_context(request)
    if is_api(request):
        header = request.headers.get("authorization")
        if header is None:
            return
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("send the API token as `Authorization: Bearer <token>`")
        with context.unit_of_work(write=False) as session:
            actor = queries.actor_for_token(session, token.strip())
        if actor is None:
            raise NotAuthenticated("the API token is unknown or revoked, or its account is disabled")
        state.user = actor
        return
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return
    now, settings = context.clock.now(), context.settings
    idle, lifetime = _durations(settings.session_idle_minutes, settings.session_max_hours)
    with context.unit_of_work(write=False) as session:
        found = queries.web_session(session, cookie, now, idle=idle, lifetime=lifetime)
        if isinstance(found, queries.OpenSession) and found.actor.delegation:
            state.delegation_name = queries.delegation_name(
                session, found.actor.delegation, page_language(request)
            )
    if not isinstance(found, queries.OpenSession):
        state.session_problem = found or "unknown"
        return
    if should_touch(found.last_seen_at, now):
        with context.unit_of_work() as session:
            touch_session(session, session_id=found.id, now=now)
    state.user, state.session_id, state.csrf_token = found.actor, found.id, found.csrf_token


def _durations(idle_minutes: int, max_hours: int) -> tuple[timedelta, timedelta]:
    return timedelta(minutes=idle_minutes), timedelta(hours=max_hours)


def signin_serializer(request: Request) -> URLSafeTimedSerializer:
    app_state = request.app.state
    serializer: URLSafeTimedSerializer | None = getattr(app_state, "signin_serializer", None)
    if serializer is None:
        secret = instance_secret(get_context(request), "signin-csrf")
        serializer = URLSafeTimedSerializer(secret, salt="cica.signin")
        app_state.signin_serializer = serializer
    return serializer


def new_signin_token(request: Request) -> str:
    return signin_serializer(request).dumps(secrets.token_urlsafe(16))


def _same(sent: str, expected: str) -> bool:
    # Constant time; as bytes, since compare_digest refuses non-ASCII text (a 500 otherwise).
    return hmac.compare_digest(sent.encode(), expected.encode())


def _signin_token_valid(request: Request, sent: str) -> bool:
    cookie = request.cookies.get(SIGNIN_COOKIE)
    if not cookie or not _same(sent, cookie):
        return False
    try:
        signin_serializer(request).loads(cookie, max_age=SIGNIN_FORM_AGE)
    except BadSignature:  # includes SignatureExpired
        return False
    return True


async def check_csrf(request: Request, _: None = Depends(identify)) -> None:
    """Every state-changing page request carries the session's CSRF token, as the form field
    `csrf_token` or the header `X-CSRF-Token` (HTMX); before sign-in, the sign-in form's token
    must match its cookie (double submit, signed so that it cannot be made up)."""
    if request.method in SAFE_METHODS or is_api(request):
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    expected: str | None = request.state.csrf_token
    if sent and expected:
        valid = _same(sent, expected)
    else:
        valid = (
            bool(sent)
            and expected is None
            and await run_in_threadpool(_signin_token_valid, request, sent or "")
        )
    if not valid:
        raise PermissionDenied(
            "this form's security token is missing or out of date: reload the page and try again",
            actor=request.state.user,
            action="request.csrf",
            objects=[f"page:{request.method} {request.url.path}"],
        )


class Gate:
    """The dependency a route declares its action with: `actor: Actor = signed_in("x.y")`.

    It lets through only roles the permission table grants the action to (anonymous callers
    only for public actions). Which delegation, whose account, the chair on the day: the
    operation decides that, with `authorize`, so that the CLI gets the same answers.
    """

    def __init__(self, action: str) -> None:
        rules.permission(action)  # an action missing from the table fails at import
        self.action = action

    def __call__(self, request: Request, _: None = Depends(check_csrf)) -> Actor | None:
        actor: Actor | None = request.state.user
        entry = rules.permission(self.action)
        if entry.public:
            return actor
        if actor is None:
            if request.state.session_problem in ("idle", "expired"):
                raise NotAuthenticated("your session has ended: sign in again")
            raise NotAuthenticated(f"sign in first: {self.action} is for signed-in users")
        if not rules.role_may(actor.role, self.action):
            raise PermissionDenied(
                f"not allowed: the role {actor.role} may not {entry.summary[0].lower()}{entry.summary[1:]}",
                actor=actor,
                action=self.action,
                objects=[f"route:{request.method} {request.url.path}"],
            )
        return actor


class SignedInGate(Gate):
    def __call__(self, request: Request, _: None = Depends(check_csrf)) -> Actor:
        actor = super().__call__(request)
        if actor is None:  # only for an action that is public and also needs an account
            raise NotAuthenticated("sign in first")
        return actor


def signed_in(action: str) -> Any:
    """`actor: Actor = signed_in("action")`: the route needs a signed-in user allowed `action`."""
    return Depends(SignedInGate(action))


def public(action: str) -> Any:
    """`actor: Actor | None = public("action")`, or in `dependencies=[...]`: anyone may call."""
    return Depends(Gate(action))


def route_action(route: Any) -> str | None:
    """The action a route declared through its gate, if any (for the route × role test).

    `route` is an APIRoute or FastAPI's effective route context (`fastapi.routing.
    iter_route_contexts`), whose dependant includes the dependencies of the routers above it.
    """
    dependant: Dependant | None = getattr(route, "dependant", None)
    pending = list(dependant.dependencies) if dependant else []
    while pending:
        dependency = pending.pop()
        if isinstance(dependency.call, Gate):
            return dependency.call.action
        pending.extend(dependency.dependencies)
    return None


def is_loopback(request: Request) -> bool:
    server = request.scope.get("server")
    host = server[0] if server else request.url.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def secure_cookies(request: Request) -> bool:
    """`secure_cookies`: true, false, or auto: Secure unless the server listens on loopback, and
    also there when the request came over HTTPS (a proxy in front of a loopback server)."""
    setting = get_context(request).settings.secure_cookies.strip().lower()
    if setting in ("true", "1", "yes"):
        return True
    if setting in ("false", "0", "no"):
        return False
    return request.url.scheme == "https" or not is_loopback(request)


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="lax", secure=secure_cookies(request), path="/"
    )


def clear_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(name, httponly=True, samesite="lax", secure=secure_cookies(request), path="/")
