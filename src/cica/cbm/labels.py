"""The reader's words for the kinds and statuses of events (msgids, translated where shown)."""

from __future__ import annotations

from cica.cbm.rules import EventKind, EventStatus, PaperKind
from cica.core.i18n import N_

KIND_NAMES = {
    EventKind.WORKSHOP: N_("workshop"),
    EventKind.SEMINAR: N_("seminar"),
    EventKind.EXPERT_MEETING: N_("expert meeting"),
    EventKind.TRAINING: N_("training"),
    EventKind.EXERCISE: N_("exercise"),
    EventKind.VISIT: N_("visit"),
}
STATUS_NAMES = {
    EventStatus.PLANNED: N_("planned"),
    EventStatus.HELD: N_("held"),
    EventStatus.CANCELLED: N_("cancelled"),
}


PAPER_NAMES = {
    PaperKind.CONCEPT_PAPER: N_("concept paper"),
    PaperKind.ACTION_PLAN: N_("action plan"),
    PaperKind.COORDINATOR_REPORT: N_("coordinator's report"),
    PaperKind.PLAN_OF_IMPLEMENTATION: N_("Plan of Implementation"),
    PaperKind.IMPLEMENTATION_REPORT: N_("implementation report"),
    PaperKind.DIMENSION_REVIEW: N_("review of the dimension"),
}


# The units of the built-in forms' fields (`data/cica-cbm.toml`); a unit not listed is shown as stored.
UNIT_NAMES = {"persons": N_("persons"), "USD million": N_("USD million")}
