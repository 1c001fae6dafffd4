"""What the layers below need from deliberation: the audit trail's digests of decisions, drafts'
revisions and procedures, the template filter that writes a text into a form, and the rules'
vocabulary (enums) the templates compare states with."""

from enum import StrEnum

from cica.core import templating
from cica.deliberation.amendments import AmendmentKind, AmendmentStatus
from cica.deliberation.consensus import Stance
from cica.deliberation.rules import ProcedureKind, ProcedureStatus, Stage
from cica.deliberation.silence import BreakKind
from cica.deliberation.texts import ChangeKind, SpanKind, form_text
from cica.deliberation.words import TEMPLATE_WORDS

# The rules' enums, by name, for the templates: they compare and label states with these, never
# with spelled-out strings, so a renamed or added state cannot be missed in a page.
VOCABULARY: dict[str, type[StrEnum]] = {
    enum.__name__: enum
    for enum in (
        Stage,
        ProcedureKind,
        ProcedureStatus,
        Stance,
        AmendmentKind,
        AmendmentStatus,
        BreakKind,
        ChangeKind,
        SpanKind,
    )
}


def wire() -> None:
    # Importing the module registers its digesters with `audit.content`.
    from cica.deliberation import digests  # noqa: F401

    # Every form that pre-fills a text writes it the one way its parser reads it back.
    templating.environment.filters["form_text"] = form_text
    templating.environment.globals.update(VOCABULARY)
    # The words the pages label the codes with, the commands' own (`deliberation.words`).
    templating.environment.globals["DELIBERATION_WORDS"] = TEMPLATE_WORDS

    # The meeting page lists the drafts under each agenda item and the procedures opened there.
    from cica.deliberation.agenda import AgendaDrafts
    from cica.meetings.drafts import use_drafts

    use_drafts(AgendaDrafts())
