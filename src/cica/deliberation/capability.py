"""Deliberation: drafts, amendments, consensus, the silence procedure and the decision register."""

from enum import StrEnum

from cica.core.capability import Capability, Command


class AuditAction(StrEnum):
    """The actions of the audit entries this capability writes."""

    AMENDMENT_ACCEPT = "amendment.accept"
    AMENDMENT_PROPOSE = "amendment.propose"
    AMENDMENT_REJECT = "amendment.reject"
    AMENDMENT_WITHDRAW = "amendment.withdraw"
    CONSENSUS_CLOSE = "consensus.close"
    CONSENSUS_OPEN = "consensus.open"
    CONSENSUS_POSITION = "consensus.position"
    CONSENSUS_STATEMENT = "consensus.statement"
    DRAFT_CIRCULATE = "draft.circulate"
    DRAFT_CREATE = "draft.create"
    DRAFT_FORWARD = "draft.forward"
    DRAFT_REJECT = "draft.reject"
    DRAFT_REVISE = "draft.revise"
    DRAFT_WITHDRAW = "draft.withdraw"
    SILENCE_BREAK = "silence.break"
    SILENCE_FINALISE = "silence.finalise"
    SILENCE_START = "silence.start"


CAPABILITY = Capability(
    name="deliberation",
    standard=("models", "api", "pages", "templates", "wiring"),
    audited=tuple(AuditAction),
    commands=(
        Command(
            "drafts",
            "Draft texts: create, revise, amend, forward, withdraw, show, diff.",
            "cica.deliberation.cli.drafts:drafts_app",
        ),
        Command(
            "consensus",
            "Consensus in session: open, positions, close.",
            "cica.deliberation.cli.procedures:consensus_app",
        ),
        Command(
            "silence",
            "The silence procedure: start, break, status.",
            "cica.deliberation.cli.procedures:silence_app",
        ),
        Command(
            "decisions",
            "The decision register: list, show, export.",
            "cica.deliberation.cli.decisions:decisions_app",
        ),
        Command(
            "tick",
            "Adopt the silence procedures whose deadline has passed (for cron; `serve` does it too).",
            "cica.deliberation.cli.procedures:tick",
        ),
    ),
    demo="cica.deliberation.demo:demo_step",
    actions=(
        "decision.read",
        "draft.read",
        "notification.read",
        "notification.mark",
        "draft.create",
        "draft.revise",
        "draft.circulate",
        "draft.forward",
        "draft.reject",
        "draft.withdraw",
        "amendment.propose",
        "amendment.withdraw",
        "amendment.decide",
        "consensus.open",
        "consensus.close",
        "consensus.position",
        "consensus.statement",
        "silence.start",
        "silence.break",
        "silence.close",
        "decision.announce",
    ),
    background="cica.deliberation.scheduler:run_in_worker",
)
