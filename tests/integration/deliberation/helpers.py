"""What the deliberation tests check after a refusal: that nothing changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.deliberation import models

TABLES = (
    models.Draft,
    models.DraftRevision,
    models.RevisionText,
    models.Amendment,
    models.DraftEvent,
    models.SessionRecord,
    models.SessionAttendance,
    models.Procedure,
    models.Position,
    models.PositionChange,
    models.SilenceBreak,
    models.Decision,
    models.DecisionText,
    models.DecisionRemark,
    models.Notification,
)


def snapshot(context: Context) -> dict[str, Any]:
    """Row counts of every deliberation table, each draft's version and stage, each procedure's
    status, and the number of audit entries of acts done (refusals add `denied` entries)."""
    with context.unit_of_work(write=False) as session:
        found: dict[str, Any] = {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) for table in TABLES
        }
        found["drafts"] = sorted(
            session.execute(select(models.Draft.id, models.Draft.version, models.Draft.stage)).all()
        )
        found["procedures"] = sorted(
            session.execute(select(models.Procedure.id, models.Procedure.status)).all()
        )
        found["audit_ok"] = session.scalar(select(func.count()).where(AuditEntry.outcome == "ok"))
    return found
