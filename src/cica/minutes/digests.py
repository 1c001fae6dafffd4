"""What the audit trail's entries cover of minutes, named as `minutes:<id>` (`audit.content`): where
they stand, how they were approved, and every version's text, so that `cica audit verify` finds a
rewritten state or text."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.audit.content import register, row
from cica.minutes.models import Minutes, MinutesVersion


@register("minutes")
def minutes_content(session: Session, identifier: str) -> Any:
    minutes = row(session, Minutes, int(identifier)) if identifier.isdigit() else None
    if minutes is None:
        return None
    versions = session.execute(
        select(MinutesVersion.number, MinutesVersion.lang, MinutesVersion.body)
        .where(MinutesVersion.minutes_id == minutes.id)
        .order_by(MinutesVersion.number)
    )
    return {
        "meeting": minutes.meeting_id,
        "state": str(minutes.state),
        "current_version": minutes.current_version,
        "first_circulated": minutes.first_circulated,
        "approval": str(minutes.approval) if minutes.approval else None,
        "approved_at_meeting": minutes.approved_at_meeting_id,
        "procedure": minutes.procedure_id,
        "versions": [{"number": number, "lang": lang, "body": body} for number, lang, body in versions],
    }
