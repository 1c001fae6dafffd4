"""What the minutes link in from the meeting: the decisions adopted at it and who attended.

Attendance is the meeting's own participation list (`meetings.queries.attendance`), plus, for
records older than meetings' participation, the delegations a session of the meeting's organ on
one of its days recorded present. Decisions are those adopted by consensus in a session held
under the meeting (`session_record.meeting_id`) or, for such older records, in a session of its
organ on one of its days.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from sqlalchemy import Row, Select, and_, or_, select
from sqlalchemy.orm import Session

from cica.access.queries import visible_to
from cica.access.rules import Viewer
from cica.deliberation.models import Decision, Procedure, SessionAttendance, SessionRecord
from cica.deliberation.rules import ProcedureKind
from cica.meetings.queries import attendance as registered


class MeetingDays(Protocol):
    """What the links need of a meeting (`meetings.queries.MeetingItem` has it)."""

    id: int
    organ: str
    first_day: date
    last_day: date


def _sessions(meeting: MeetingDays) -> Select[int]:
    """The sessions held under the meeting, and unlinked older ones of its organ on its days."""
    return select(SessionRecord.id).where(
        or_(
            SessionRecord.meeting_id == meeting.id,
            and_(
                SessionRecord.meeting_id.is_(None),
                SessionRecord.organ_id == meeting.organ,
                SessionRecord.held_on >= meeting.first_day,
                SessionRecord.held_on <= meeting.last_day,
            ),
        )
    )


def attendance(session: Session, meeting: MeetingDays) -> list[tuple[str, str]]:
    """The delegations registered for the meeting or recorded present at its sessions:
    (participant code, category)."""
    present = {a.code: (a.code, a.category) for a in registered(session, meeting.id)}
    rows = session.execute(
        select(SessionAttendance.participant_code, SessionAttendance.category)
        .where(SessionAttendance.session_id.in_(_sessions(meeting)))
        .order_by(SessionAttendance.participant_code)
    )
    for code, category in rows:
        present.setdefault(code, (code, category))
    return sorted(present.values())


def decisions(
    session: Session, meeting: MeetingDays, who: Viewer | None
) -> Sequence[Row[int, str, str, str, date]]:
    """The decisions adopted by consensus in session at the meeting that `who` may see: id,
    symbol, title, original_lang and adopted_on of each."""
    return session.execute(
        select(Decision.id, Decision.symbol, Decision.title, Decision.original_lang, Decision.adopted_on)
        .join(Procedure, Procedure.id == Decision.procedure_id)
        .where(
            Procedure.kind == ProcedureKind.CONSENSUS,
            Procedure.session_id.in_(_sessions(meeting)),
            visible_to(who, Decision.classification.expression, Decision.named.expression),
        )
        .order_by(Decision.adopted_on, Decision.id)
    ).all()
