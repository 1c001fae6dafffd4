"""Deliberation: drafts, amendments, consensus, the silence procedure and the decision register."""

from cica.core.capability import Capability, Command

CAPABILITY = Capability(
    name="deliberation",
    standard=("models", "api", "pages", "templates", "wiring"),
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
