"""The gate each route declares its action with: `actor: Actor = signed_in("draft.create")`.

Who is calling was found out before the gate runs (`request.state.user`, set by the request's
identification, which the assembly runs first on every route: `accounts.web.identify`).
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant

from cica.access import rules
from cica.access.actors import Actor
from cica.core.errors import NotAuthenticated, PermissionDenied


def _caller(request: Request) -> Actor | None:
    if not getattr(request.state, "identified", False):
        # A route outside the assembled app would otherwise treat everyone as anonymous.
        raise RuntimeError("the caller was not identified: build the app with cica.app.create_app")
    actor: Actor | None = request.state.user
    return actor


class Gate:
    """The dependency a route declares its action with: `actor: Actor = signed_in("x.y")`.

    It lets through only roles the permission table grants the action to (anonymous callers
    only for public actions). Which delegation, whose account, the chair on the day: the
    operation decides that, with `authorize`, so that the CLI gets the same answers.
    """

    def __init__(self, action: str) -> None:
        rules.permission(action)  # an action missing from the table fails at import
        self.action = action

    # Async although it never waits: a sync dependency is run in the threadpool, a hop of its
    # own on every request for a few dictionary look-ups.
    async def __call__(self, request: Request) -> Actor | None:
        actor = _caller(request)
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
    async def __call__(self, request: Request) -> Actor:
        actor = await super().__call__(request)
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
