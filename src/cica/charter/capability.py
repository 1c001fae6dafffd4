"""The charter as data: `cica charter validate` checks a charter file without any database."""

from cica.core.capability import Capability, Command

CAPABILITY = Capability(
    name="charter",
    commands=(Command("charter", "Check charter files.", "cica.charter.cli:charter_app"),),
)
