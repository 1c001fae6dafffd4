"""The one indexer: drains the outbox into the engine, and rebuilds the index from the database.

One writer, many readers: whoever drains holds `indexer.lock` in the index directory (an
exclusive `flock`), so two processes never write at once; a process that finds it taken leaves
the draining to the holder. Outbox rows are deleted only after the engine has committed what
they asked for, in a transaction of their own: a crash anywhere before that leaves them in
place and the next drain replays them (indexing a paragraph again replaces it).
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cica.core.context import Context
from cica.core.periodic import Periodic
from cica.documents.models import Document, DocumentParagraph, DocumentVersion
from cica.search import outbox
from cica.search.engine import NO_DAY, IndexedParagraph, SearchEngine, engine_for, index_directory
from cica.search.models import SearchOutbox, SearchParagraph
from cica.search.rules import Operation

LOCK_FILE = "indexer.lock"
BATCH = 2_000  # outbox rows (versions) per drain step
log = logging.getLogger(__name__)


@contextmanager
def writer_lock(directory: Path, *, wait: bool) -> Iterator[bool]:
    """Holds the index's writer lock for the block; yields False (and holds nothing) if another
    process has it and `wait` is False."""
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def indexed_paragraphs(session: Session, version_ids: Sequence[int]) -> list[IndexedParagraph]:
    """The paragraphs of current versions as the engine holds them (analysed first if the
    database has no analysis for them: versions stored before search existed)."""
    current = list(
        session.scalars(
            select(DocumentVersion.id).where(
                DocumentVersion.id.in_(list(version_ids)), DocumentVersion.replaced_by_id.is_(None)
            )
        )
    )
    if not current:
        return []
    analysed = set(
        session.scalars(select(SearchParagraph.version_id).where(SearchParagraph.version_id.in_(current)))
    )
    outbox.analyse(session, [v for v in current if v not in analysed])
    rows = session.execute(
        select(
            SearchParagraph.paragraph_id,
            Document.id,
            DocumentVersion.lang,
            SearchParagraph.analyser,
            SearchParagraph.terms,
            Document.kind,
            Document.organ_id,
            Document.day,
        )
        .join(DocumentVersion, DocumentVersion.id == SearchParagraph.version_id)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(SearchParagraph.version_id.in_(current))
        .order_by(SearchParagraph.paragraph_id)
    )
    return [
        IndexedParagraph(
            paragraph_id=paragraph_id,
            document_id=document_id,
            lang=lang,
            analyser=analyser,
            terms=terms.strip(),
            kind=kind,
            organ=organ or "",
            day=day.toordinal() if day else NO_DAY,
        )
        for paragraph_id, document_id, lang, analyser, terms, kind, organ, day in rows
    ]


def _paragraph_ids(session: Session, version_ids: Sequence[int]) -> list[int]:
    return list(
        session.scalars(
            select(DocumentParagraph.id).where(DocumentParagraph.version_id.in_(list(version_ids)))
        )
    )


# Tests stand in for a crash here: after the engine has committed, before the outbox rows go.
def _after_engine_commit(rows: Sequence[int]) -> None:
    return None


def drain_once(context: Context, engine: SearchEngine, *, batch: int = BATCH) -> int:
    """Applies the oldest outbox rows to the engine, commits it, then deletes those rows; the
    rows drained (0: the outbox was empty). The caller holds the writer lock."""
    with context.unit_of_work() as session:
        rows = session.execute(
            select(SearchOutbox.id, SearchOutbox.version_id, SearchOutbox.operation)
            .order_by(SearchOutbox.id)
            .limit(batch)
        ).all()
        if not rows:
            return 0
        # In the order they were written: a version indexed, then retired, ends up deleted.
        pending: list[int] = []
        for _, version_id, operation in rows:
            if operation is Operation.DELETE:
                if pending:
                    engine.index(indexed_paragraphs(session, pending))
                    pending = []
                engine.delete(_paragraph_ids(session, [version_id]))
            else:
                pending.append(version_id)
        if pending:
            engine.index(indexed_paragraphs(session, pending))
    # The analysis written for old versions is committed above; now the index, then the outbox.
    engine.commit()
    drained = [row_id for row_id, _, _ in rows]
    _after_engine_commit(drained)
    with context.unit_of_work() as session:
        session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(drained)))
    return len(drained)


def drain(context: Context, engine: SearchEngine | None = None, *, wait: bool = False) -> int:
    """Drains the whole outbox if this process can take the writer lock (waiting for it with
    `wait`); the rows drained."""
    with context.unit_of_work(write=False) as session:
        # The common case, read only: nothing waits (no lock taken, no write transaction begun).
        if session.scalar(select(SearchOutbox.id).limit(1)) is None:
            return 0
    engine = engine or engine_for(context.settings)
    with writer_lock(index_directory(context.settings), wait=wait) as held:
        if not held:
            return 0
        total = 0
        while drained := drain_once(context, engine):
            total += drained
        return total


def pending(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SearchOutbox)) or 0


def reindex(
    context: Context,
    engine: SearchEngine | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 500,
) -> int:
    """Rebuilds the index from the database (analysing every current version again): the
    paragraphs indexed. Outbox rows written before it started are settled by it; later ones stay
    for the next drain. `progress(done, total)` is told after each batch of versions."""
    engine = engine or engine_for(context.settings)
    with writer_lock(index_directory(context.settings), wait=True):
        with context.unit_of_work(write=False) as session:
            settled = session.scalar(select(func.max(SearchOutbox.id))) or 0
            versions = list(
                session.scalars(
                    select(DocumentVersion.id)
                    .where(DocumentVersion.replaced_by_id.is_(None))
                    .order_by(DocumentVersion.id)
                )
            )
        engine.clear()
        done = indexed = 0
        for start in range(0, len(versions), batch):
            chunk = versions[start : start + batch]
            with context.unit_of_work() as session:
                outbox.analyse(session, chunk)
                session.flush()
                paragraphs = indexed_paragraphs(session, chunk)
            engine.index(paragraphs, replace=False)  # the index was cleared above
            indexed += len(paragraphs)
            done += len(chunk)
            if progress is not None:
                progress(done, len(versions))
        engine.commit()
        with context.unit_of_work() as session:
            session.execute(delete(SearchOutbox).where(SearchOutbox.id <= settled))
        return indexed


def start_background(context: Context) -> Callable[[], None] | None:
    """Each `cica serve` worker's indexer; off with the scheduler (`CICA_SCHEDULER_SECONDS=0`),
    as in tests, where searches drain the outbox themselves."""
    if context.settings.scheduler_seconds <= 0:
        return None
    # Each worker has one; the writer lock lets one at a time do the work. A failed round is
    # retried at the next: the outbox keeps what was not indexed.
    indexer = Periodic(
        "cica-indexer", lambda: drain(context), 1.0, log=log, failure="draining the search outbox failed"
    )
    return indexer.start().stop
