"""Minutes of meetings: drafted, circulated, corrected, approved, frozen."""

from enum import StrEnum

from cica.core.capability import EVERY_STANDARD_PART, Capability, Command


class AuditAction(StrEnum):
    """The actions of the audit entries this capability writes."""

    MINUTES_DRAFT = "minutes.draft"
    MINUTES_CIRCULATE = "minutes.circulate"
    MINUTES_CORRECT = "minutes.correct"
    MINUTES_APPROVE = "minutes.approve"
    MINUTES_SETTLE = "minutes.settle"


HELP = "Minutes of meetings: draft, circulate, correct, approve, show, diff."

CAPABILITY = Capability(
    name="minutes",
    standard=EVERY_STANDARD_PART,
    audited=tuple(AuditAction),
    commands=(Command("minutes", HELP, "cica.minutes.cli:app"),),
    # Reading is public (each reader sees what the rules let them); every act is also audited.
    actions=("minutes.read", *AuditAction),
)
