"""What the layers below need from meetings: the audit trail's digest of a meeting, the
meetings' vocabulary (enums) for the templates, and the home page's panel of meetings due."""

from typing import Any

from sqlalchemy.orm import Session

from cica.core import templating
from cica.core.i18n import Language
from cica.meetings.rules import MeetingStatus, MeetingType


def _due_panel(session: Session, lang: str) -> tuple[str, dict[str, Any]] | None:
    from cica.meetings import queries

    chosen: Language = lang  # type: ignore[assignment]  # the page's language, already checked
    # The home page is one answer for every reader: only the public meetings count.
    falling_due = queries.organ_calendar(session, lang=chosen, viewer=None).falling_due
    return ("meetings/_due_panel.html", {"items": falling_due}) if falling_due else None


def wire() -> None:
    # Importing the module registers its digester with `audit.content`.
    from cica.meetings import digests  # noqa: F401

    templating.environment.globals.update({"MeetingStatus": MeetingStatus, "MeetingType": MeetingType})

    from cica.registry.pages import on_home_panel

    on_home_panel(_due_panel)
