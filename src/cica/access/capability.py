"""Who may do what: actors, the permission table, the guard, the route gates, classification."""

from cica.core.capability import Capability

CAPABILITY = Capability(
    name="access",
    package="cica.access",
    templates=True,
    actions=("api.describe",),
    docs=(("permissions.md", "cica.access.docs:permissions_markdown"),),
    wire="cica.access.wiring:wire",
)
