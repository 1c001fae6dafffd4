"""Reads of deliberation for pages, API and CLI, with their result shapes (Pydantic).

Every read takes a `Reader` (who reads, on which day, in which language), so that the
classification rule is applied in one place: lists and counts filter in SQL, single records
answer "not found" to a reader who may not see them.
"""

from cica.deliberation.queries.common import (
    NewDraftChoices,
    Reader,
    Seat,
    names,
    new_draft_choices,
    reader,
    seats,
)
from cica.deliberation.queries.decisions import (
    DecisionDetail,
    DecisionFilter,
    DecisionList,
    DecisionTaken,
    decision_by_symbol,
    decision_detail,
    decisions_taken_at,
    export_decisions,
    list_decisions,
)
from cica.deliberation.queries.drafts import (
    DiffResult,
    DraftDetail,
    DraftList,
    diff,
    draft_detail,
    list_drafts,
)
from cica.deliberation.queries.notifications import NotificationList, notice, notifications
from cica.deliberation.queries.popolo import popolo
from cica.deliberation.queries.procedures import (
    BoardView,
    ProcedureDetail,
    SilenceItem,
    SilenceList,
    board,
    board_version,
    procedure_detail,
    silence_procedures,
)
from cica.deliberation.queries.steps import (
    DraftSteps,
    ProcedureSteps,
    draft_state,
    next_steps,
    procedure_steps,
)

__all__ = [
    "BoardView",
    "DecisionDetail",
    "DecisionFilter",
    "DecisionList",
    "DecisionTaken",
    "DiffResult",
    "DraftDetail",
    "DraftList",
    "DraftSteps",
    "NewDraftChoices",
    "NotificationList",
    "ProcedureDetail",
    "ProcedureSteps",
    "Reader",
    "Seat",
    "SilenceItem",
    "SilenceList",
    "board",
    "board_version",
    "decision_by_symbol",
    "decision_detail",
    "decisions_taken_at",
    "diff",
    "draft_detail",
    "draft_state",
    "export_decisions",
    "list_decisions",
    "list_drafts",
    "names",
    "new_draft_choices",
    "next_steps",
    "notice",
    "notifications",
    "popolo",
    "procedure_detail",
    "procedure_steps",
    "reader",
    "seats",
    "silence_procedures",
]
