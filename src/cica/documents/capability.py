"""Documents in their language versions: import, certify, correct, align, read side by side."""

from enum import StrEnum

from cica.core.capability import EVERY_STANDARD_PART, Capability, Command


class AuditAction(StrEnum):
    """The actions of the audit entries this capability writes."""

    DOCUMENT_IMPORT = "document.import"
    DOCUMENT_CERTIFY = "document.certify"
    DOCUMENT_CORRECT = "document.correct"


HELP = "Documents in their language versions: import, list, show, align (and write the generated docs)."

CAPABILITY = Capability(
    name="documents",
    standard=EVERY_STANDARD_PART,
    audited=tuple(AuditAction),
    commands=(Command("docs", HELP, "cica.documents.cli:app", content_lang=("import",)),),
    demo="cica.documents.demo:demo_step",
    # Reading is public (each reader sees what the classification lets them); every act is audited.
    actions=("document.read", *AuditAction),
)
