"""The hash-chained audit trail: every act recorded, refusals included; verify and export."""

from cica.audit.vocabulary import AuditAction
from cica.core.capability import Capability, Command

CAPABILITY = Capability(
    name="audit",
    standard=("models", "api", "pages", "templates", "wiring"),
    commands=(Command("audit", "Verify and export the audit trail.", "cica.audit.cli:audit_app"),),
    actions=("audit.read",),
    audited=tuple(AuditAction),
)
