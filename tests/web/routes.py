"""What the route × role test (tests/web/access/test_api.py) shares with each capability.

Each capability with API routes keeps, in `tests/web/<capability>/route_examples.py`, an
`EXAMPLES` dict: (method, path) → a function that, given a `Caller`, returns the URL and JSON body
of one request made for the caller's own delegation and on their own account. The test calls
every route as every role and checks the answer against the permission table.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cica.access.actors import Actor, Role
from cica.accounts.models import ApiToken, User
from cica.core.context import Context
from tests.factories import make_token, make_user

unique = itertools.count(1)


@dataclass
class Caller:
    """Who calls (None: anonymous) and for which delegation, with ways to make what a request needs."""

    name: str
    role: Role | None
    delegation: str | None
    user: User | None
    token: str | None
    context: Context

    @property
    def actor(self) -> Actor | None:
        if self.user is None or self.role is None:
            return None
        return Actor(self.user.id, self.user.email, self.role, self.delegation)

    @property
    def home(self) -> str:
        """The delegation a request acts for: the caller's own, or India for the Secretariat."""
        return self.delegation or "IND"

    def staff_role(self) -> str:
        return "observer_delegate" if self.home == "JPN" else "delegate"

    def new_user_id(self) -> int:
        with self.context.unit_of_work() as session:
            return make_user(session, role=self.staff_role(), delegation=self.home).id

    def new_token_id(self) -> int:
        with self.context.unit_of_work() as session:
            owner = session.get(User, self.user.id) if self.user else make_user(session)
            assert owner is not None
            make_token(session, owner)
            return max(session.scalars(select(ApiToken.id).where(ApiToken.user_id == owner.id)))


Example = Callable[[Caller], tuple[str, dict[str, Any] | None]]


def collect_examples() -> dict[tuple[str, str], Example]:
    """Every capability's `EXAMPLES`, from tests/web/*/route_examples.py."""
    found: dict[tuple[str, str], Example] = {}
    for package in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not package.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.web.{package.name}.route_examples")
        except ModuleNotFoundError as error:
            if error.name != f"tests.web.{package.name}.route_examples":
                raise
            continue
        overlap = set(found) & set(module.EXAMPLES)
        assert not overlap, f"routes with two examples: {overlap}"
        found.update(module.EXAMPLES)
    return found
