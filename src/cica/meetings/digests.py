"""What the audit trail's entries cover of meetings, named as `meeting:<id>` (`audit.content`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cica.audit.content import register, row
from cica.meetings.models import Meeting


@register("meeting")
def meeting_content(session: Session, identifier: str) -> Any:
    meeting = row(session, Meeting, int(identifier)) if identifier.isdigit() else None
    if meeting is None:
        return None
    return {
        "uid": meeting.uid,
        "organ": meeting.organ_id,
        "kind": str(meeting.kind),
        "ordinal": meeting.ordinal,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "time_zone": meeting.time_zone,
        "online": meeting.online,
        "city": meeting.city,
        "host": meeting.host_code,
        "chair": meeting.chair_code,
        "status": str(meeting.status),
        "sequence": meeting.sequence,
    }
