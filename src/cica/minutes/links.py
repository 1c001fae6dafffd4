"""What the minutes link in from the meeting: the decisions adopted at it and who attended.

Interim: until meetings keep their own participation, these read deliberation's session records
(the consensus procedures of the meeting's organ held within the meeting's days, and the
delegations recorded present). At the merge with the agenda work their bodies become
`cica.meetings.queries.attendance(session, meeting_id)` and
`cica.deliberation.queries.decisions_taken_at(session, meeting_id)`; the shapes stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from cica.access.queries import visible_to
from cica.access.rules import Viewer
from cica.deliberation.models import Decision, Procedure, SessionAttendance, SessionRecord
from cica.deliberation.rules import ProcedureKind


class MeetingDays(Protocol):
    """What the links need of a meeting (`meetings.queries.MeetingItem` has it)."""

    organ: str
    first_day: date
    last_day: date


def _sessions(meeting: MeetingDays) -> Select[int]:
    return select(SessionRecord.id).where(
        SessionRecord.organ_id == meeting.organ,
        SessionRecord.held_on >= meeting.first_day,
        SessionRecord.held_on <= meeting.last_day,
    )


def attendance(session: Session, meeting: MeetingDays) -> list[tuple[str, str]]:
    """The delegations recorded present at the meeting's sessions: (participant code, category)."""
    rows = session.execute(
        select(SessionAttendance.participant_code, SessionAttendance.category)
        .where(SessionAttendance.session_id.in_(_sessions(meeting)))
        .order_by(SessionAttendance.participant_code)
    )
    return list({code: (code, category) for code, category in rows}.values())


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
