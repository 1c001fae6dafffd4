"""What the audit trail's entries cover of documents, named as `document:<id>` (`audit.content`):
the symbol, kind and classification, and every version's language, status, certification and
paragraphs, so that `cica audit verify` finds a rewritten text or a forged certification."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.audit.content import register, row
from cica.documents.models import Document, DocumentParagraph, DocumentVersion


@register("document")
def document_content(session: Session, identifier: str) -> Any:
    document = row(session, Document, int(identifier)) if identifier.isdigit() else None
    if document is None:
        return None
    versions = session.scalars(
        select(DocumentVersion)
        .where(DocumentVersion.document_id == document.id)
        .order_by(DocumentVersion.number)
    ).all()
    paragraphs: dict[int, list[str]] = {}
    for version_id, text in session.execute(
        select(DocumentParagraph.version_id, DocumentParagraph.text)
        .join(DocumentVersion, DocumentVersion.id == DocumentParagraph.version_id)
        .where(DocumentVersion.document_id == document.id)
        .order_by(DocumentParagraph.version_id, DocumentParagraph.number)
    ):
        paragraphs.setdefault(version_id, []).append(text)
    return {
        "symbol": document.symbol,
        "kind": document.kind,
        "classification": document.classification,
        "named": document.named,
        "versions": [
            {
                "number": version.number,
                "lang": version.lang,
                "status": str(version.status),
                "replaced_by": version.replaced_by_id,
                "certified_by": version.certified_by,
                "paragraphs": paragraphs.get(version.id, []),
            }
            for version in versions
        ],
    }
