"""Who is calling the web app, CSRF protection and the cookies of sign-in.

The API authenticates with `Authorization: Bearer <token>` only, and pages with the
`cica_session` cookie only: a cookie is sent by the browser on its own, so only pages, which
check a CSRF token on every state-changing request, accept it.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from cica.accounts import queries
from cica.accounts.operations import TOUCH_INTERVAL, instance_secret, should_touch, touch_session
from cica.core.answers import hold_until
from cica.core.deps import SessionDep, get_context, is_api_path, page_language
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


def identify(request: Request, session: SessionDep) -> None:
    """Sets `request.state.user` (an Actor or None) and, for pages, the session and its CSRF token.

    A bad API token is refused at once (401); a page with an expired session is shown to an
    anonymous visitor, with `session_problem` saying why, so public pages keep working.
    A safe request is identified in the route's own unit of work (one connection per request);
    an unsafe one in a short read of its own, since its route may keep units of work of its own
    (signing in) that must not wait for a write lock this one would hold.
    """
    if request.method in SAFE_METHODS:
        _identify(request, session)
    else:
        identify_alone(request)


def identify_alone(request: Request) -> None:
    """`identify` in a read-only unit of work of its own: for error pages, which run after the
    request's unit of work has ended."""
    if getattr(request.state, "identified", False):
        return
    with get_context(request).unit_of_work(write=False) as session:
        _identify(request, session)


def _identify(request: Request, session: Session) -> None:
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
    found = queries.web_session(session, cookie, now, idle=idle, lifetime=lifetime)
    if isinstance(found, queries.OpenSession) and found.actor.delegation:
        state.delegation_name = queries.delegation_name(
            session, found.actor.delegation, page_language(request)
        )
    if not isinstance(found, queries.OpenSession):
        state.session_problem = found or "unknown"
        return
    last_seen = found.last_seen_at
    if should_touch(last_seen, now):
        # Once in a while (not per request): in a unit of work of its own, so that a read-only
        # request's transaction stays a read.
        with context.unit_of_work() as writer:
            touch_session(writer, session_id=found.id, now=now)
        last_seen = now
    state.user, state.session_id, state.csrf_token = found.actor, found.id, found.csrf_token
    # A kept answer (core.answers) never outlives the session, nor hides the use that would
    # touch it next: past either, the request runs again and says who is calling.
    hold_until(request, min(found.ends_at, last_seen + TOUCH_INTERVAL))


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
            code="stale_form",
        )
