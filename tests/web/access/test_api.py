"""Every API route × every role (and anonymous) against the permission table, and the answers
to bad credentials. A route that declares no action, or that has no example request in
tests/web/<capability>/route_examples.py, fails."""

from __future__ import annotations

import itertools
from unittest.mock import MagicMock

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access import guard, rules
from cica.access.actors import USER_ROLES, Role
from cica.access.web import route_action
from cica.accounts.models import User
from cica.app import BUILTIN_ROUTES, create_app
from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.registry import queries as registry_queries
from tests.factories import make_token, make_user
from tests.web.routes import Caller, collect_examples

# The delegation each role's test user belongs to (Japan is an observer state in the charter).
HOME: dict[Role, str | None] = {
    "admin": None,
    "secretariat": None,
    "head_of_delegation": "IND",
    "delegate": "IND",
    "observer_delegate": "JPN",
}
EXAMPLES = collect_examples()


def api_routes() -> list[tuple[str, str, str | None]]:
    """(method, path, declared action) of every route under /api, as FastAPI will serve them."""
    # The routes do not depend on the database: an app over any context lists them.
    app = create_app(context=MagicMock())
    found = []
    for route in iter_route_contexts(app.routes):
        path = route.path or ""
        if not path.startswith("/api/"):
            continue
        is_api_route = isinstance(route.original_route, APIRoute)
        action = route_action(route) if is_api_route else BUILTIN_ROUTES.get(path)
        for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
            found.append((method, path, action))
    return found


ROUTES = api_routes()


def test_every_api_route_declares_an_action_of_the_table_and_has_an_example() -> None:
    undeclared = [f"{method} {path}" for method, path, action in ROUTES if action is None]
    assert undeclared == [], "routes without a permission entry (use access.web.signed_in/public)"
    unknown = [action for _, _, action in ROUTES if action not in rules.PERMISSIONS]
    assert unknown == []
    missing = [f"{method} {path}" for method, path, _ in ROUTES if (method, path) not in EXAMPLES]
    assert missing == [], "add example requests for these routes to tests/web/<capability>/route_examples.py"
    assert set(EXAMPLES) == {(method, path) for method, path, _ in ROUTES}, (
        "EXAMPLES names a route that is gone"
    )
    assert len(ROUTES) >= 17


@pytest.fixture
def callers(cica: Context) -> dict[str, Caller]:
    """Anonymous, one user per role, and a delegate of the state chairing today (chair rights)."""
    found = {"anonymous": Caller("anonymous", None, None, None, None, cica)}
    with cica.unit_of_work(write=False) as session:
        chair = registry_queries.chair_on(session, registry_queries.seat_today(session)).code
    homes: list[tuple[str, Role, str | None]] = [(role, role, HOME[role]) for role in USER_ROLES]
    if chair:
        homes.append((f"delegate of the chair ({chair})", "delegate", chair))
    with cica.unit_of_work() as session:
        for name, role, delegation in homes:
            user = make_user(session, role=role, delegation=delegation)
            found[name] = Caller(name, role, delegation, user, make_token(session, user), cica)
    return found


def expected(session: Session, caller: Caller, action: str) -> str:
    """What the table says of this request (made for the caller's own delegation), on today's registry."""
    standing = guard.standing(session, caller.delegation, registry_queries.seat_today(session))
    decision = rules.decide(caller.actor, action, rules.Target(delegation=caller.home), standing)
    if decision.allowed:
        return "allowed"
    return "401" if caller.actor is None else "403"


def test_every_route_answers_every_role_as_the_table_says(cica: Context, callers: dict[str, Caller]) -> None:
    mismatches = []
    with TestClient(create_app(context=cica)) as client:
        for (method, path, action), caller in itertools.product(ROUTES, callers.values()):
            if action is None or (method, path) not in EXAMPLES:
                continue  # reported by the test above
            with cica.unit_of_work(write=False) as session:
                wanted = expected(session, caller, action)
            url, body = EXAMPLES[(method, path)](caller)
            headers = {"Authorization": f"Bearer {caller.token}"} if caller.token else {}
            response = client.request(method, url, json=body, headers=headers)
            got = "allowed" if response.status_code < 300 else str(response.status_code)
            if got != wanted:
                mismatches.append(
                    f"{method} {path} as {caller.name}: expected {wanted}, got {got} {response.text[:200]}"
                )
    assert mismatches == []


def test_every_refusal_of_a_signed_in_caller_is_recorded(cica: Context, callers: dict[str, Caller]) -> None:
    with TestClient(create_app(context=cica)) as client:
        response = client.get(
            "/api/v1/audit", headers={"Authorization": f"Bearer {callers['delegate'].token}"}
        )
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    with cica.unit_of_work(write=False) as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last is not None
    assert (last.outcome, last.action, last.actor_email) == (
        "denied",
        "audit.read",
        callers["delegate"].user.email,
    )  # type: ignore[union-attr]


def test_a_delegate_of_india_cannot_act_for_pakistan_through_the_api(cica: Context) -> None:
    with cica.unit_of_work() as session:
        head = make_user(session, role="head_of_delegation", delegation="IND")
        token = make_token(session, head)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(context=cica)) as client:
        refused = client.put(
            "/api/v1/delegations/PAK", json={"contact_email": "x@pak.example"}, headers=headers
        )
        forged_user = client.post(
            "/api/v1/users",
            json={"email": "spy@pak.example", "role": "delegate", "delegation": "PAK"},
            headers=headers,
        )
        pakistan = client.get("/api/v1/delegations/PAK", headers=headers).json()
    assert refused.status_code == forged_user.status_code == 403
    assert refused.json()["detail"] == f"not allowed: {head.email} (IND) acts for IND only, not for PAK"
    assert pakistan["contact_email"] is None
    with cica.unit_of_work(write=False) as session:
        denied = session.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied")).all()
        assert session.scalar(select(User.id).where(User.email == "spy@pak.example")) is None
    assert [(e.action, e.objects) for e in denied] == [
        ("delegation.update", ["participant:PAK"]),
        ("users.manage", ["user:spy@pak.example"]),
    ]


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Bearer cica_not-a-token", "the API token is unknown or revoked"),
        ("Basic dXNlcjpwYXNz", "send the API token as `Authorization: Bearer <token>`"),
        ("Bearer ", "send the API token"),
    ],
)
def test_a_bad_token_is_a_401_problem(cica: Context, header: str, detail: str) -> None:
    with TestClient(create_app(context=cica)) as client:
        response = client.get("/api/v1/members", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith(detail)


def test_a_revoked_token_stops_working_at_once(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session)
        token = make_token(session, user)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(context=cica)) as client:
        assert client.get("/api/v1/me", headers=headers).json()["email"] == user.email
        token_id = client.get("/api/v1/tokens", headers=headers).json()[0]["id"]
        assert client.delete(f"/api/v1/tokens/{token_id}", headers=headers).status_code == 200
        assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_cookies_do_not_authenticate_the_api(cica: Context) -> None:
    """Only pages, which check CSRF tokens, accept the session cookie."""
    from cica.accounts import operations
    from tests.factories import PASSWORD

    with cica.unit_of_work() as session:
        user = make_user(session)
    signed = operations.sign_in(cica, email=user.email, password=PASSWORD, client="127.0.0.1")
    with TestClient(create_app(context=cica)) as client:
        client.cookies.set("cica_session", signed.cookie)
        assert client.get("/api/v1/me").status_code == 401


def test_a_generated_password_is_returned_once(cica: Context) -> None:
    with cica.unit_of_work() as session:
        admin = make_user(session, role="admin")
        token = make_token(session, admin)
    with TestClient(create_app(context=cica)) as client:
        created = client.post(
            "/api/v1/users",
            json={"email": "new@ind.example", "role": "delegate", "delegation": "IND"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert created.status_code == 201
    assert len(created.json()["password"]) >= 12
