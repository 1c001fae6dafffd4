"""Tables of search: each current paragraph as its analyser read it, and the outbox of versions
waiting for the index.

Both are written in the transaction that writes a document version (through the hook
`documents.changes`), so the database alone says what the index must hold: the index is derived
from `search_paragraph` and kept current by draining `search_outbox` (`search.indexer`). A
row leaves the outbox only after the index has committed what it asked for.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cica.core.db import Base, EnumText, UTCDateTime, one_of
from cica.search.rules import ANALYSERS, Operation


class SearchParagraph(Base):
    """A paragraph of a current version, analysed: its terms padded with spaces (` a b c `), so
    the reference search finds a term, in SQL on every backend, as ` term `."""

    __tablename__ = "search_paragraph"
    __table_args__ = (one_of("analyser", ANALYSERS),)

    paragraph_id: Mapped[int] = mapped_column(ForeignKey("document_paragraph.id"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"), index=True)
    analyser: Mapped[str] = mapped_column(String(8), comment="see cica.search.rules.analyser")
    terms: Mapped[str] = mapped_column(Text, comment="the analysed terms, space-separated and padded")


class SearchOutbox(Base):
    """A version whose paragraphs the index must add (`index`) or drop (`delete`), in order."""

    __tablename__ = "search_outbox"
    __table_args__ = (one_of("operation", Operation),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"))
    operation: Mapped[Operation] = mapped_column(EnumText(Operation, 8))
    enqueued_at: Mapped[datetime] = mapped_column(UTCDateTime)
