"""What `cica init` loads of meetings with the charter: the body's historical record."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.meetings import operations, record
from cica.registry import snapshot


def load_history(session: Session, actor: Actor) -> str | None:
    """Adds the record's meetings this database lacks; a body without a record gets none."""
    registry = snapshot.current(session)
    organisation = registry.document["organisation"]
    meetings = record.load(str(organisation["id"]), str(organisation["time_zone"]))
    if not meetings:
        return None
    added = operations.load_record(session, meetings, actor=actor)
    return f"meetings: {added} added from the historical record ({len(meetings) - added} already there)"
