"""API of deliberation: drafts, amendments, procedures, positions, silence, decisions, notices.

Each route declares its action (`public` / `signed_in`), parses, calls one operation or query,
and answers; the operations decide everything else against the same permission table as the
CLI and the pages. Domain errors become problem+json at the edge (`core.problems`).
"""

from fastapi import APIRouter

from cica.deliberation.api import decisions, drafts, procedures

router = APIRouter(tags=["deliberation"])
router.include_router(drafts.router)
router.include_router(procedures.router)
router.include_router(decisions.router)
