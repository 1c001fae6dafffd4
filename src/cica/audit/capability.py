"""The hash-chained audit trail: every act recorded, refusals included; verify and export."""

from cica.audit.vocabulary import AuditAction
from cica.core.capability import Capability, Command

CAPABILITY = Capability(
    name="audit",
    package="cica.audit",
    models="cica.audit.models",
    api="cica.audit.api:router",
    pages="cica.audit.pages:router",
    templates=True,
    commands=(Command("audit", "Verify and export the audit trail.", "cica.audit.cli:audit_app"),),
    actions=("audit.read",),
    audited=tuple(AuditAction),
    wire="cica.audit.wiring:wire",
)
