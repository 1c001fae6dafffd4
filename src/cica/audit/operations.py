"""Writing the audit trail. `record` runs in the caller's transaction, so an action and its entry
commit or roll back together; `record_denial` runs in a unit of work of its own, because the
denied action's transaction has been rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.audit import chain
from cica.audit.models import AuditEntry, AuditHead
from cica.core.context import Context
from cica.core.db import utcnow
from cica.core.errors import PermissionDenied

log = logging.getLogger(__name__)

ANONYMOUS = "anonymous"


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    objects: Sequence[str],
    summary: str,
    outcome: str = "ok",
    now: datetime | None = None,
) -> AuditEntry:
    """Appends one entry to the chain, in the caller's transaction."""
    # Locking the head row first serialises writers on PostgreSQL (FOR UPDATE); SQLite's write
    # units already hold the database lock (BEGIN IMMEDIATE). So numbers follow without gaps.
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    fields = chain.EntryFields(
        seq=head.seq + 1,
        at=now or utcnow(),
        actor_user_id=actor.user_id if actor else None,
        actor_email=actor.email if actor else ANONYMOUS,
        role=actor.role if actor else ANONYMOUS,
        delegation=actor.delegation if actor else None,
        action=action,
        objects=tuple(objects),
        summary=summary,
        outcome=outcome,
    )
    sealed = chain.seal(fields, head.hash)
    entry = AuditEntry(
        seq=fields.seq,
        at=fields.at,
        actor_user_id=fields.actor_user_id,
        actor_email=fields.actor_email,
        role=fields.role,
        delegation=fields.delegation,
        action=fields.action,
        objects=list(fields.objects),
        summary=fields.summary,
        outcome=fields.outcome,
        prev_hash=sealed.prev_hash,
        hash=sealed.hash,
    )
    session.add(entry)
    head.seq, head.hash = fields.seq, sealed.hash
    session.flush()
    return entry


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
