"""Finding rows of a list by words of their titles, in any of the languages they exist in.

Each searchable record keeps one folded line of its titles (every language version) in
`search_text`, written by the operation that writes the titles. A query's words are folded the
same way and each must occur in that line: case and accents do not matter for Latin and
Cyrillic script (`Sécurité` finds `securite`, `ЁЛКА` finds `елка`), and Chinese, written without
spaces, is matched as a substring. The folding is pure; the table lets every backend do the
matching in SQL, so a filtered list is still paged and counted by the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from sqlalchemy import ColumnElement, Integer, String, Table, Text, delete, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Mapped, Session, mapped_column

from cica.core.db import Base
from cica.core.errors import InvalidInput
from cica.core.folding import MAX_QUERY_LENGTH, MAX_WORDS, fold


class Subject(StrEnum):
    DRAFT = "draft"
    DECISION = "decision"
    AUDIT = "audit"


class SearchText(Base):
    """The folded titles of one record of a list (all its languages, one line)."""

    __tablename__ = "search_text"

    subject: Mapped[str] = mapped_column(String(16), primary_key=True, comment="draft, decision, audit")
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folded: Mapped[str] = mapped_column(Text, comment="see cica.core.search.fold")


TABLE: Table = SearchText.__table__  # type: ignore[assignment]


def words(query: str | None) -> list[str]:
    """The folded words of a search (none for an empty one); bounded, so a search stays cheap."""
    if query is None or not query.strip():
        return []
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(f"q: a search has at most {MAX_QUERY_LENGTH} characters")
    found = fold(query).split()
    if len(found) > MAX_WORDS:
        raise InvalidInput(f"q: a search has at most {MAX_WORDS} words")
    return found


def line(texts: Iterable[str]) -> str:
    return " | ".join(fold(text) for text in texts if text.strip())


def index(
    session: Session, subject: Subject, rows: Sequence[tuple[int, Iterable[str]]], *, new: bool = False
) -> None:
    """Sets the searchable titles of records, replacing what they had (`new`: records just
    written, which have nothing to replace). One statement each way, however many records."""
    if not rows:
        return
    if not new:
        session.execute(
            delete(TABLE).where(TABLE.c.subject == subject.value, TABLE.c.record_id.in_([r for r, _ in rows]))
        )
    session.execute(
        insert(TABLE),
        [
            {"subject": subject.value, "record_id": record_id, "folded": line(texts)}
            for record_id, texts in rows
        ],
    )


def matching(
    subject: Subject,
    record_id: InstrumentedAttribute[int] | InstrumentedAttribute[int | None],
    found: Sequence[str],
) -> ColumnElement[bool]:
    """The rows whose titles contain every word (a SQL condition for the list's query)."""
    condition = select(TABLE.c.record_id).where(TABLE.c.subject == subject.value)
    for word in found:
        condition = condition.where(TABLE.c.folded.contains(word, autoescape=True))
    return record_id.in_(condition)
