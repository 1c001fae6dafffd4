"""What the layers below need from meetings: the audit trail's digest of a meeting, and the
meetings' vocabulary (enums) for the templates."""

from cica.core import templating
from cica.meetings.rules import MeetingStatus, MeetingType


def wire() -> None:
    # Importing the module registers its digester with `audit.content`.
    from cica.meetings import digests  # noqa: F401

    templating.environment.globals.update({"MeetingStatus": MeetingStatus, "MeetingType": MeetingType})
