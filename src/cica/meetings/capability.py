"""Meetings of the organs: the calendar, the historical record, iCalendar feeds."""

from enum import StrEnum

from cica.core.capability import Capability, Command


class AuditAction(StrEnum):
    """The actions of the audit entries this capability writes."""

    MEETING_SCHEDULE = "meeting.schedule"
    MEETING_ATTEND = "meeting.attend"
    MEETING_AGENDA = "meeting.agenda"
    MEETING_FLOOR = "meeting.floor"
    MEETING_PRESIDE = "meeting.preside"


CAPABILITY = Capability(
    name="meetings",
    standard=("models", "api", "pages", "templates", "wiring"),
    audited=tuple(AuditAction),
    commands=(
        Command(
            "meetings",
            "Meetings of the organs: list, show, create, update, cancel, due, attend, agenda, floor.",
            "cica.meetings.cli:app",
        ),
    ),
    init="cica.meetings.setup:load_history",
    actions=(
        "meeting.read",
        "meeting.schedule",
        "meeting.attend",
        "meeting.agenda",
        "meeting.floor",
        "meeting.preside",
    ),
)
