"""Who may do what: actors, the permission table, the guard, the route gates, classification."""

from cica.core.capability import Capability

CAPABILITY = Capability(
    name="access",
    standard=("templates", "wiring"),
    actions=("api.describe",),
    docs=(("permissions.md", "cica.access.docs:permissions_markdown"),),
)
