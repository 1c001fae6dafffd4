"""A hook for the layers above deliberation: told, in the same transaction, when silence
procedures end (adopted at the deadline, not adopted, or broken). Deliberation imports nothing
above it; a capability that runs its own texts through the engine (minutes) registers a
listener in its `wire`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ProcedureEnded:
    procedure_id: int
    draft_id: int
    adopted: bool


Listener = Callable[[Session, Sequence[ProcedureEnded]], None]
_listeners: list[Listener] = []


def on_procedure_ended(listener: Listener) -> None:
    """Registers `listener` (once): called with the procedures each write ended."""
    if listener not in _listeners:
        _listeners.append(listener)


def ended(session: Session, endings: Sequence[ProcedureEnded]) -> None:
    if endings:
        for listener in _listeners:
            listener(session, endings)
