"""A hook for the layers above documents: told, in the same transaction, which language
versions a write added and which it retired (a correction supersedes the version it corrects).
Documents imports nothing above it; the search capability registers a listener in its `wire`
and keeps its outbox with it, so a version committed is a version queued for the index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class VersionsChanged:
    document_id: int
    added: tuple[int, ...] = ()  # version ids, their paragraphs written
    retired: tuple[int, ...] = ()  # version ids superseded by a correction


Listener = Callable[[Session, VersionsChanged], None]
_listeners: list[Listener] = []


def on_versions_changed(listener: Listener) -> None:
    """Registers `listener` (once): called with what each write of versions changed."""
    if listener not in _listeners:
        _listeners.append(listener)


def changed(session: Session, change: VersionsChanged) -> None:
    if change.added or change.retired:
        session.flush()  # listeners read the rows just written
        for listener in _listeners:
            listener(session, change)
