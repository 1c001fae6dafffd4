"""Tables of documents: the document, its language versions, their numbered paragraphs, and the
stored alignment of two versions.

Written only by `documents.operations`. A certified version is never changed (the operations
refuse it): a correction is a new version of the same language that keeps the old one
(`replaced_by`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cica.access.rules import CLASSIFICATIONS
from cica.core.db import Base, EnumText, UTCDateTime, one_of
from cica.documents.rules import AlignmentLevel, VersionStatus


class Document(Base):
    """A document under its symbol: its kind, date, organ and meeting where known, and who may read it."""

    __tablename__ = "document"
    __table_args__ = (
        one_of("classification", CLASSIFICATIONS),
        Index("ix_document_order", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    symbol: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(64), comment="the charter's document kind, or 'document'")
    day: Mapped[date | None] = mapped_column(Date, comment="the document's date")
    organ_id: Mapped[str | None] = mapped_column(String(64))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    classification: Mapped[str] = mapped_column(String(16))
    named: Mapped[str] = mapped_column(String(2000), comment="confidential: ,IND,PAK, may read it")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DocumentVersion(Base):
    """One language version: its tag, status, title and paragraphs (in `document_paragraph`),
    where it came from, and its certification."""

    __tablename__ = "document_version"
    __table_args__ = (
        one_of("status", VersionStatus),
        UniqueConstraint("document_id", "number", name="uq_document_version_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    number: Mapped[int] = mapped_column(Integer, comment="1, 2, … within the document")
    lang: Mapped[str] = mapped_column(String(35), comment="BCP 47")
    status: Mapped[VersionStatus] = mapped_column(EnumText(VersionStatus, 32))
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(255), comment="the file's name")
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(254))
    certified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    certified_by: Mapped[str | None] = mapped_column(String(254))
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_version.id"), comment="the correction that superseded it"
    )


class DocumentParagraph(Base):
    """One numbered paragraph of a version, as imported: blank lines separated it from the next."""

    __tablename__ = "document_paragraph"
    __table_args__ = (UniqueConstraint("version_id", "number", name="uq_document_paragraph_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"))
    number: Mapped[int] = mapped_column(Integer, comment="1-based")
    text: Mapped[str] = mapped_column(Text)


class DocumentAlignment(Base):
    """The alignment of two current versions, as JSON beads `[[[i…], [j…]], …]` (0-based)."""

    __tablename__ = "document_alignment"
    __table_args__ = (
        one_of("level", AlignmentLevel),
        UniqueConstraint("source_id", "target_id", "level", name="uq_document_alignment_pair"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"))
    target_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"))
    level: Mapped[AlignmentLevel] = mapped_column(EnumText(AlignmentLevel, 16))
    method: Mapped[str] = mapped_column(String(32))
    beads: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
