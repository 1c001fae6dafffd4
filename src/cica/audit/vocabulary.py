"""The actions an audit entry may name: those the capabilities declare (`Capability.audited`, the
entries they write, and `Capability.actions`, whose refusals are recorded under the refused
action). The assembly declares them once per process (`cica.capabilities.wire`); `record` refuses
any other.

Checked when written rather than by a CHECK constraint: the trail is append-only and hash-chained,
so an entry's action must stay valid for ever, even after a capability retires the action; and a
capability added later must not need a migration of audit's table to write its own entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class AuditAction(StrEnum):
    """The audit trail's own entries."""

    TRIGGERS_RESTORE = "audit.triggers.restore"
    UNNAMED_REFUSAL = "unknown"  # a refusal whose action was not named


_declared: set[str] = set()


def declare(actions: Iterable[str]) -> None:
    _declared.update(actions)


def declared() -> frozenset[str]:
    return frozenset(_declared)


def check(action: str) -> str:
    """The action, if a capability declared it (a programming error otherwise, not bad input)."""
    if action not in _declared:
        raise ValueError(f"audit action {action!r} is declared by no capability (Capability.audited)")
    return action
