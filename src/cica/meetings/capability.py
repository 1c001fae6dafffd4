"""Meetings of the organs: the calendar, the historical record, iCalendar feeds."""

from cica.core.capability import Capability, Command

CAPABILITY = Capability(
    name="meetings",
    package="cica.meetings",
    models="cica.meetings.models",
    api="cica.meetings.api:router",
    pages="cica.meetings.pages:router",
    templates=True,
    commands=(
        Command(
            "meetings",
            "Meetings of the organs: list, show, create, update, cancel, due.",
            "cica.meetings.cli:app",
        ),
    ),
    init="cica.meetings.setup:load_history",
    actions=("meeting.read", "meeting.schedule"),
    wire="cica.meetings.wiring:wire",
)
