"""Confidence-building measures: the catalogue, coordinators, participation, notifications, the
events of the Plan of Implementation and the dashboard."""

from enum import StrEnum

from cica.core.capability import Capability, Command


class AuditAction(StrEnum):
    """The actions of the audit entries this capability writes."""

    CBM_LOAD = "cbm.load"
    CBM_DECLARE = "cbm.declare"
    CBM_WITHDRAW = "cbm.withdraw"
    CBM_NOTIFY = "cbm.notify"
    CBM_ACKNOWLEDGE = "cbm.acknowledge"
    CBM_EVENT_ADD = "cbm.event.add"
    CBM_EVENT_STATUS = "cbm.event.status"
    CBM_APPOINT = "cbm.appoint"
    CBM_PAPER = "cbm.paper"


CAPABILITY = Capability(
    name="cbm",
    standard=("models", "api", "pages", "templates"),
    audited=tuple(AuditAction),
    commands=(
        Command(
            "cbm",
            "Confidence-building measures: the catalogue and the coordinators.",
            "cica.cbm.cli:app",
        ),
    ),
    init="cica.cbm.setup:load_catalogue",
    demo="cica.cbm.demo:demo_step",
    actions=(
        "cbm.read",
        "cbm.load",
        "cbm.declare",
        "cbm.notify",
        "cbm.acknowledge",
        "cbm.exchange",
        "cbm.oversee",
        "cbm.plan",
    ),
)
