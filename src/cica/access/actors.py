"""Who acts: a signed-in user, the machine's administrator at the CLI, or the system itself.

Every operation receives an `Actor` as a keyword-only argument; the audit trail records it.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from typing import Literal

from cica.core.fields import choice

Role = Literal["admin", "secretariat", "head_of_delegation", "delegate", "observer_delegate", "system"]

# Roles a user account can hold. `system` is the scheduler's and the charter loader's, never a user's.
USER_ROLES: tuple[Role, ...] = ("admin", "secretariat", "head_of_delegation", "delegate", "observer_delegate")
ROLES: tuple[Role, ...] = (*USER_ROLES, "system")
# Roles of the Secretariat side: they act for the body, never for a delegation.
SECRETARIAT_ROLES: frozenset[Role] = frozenset({"admin", "secretariat", "system"})
DELEGATION_ROLES: frozenset[Role] = frozenset({"head_of_delegation", "delegate", "observer_delegate"})


def as_role(value: str) -> Role:
    role = choice(value, ROLES)
    if role is None:
        raise ValueError(f"unknown role {value!r}")
    return role


@dataclass(frozen=True)
class Actor:
    """An identity as operations see it. `delegation` is a participant code, None for the Secretariat."""

    user_id: int | None
    email: str
    role: Role
    delegation: str | None = None

    def __post_init__(self) -> None:
        if (self.role in DELEGATION_ROLES) != (self.delegation is not None):
            raise ValueError(
                f"role {self.role} {'needs' if self.delegation is None else 'has no'} delegation"
            )

    @property
    def is_secretariat(self) -> bool:
        return self.role in SECRETARIAT_ROLES

    @property
    def label(self) -> str:
        """How the actor is named in messages and the audit trail: e-mail and delegation."""
        return f"{self.email} ({self.delegation})" if self.delegation else self.email

    @classmethod
    def system(cls) -> Actor:
        """The system itself: scheduled closings and the charter loader."""
        return cls(None, "system", "system")

    @classmethod
    def command_line(cls) -> Actor:
        """The administrator at the machine. Running the CLI means having the database's
        credentials, so it acts with admin rights; it is named by the OS account and host."""
        try:
            who = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry, e.g. a container with an arbitrary uid
            who = "unknown"
        return cls(None, f"cli:{who}@{socket.gethostname()}", "admin")
