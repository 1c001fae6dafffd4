"""Pages of deliberation: drafts (list, detail, diff, new), procedures with the live consensus
board, the decision register, one decision, and the notices.

Forms post with the session's CSRF token and redirect (303) to the page that shows the result;
a refusal is shown by the error page with the rule's message. Which forms a page offers comes
from the permission table (`guard.allowed`) and the draft lifecycle (`rules.permits`); the
operations still decide.
"""

from fastapi import APIRouter

from cica.deliberation.pages import decisions, drafts, procedures

router = APIRouter(include_in_schema=False)
router.include_router(drafts.router)
router.include_router(procedures.router)
router.include_router(decisions.router)
