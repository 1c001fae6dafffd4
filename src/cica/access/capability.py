"""Who may do what (the permission table, the guard, the route gates) and who is who (accounts,
sessions, tokens, sign-in, delegations' details)."""

from cica.core.capability import Capability, Command

CAPABILITY = Capability(
    name="access",
    package="cica.access",
    models="cica.access.models",
    api="cica.access.api:router",
    pages="cica.access.pages:router",
    templates=True,
    commands=(
        Command("users", "User accounts and their API tokens.", "cica.access.cli:users_app"),
        Command("delegations", "Delegations' contact details.", "cica.access.cli:delegations_app"),
    ),
    demo="cica.access.demo:demo_step",
    actions=(
        "api.describe",
        "session.sign_in",
        "session.sign_out",
        "self.read",
        "token.manage",
        "delegation.read",
        "delegation.update",
        "users.read",
        "users.manage",
    ),
    docs=(("permissions.md", "cica.access.rules:permissions_markdown"),),
    wire="cica.access.wiring:wire",
    identify="cica.access.web:identify",
    request_checks=("cica.access.web:check_csrf",),
)
