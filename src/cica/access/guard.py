"""`authorize`: the one check every operation makes first, against the permission table.

It gathers what the registry says on the day (the actor's delegation's category rights, who
chairs) only when the table needs it, asks the pure `rules.decide`, and raises on a refusal.
On success it returns the `Authorization`: the operation hands it on, so that a rule refusing
later in the same act is recorded as a refusal of that actor's act (`Authorization.refusals`).

The registry's facts come through `use_standing`: the registry sits above this layer, and the
assembly registers its lookup (`registry.wiring`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypedDict, Unpack

from sqlalchemy.orm import Session

from cica.access import rules
from cica.access.actors import Actor, Role
from cica.core.errors import NotAuthenticated, PermissionDenied


class StandingSource(Protocol):
    def __call__(
        self, session: Session, code: str | None, day: date | None, *, chair: bool = True
    ) -> rules.Standing: ...


_standing: list[StandingSource] = []


def use_standing(source: StandingSource) -> None:
    """Registers where the standing of a delegation on a day comes from (the registry)."""
    _standing[:] = [source]


def standing(session: Session, code: str | None, day: date | None, *, chair: bool = True) -> rules.Standing:
    """What the registry says of delegation `code` on `day` (None: today at the seat, which only
    the registry knows): its category's rights, and whether it chairs (looked up only with
    `chair=True`)."""
    if code is None:
        return rules.Standing()
    if not _standing:
        raise RuntimeError(
            "no registry to ask for a delegation's standing: assemble cica first (cica.capabilities.wire)"
        )
    return _standing[0](session, code, day, chair=chair)


@dataclass(frozen=True)
class Authorization:
    """A permission check that passed: who acts, which action, on what (for the audit trail)."""

    actor: Actor | None
    action: str
    objects: tuple[str, ...] = ()

    @contextmanager
    def refusals(self) -> Iterator[None]:
        """A rule refusing inside the block (e.g. only the sponsor may withdraw) refuses this act:
        its `PermissionDenied` is given who tried what, so that the denial's audit entry says so."""
        try:
            yield
        except PermissionDenied as error:
            if error.actor is None:
                error.actor, error.action, error.objects = self.actor, self.action, self.objects
            raise


class Scope(TypedDict, total=False):
    """What an action is asked for: for a delegation, on an owner's account, granting a role, on
    a day (today at the seat by default)."""

    delegation: str | None
    owner: int | None
    role: Role | None
    day: date | None


def authorize(
    session: Session, actor: Actor | None, action: str, *, objects: Sequence[str] = (), **scope: Unpack[Scope]
) -> Authorization:
    """Raises unless `actor` may take `action` for `delegation` / on `owner`'s account / granting
    `role`, on `day` (today at the seat by default). `objects` name the target in the denial's audit entry."""
    decision = _decide(session, actor, action, scope)
    delegation = scope.get("delegation")
    named = tuple(objects) or ((f"participant:{delegation}",) if delegation else ())
    if decision.allowed:
        return Authorization(actor, action, named)
    if actor is None:
        raise NotAuthenticated(f"sign in first: {action} is for signed-in users")
    raise PermissionDenied(f"not allowed: {decision.reason}", actor=actor, action=action, objects=named)


def _decide(session: Session, actor: Actor | None, action: str, scope: Scope) -> rules.Decision:
    target = rules.Target(
        delegation=scope.get("delegation"), owner=scope.get("owner"), role=scope.get("role")
    )
    facts = rules.Standing()
    if actor is not None and rules.needs_standing(actor, action):
        grant = rules.permission(action).grant_for(actor.role)
        chair = grant is not None and grant.scope == "chair"
        facts = standing(session, actor.delegation, scope.get("day"), chair=chair)
    return rules.decide(actor, action, target, facts)


def allowed(session: Session, actor: Actor | None, action: str, **scope: Unpack[Scope]) -> bool:
    """Whether `authorize` would let this through: for pages to offer only what may be done.
    A question only: it raises nothing and leaves nothing behind."""
    return _decide(session, actor, action, scope).allowed
