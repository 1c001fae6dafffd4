"""The outbox: what the index still has to learn, written in the transaction of the documents'
write that caused it (the listener of `documents.changes`), so a committed version is never
forgotten by the index, whatever happens between the commit and the indexer's next run."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from cica.core import clock
from cica.documents.changes import VersionsChanged
from cica.documents.models import DocumentParagraph, DocumentVersion
from cica.search import rules
from cica.search.models import SearchOutbox, SearchParagraph
from cica.search.rules import Operation


def analyse(session: Session, version_ids: Iterable[int]) -> int:
    """Stores the analysed terms of the versions' paragraphs (replacing any); the rows written."""
    ids = list(version_ids)
    if not ids:
        return 0
    session.execute(delete(SearchParagraph).where(SearchParagraph.version_id.in_(ids)))
    rows = [
        {
            "paragraph_id": paragraph_id,
            "version_id": version_id,
            "analyser": rules.analyser(lang),
            "terms": rules.padded(text, lang),
        }
        for paragraph_id, version_id, lang, text in session.execute(
            select(
                DocumentParagraph.id,
                DocumentParagraph.version_id,
                DocumentVersion.lang,
                DocumentParagraph.text,
            )
            .join(DocumentVersion, DocumentVersion.id == DocumentParagraph.version_id)
            .where(DocumentParagraph.version_id.in_(ids))
        )
    ]
    if rows:
        session.execute(insert(SearchParagraph), rows)
    return len(rows)


def enqueue(session: Session, change: VersionsChanged) -> None:
    """The listener: analyse what was added, forget what was retired, and queue both for the index."""
    now = clock.now(session)
    analyse(session, change.added)
    if change.retired:
        session.execute(delete(SearchParagraph).where(SearchParagraph.version_id.in_(change.retired)))
    session.execute(
        insert(SearchOutbox),
        [{"version_id": v, "operation": Operation.DELETE, "enqueued_at": now} for v in change.retired]
        + [{"version_id": v, "operation": Operation.INDEX, "enqueued_at": now} for v in change.added],
    )
