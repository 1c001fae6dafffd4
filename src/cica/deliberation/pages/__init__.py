"""Pages of deliberation: drafts (list, detail, diff, new), procedures with the live consensus
board, the decision register, one decision, and the notices.

Forms post with the session's CSRF token and redirect (303) to the page that shows the result;
a refusal is shown by the error page with the rule's message. Which forms a page offers comes
from the permission table (`guard.allowed`) and the draft lifecycle (`rules.permits`); the
operations still decide.
"""

from fastapi import APIRouter

from cica.core.templating import environment
from cica.deliberation.amendments import AmendmentKind, AmendmentStatus
from cica.deliberation.consensus import Stance
from cica.deliberation.pages import decisions, drafts, procedures
from cica.deliberation.rules import ProcedureKind, ProcedureStatus, Stage
from cica.deliberation.silence import BreakKind
from cica.deliberation.texts import ChangeKind, SpanKind

# The rules' enums, by name, for the templates: they compare and label states with these, never
# with spelled-out strings, so a renamed or added state cannot be missed in a page.
VOCABULARY = {
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
environment.globals.update(VOCABULARY)

router = APIRouter(include_in_schema=False)
router.include_router(drafts.router)
router.include_router(procedures.router)
router.include_router(decisions.router)
