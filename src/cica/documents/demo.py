"""The document `cica demo` loads: the CICA overview sample (`data/cica-overview.fr-zh.txt`), one
file holding a French and a Chinese text, imported through the real operation (so it is
detected, aligned and audited) as one document with a `fr` and a `zh` version. Loading it again
does nothing: it is recognised by its file's name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from cica.access.actors import Actor
from cica.core.capability import DemoResult
from cica.core.context import Context
from cica.documents import operations, reading
from cica.documents.models import DocumentVersion
from cica.registry import snapshot

SAMPLE = Path(__file__).parent / "data" / "cica-overview.fr-zh.txt"


def demo_step(context: Context) -> DemoResult:
    with context.unit_of_work() as session:
        if (
            session.scalar(select(DocumentVersion.id).where(DocumentVersion.source == SAMPLE.name))
            is not None
        ):
            return DemoResult()
        known = reading.charter_languages(snapshot.current(session).document)
        versions = reading.versions_in(SAMPLE.name, SAMPLE.read_bytes(), reading.AUTO, known)
        details = operations.Details(day=date(2017, 4, 19))
        document = operations.import_document(session, versions, details=details, actor=Actor.command_line())
        symbol = document.symbol
    tags = ", ".join(version.lang for version in versions)
    return DemoResult(lines=(f"document {symbol}: the CICA overview sample ({tags}), aligned",))
