"""Writing the audit trail. `record` runs in the caller's transaction, so an action and its entry
commit or roll back together; `record_denial` runs in a unit of work of its own, because the
denied action's transaction has been rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.audit import chain
from cica.audit.models import AuditEntry, AuditHead
from cica.core import clock
from cica.core.context import Context
from cica.core.errors import PermissionDenied

log = logging.getLogger(__name__)

ANONYMOUS = "anonymous"
# Built once: this runs in every write, and building and caching statements was a good part of
# its cost. Plain Core on the tables skips the ORM's session synchronisation.
ENTRY: Table = AuditEntry.__table__  # type: ignore[assignment]
HEAD: Table = AuditHead.__table__  # type: ignore[assignment]
ENTRY_FIELDS = (
    "seq",
    "at",
    "actor_user_id",
    "actor_email",
    "role",
    "delegation",
    "action",
    "summary",
    "outcome",
)
ADVANCE_HEAD = (
    update(HEAD).where(HEAD.c.id == 1).values(seq=HEAD.c.seq + 1).returning(HEAD.c.seq, HEAD.c.hash)
)
INSERT_ENTRY = insert(ENTRY)
SET_HEAD_HASH = update(HEAD).where(HEAD.c.id == 1).values(hash=bindparam("new_hash"))


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    objects: Sequence[str],
    summary: str,
    outcome: str = "ok",
    now: datetime | None = None,
) -> chain.StoredEntry:
    """Appends one entry to the chain, in the caller's transaction."""
    # Advancing the head first takes its row lock (PostgreSQL), so writers queue here until the
    # transaction before them commits; SQLite's write units already hold the database lock
    # (BEGIN IMMEDIATE). Numbers therefore follow without gaps. RETURNING gives the new number
    # and, as `hash` is not yet updated, the previous entry's hash. Core statements, not the ORM:
    # this runs in every write, and the ORM's bookkeeping was most of its cost.
    seq, previous = session.execute(ADVANCE_HEAD).one()
    fields = chain.EntryFields(
        seq=seq,
        at=now or clock.now(session),
        actor_user_id=actor.user_id if actor else None,
        actor_email=actor.email if actor else ANONYMOUS,
        role=actor.role if actor else ANONYMOUS,
        delegation=actor.delegation if actor else None,
        action=action,
        objects=tuple(objects),
        summary=summary,
        outcome=outcome,
    )
    sealed = chain.seal(fields, previous)
    values = {name: getattr(fields, name) for name in ENTRY_FIELDS}
    values.update(objects=list(fields.objects), prev_hash=sealed.prev_hash, hash=sealed.hash)
    session.execute(INSERT_ENTRY, values)
    session.execute(SET_HEAD_HASH, {"new_hash": sealed.hash})
    return sealed


def record_denial(context: Context, error: PermissionDenied) -> None:
    """Records a refused action. Called by the edges (API, pages, CLI) once the action's own
    transaction has rolled back, so that the denial is kept although nothing else is.

    Refusals of anonymous callers (a stale sign-in form) are not recorded: anyone could fill
    the trail with them, while a signed-in caller is accountable for what they try.
    """
    if error.actor is None:
        return
    try:
        with context.unit_of_work() as session:
            record(
                session,
                actor=error.actor,
                action=error.action or "unknown",
                objects=error.objects,
                summary=error.message,
                outcome="denied",
            )
    except SQLAlchemyError:
        # The caller still gets its 403; failing to note it must not turn it into a 500.
        log.exception("could not record a denied %s by %s", error.action, error.actor)
