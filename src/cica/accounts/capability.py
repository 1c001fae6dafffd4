"""Who is who: user accounts, web sessions, API tokens, sign-in, delegations' contact details."""

from enum import StrEnum

from cica.core.capability import Capability, Command


class AuditAction(StrEnum):
    """The actions of the audit entries this capability writes."""

    DELEGATION_UPDATE = "delegation.update"
    REQUEST_CSRF = "request.csrf"
    SESSION_SIGN_IN = "session.sign_in"
    SESSION_SIGN_OUT = "session.sign_out"
    TOKEN_CREATE = "token.create"
    TOKEN_REVOKE = "token.revoke"
    USERS_ADD = "users.add"
    USERS_DISABLE = "users.disable"


CAPABILITY = Capability(
    name="accounts",
    standard=("models", "api", "pages", "templates", "wiring"),
    audited=tuple(AuditAction),
    commands=(
        Command("users", "User accounts and their API tokens.", "cica.accounts.cli:users_app"),
        Command("delegations", "Delegations' contact details.", "cica.accounts.cli:delegations_app"),
    ),
    demo="cica.accounts.demo:demo_step",
    actions=(
        "session.sign_in",
        "session.sign_out",
        "self.read",
        "token.manage",
        "delegation.read",
        "delegation.update",
        "users.read",
        "users.manage",
    ),
    identify="cica.accounts.web:identify",
    identify_alone="cica.accounts.web:identify_alone",
    request_checks=("cica.accounts.web:check_csrf",),
)
