"""The reader's words for the kinds and statuses of events (msgids, translated where shown)."""

from __future__ import annotations

from cica.cbm.rules import EventKind, EventStatus
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
