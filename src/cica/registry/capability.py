"""The registry: who belonged, who chaired, what organs were called, on a day."""

from enum import StrEnum

from cica.core.capability import Capability, Command


class AuditAction(StrEnum):
    """The actions of the audit entries this capability writes."""

    CHARTER_LOAD = "charter.load"


CAPABILITY = Capability(
    name="registry",
    standard=("models", "api", "pages", "templates", "wiring"),
    commands=(
        Command(
            "members",
            "Who belonged on a day: member states, observers, partners.",
            "cica.registry.cli:members",
        ),
        Command("chair", "The chairing state on a day and its term.", "cica.registry.cli:chair"),
        Command("organs", "The organs with the names in force on a day.", "cica.registry.cli:organs"),
    ),
    actions=("registry.read", "charter.load"),
    audited=tuple(AuditAction),
)
