"""Writing the audit trail. `record` runs in the caller's transaction, so an action and its entry
commit or roll back together; `record_denial` runs in a unit of work of its own, because the
denied action's transaction has been rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.audit import chain, content, triggers, vocabulary
from cica.audit.keys import of_session
from cica.audit.models import AuditEntry, AuditHead
from cica.core import clock, search
from cica.core.context import Context
from cica.core.errors import NotFound, PermissionDenied

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
    """Appends one entry to the chain, in the caller's transaction: keyed with the chain key and,
    when the action was done, covering the content of the objects it names."""
    vocabulary.check(action)
    chain_key = of_session(session).require_chain()
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
        # A refusal changed nothing: there is no content to vouch for.
        content=content.digests(session, objects) if outcome == "ok" else (),
    )
    keyed = seq >= chain_key.keyed_from
    if not keyed:  # only while the key file says keyed entries start later (verify reports that)
        fields = replace(fields, content=None)
    sealed = chain.seal(fields, previous, chain_key.secret if keyed else None)
    values = {name: getattr(fields, name) for name in ENTRY_FIELDS}
    values.update(
        objects=list(fields.objects),
        content=None if fields.content is None else dict(fields.content),
        prev_hash=sealed.prev_hash,
        hash=sealed.hash,
    )
    session.execute(INSERT_ENTRY, values)
    session.execute(SET_HEAD_HASH, {"new_hash": sealed.hash})
    search.index(session, search.Subject.AUDIT, [(seq, [summary])], new=True)
    return sealed


def restore_triggers(session: Session, *, actor: Actor) -> dict[str, str]:
    """Puts back the append-only triggers that are missing, disabled or redefined, and records
    that it did (run by `cica init`, as the schema's migrations are: by whoever holds the
    database's credentials). Returns the triggers restored, with what was wrong with each."""
    restored = triggers.restore(session.connection())
    if restored:
        record(
            session,
            actor=actor,
            action="audit.triggers.restore",
            objects=[f"trigger:{name}" for name in sorted(restored)],
            summary="restored " + ", ".join(f"{name} ({fault})" for name, fault in sorted(restored.items())),
        )
    return restored


def record_denial(context: Context, error: PermissionDenied) -> None:
    """Records a refused action. Called by the edges (API, pages, CLI) once the action's own
    transaction has rolled back, so that the denial is kept although nothing else is.

    Refusals of anonymous callers (a stale sign-in form) are not recorded: anyone could fill
    the trail with them, while a signed-in caller is accountable for what they try.
    """
    if not isinstance(error.actor, Actor):
        return
    try:
        with context.unit_of_work() as session:
            record(
                session,
                actor=error.actor,
                action=error.action or vocabulary.AuditAction.UNNAMED_REFUSAL,
                objects=error.objects,
                summary=error.message,
                outcome="denied",
            )
    except (SQLAlchemyError, NotFound):
        # The caller still gets its 403; failing to note it (a database error, the chain key
        # missing) must not turn it into a 500.
        log.exception("could not record a denied %s by %s", error.action, error.actor)
