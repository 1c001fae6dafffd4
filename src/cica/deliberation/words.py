"""The words for deliberation's codes, one table a vocabulary (code → msgid): the pages
(`deliberation/_macros.html`, through the template global `DELIBERATION_WORDS`) and the commands
(`cli.common`'s labels) translate them where they show them, so that both name a state alike."""

from __future__ import annotations

from collections.abc import Mapping

from cica.core.i18n import N_
from cica.deliberation.amendments import AmendmentKind, AmendmentStatus
from cica.deliberation.consensus import Stance
from cica.deliberation.rules import ProcedureKind, ProcedureStatus, Stage
from cica.deliberation.silence import BreakKind

STAGES: Mapping[str, str] = {
    Stage.DRAFTING: N_("Being drafted"),
    Stage.UNDER_NEGOTIATION: N_("Under negotiation"),
    Stage.FORWARDED: N_("Forwarded"),
    Stage.ADOPTED: N_("Adopted"),
    Stage.NOT_ADOPTED: N_("Not adopted"),
    Stage.WITHDRAWN: N_("Withdrawn"),
}
# "silent": a delegation present that has taken no position (it counts as joining).
STANCES: Mapping[str, str] = {
    Stance.JOIN: N_("Joins the consensus"),
    Stance.OBJECT: N_("Objects"),
    Stance.RESERVATION: N_("Joins with a reservation"),
    Stance.STATEMENT: N_("Interpretative statement"),
    "silent": N_("Silent (counts as joining)"),
}
PROCEDURE_KINDS: Mapping[str, str] = {
    ProcedureKind.CONSENSUS: N_("Consensus in session"),
    ProcedureKind.SILENCE: N_("Silence procedure"),
}
PROCEDURE_STATUSES: Mapping[str, str] = {
    ProcedureStatus.OPEN: N_("Open"),
    ProcedureStatus.ADOPTED: N_("Adopted"),
    ProcedureStatus.NOT_ADOPTED: N_("Not adopted"),
    ProcedureStatus.BROKEN: N_("Silence broken"),
}
CLASSIFICATIONS: Mapping[str, str] = {
    "public": N_("Public"),
    "restricted": N_("Restricted"),
    "confidential": N_("Confidential"),
}
AMENDMENT_STATUSES: Mapping[str, str] = {
    AmendmentStatus.PROPOSED: N_("Proposed"),
    AmendmentStatus.ACCEPTED: N_("Accepted"),
    AmendmentStatus.REJECTED: N_("Rejected"),
    AmendmentStatus.WITHDRAWN: N_("Withdrawn"),
}
AMENDMENT_KINDS: Mapping[str, str] = {
    AmendmentKind.REPLACE: N_("Replace"),
    AmendmentKind.INSERT: N_("Insert"),
    AmendmentKind.DELETE: N_("Delete"),
}
# A sponsor that is not a delegation (a delegation is named by its code).
SPONSORS: Mapping[str, str] = {"chair": N_("the Chair"), "secretariat": N_("the Secretariat")}
BREAK_KINDS: Mapping[str, str] = {
    BreakKind.OBJECTION: N_("written objection"),
    BreakKind.AMENDMENT: N_("proposed amendment"),
}
CAPACITIES: Mapping[str, str] = {"member": N_("Member"), "observer": N_("Observer")}

# For the templates, by vocabulary: `DELIBERATION_WORDS.stages`.
TEMPLATE_WORDS: Mapping[str, Mapping[str, str]] = {
    "stages": STAGES,
    "stances": STANCES,
    "procedure_kinds": PROCEDURE_KINDS,
    "procedure_statuses": PROCEDURE_STATUSES,
    "classifications": CLASSIFICATIONS,
    "amendment_statuses": AMENDMENT_STATUSES,
    "amendment_kinds": AMENDMENT_KINDS,
    "sponsors": SPONSORS,
    "break_kinds": BREAK_KINDS,
    "capacities": CAPACITIES,
}
