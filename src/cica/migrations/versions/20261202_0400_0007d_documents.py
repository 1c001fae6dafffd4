"""Documents: the document, its language versions, their numbered paragraphs, and alignments.

The allowed values of statuses and levels are the rules' enums as they stand at this
revision, written out here so that the migration never changes when the code does.

Revision ID: 0007d
Revises: 0006n
Create Date: 2026-12-02 04:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007d"
down_revision: str | None = "0006n"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = "('original', 'official_translation', 'unofficial_translation')"
CLASSIFICATIONS = "('public', 'restricted', 'confidential')"
LEVELS = "('paragraph')"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=100), nullable=False),
        sa.Column(
            "kind", sa.String(length=64), nullable=False, comment="the charter's document kind, or 'document'"
        ),
        sa.Column("day", sa.Date(), nullable=True, comment="the document's date"),
        sa.Column("organ_id", sa.String(length=64), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column(
            "named", sa.String(length=2000), nullable=False, comment="confidential: ,IND,PAK, may read it"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"classification IN {CLASSIFICATIONS}", name=op.f("ck_document_classification")),
        _fk("document", "meeting_id", "meeting"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("symbol", name=op.f("uq_document_symbol")),
    )
    op.create_index("ix_document_order", "document", ["updated_at", "id"])
    op.create_index(op.f("ix_document_meeting_id"), "document", ["meeting_id"])
    op.create_table(
        "document_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False, comment="1, 2, … within the document"),
        sa.Column("lang", sa.String(length=35), nullable=False, comment="BCP 47"),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False, comment="the file's name"),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True, comment="the correction that superseded it"),
        sa.Column("certified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("certified_by", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.CheckConstraint(f"status IN {STATUSES}", name=op.f("ck_document_version_status")),
        _fk("document_version", "document_id", "document"),
        _fk("document_version", "replaces_id", "document_version"),
        _fk("document_version", "replaced_by_id", "document_version"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_version")),
        sa.UniqueConstraint("document_id", "number", name="uq_document_version_number"),
    )
    op.create_index(op.f("ix_document_version_document_id"), "document_version", ["document_id"])
    op.create_table(
        "document_paragraph",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False, comment="1-based"),
        sa.Column("text", sa.Text(), nullable=False),
        _fk("document_paragraph", "version_id", "document_version"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_paragraph")),
        sa.UniqueConstraint("version_id", "number", name="uq_document_paragraph_number"),
    )
    op.create_table(
        "document_alignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("beads", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"level IN {LEVELS}", name=op.f("ck_document_alignment_level")),
        _fk("document_alignment", "document_id", "document"),
        _fk("document_alignment", "source_id", "document_version"),
        _fk("document_alignment", "target_id", "document_version"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_alignment")),
        sa.UniqueConstraint("source_id", "target_id", "level", name="uq_document_alignment_pair"),
    )
    op.create_index(op.f("ix_document_alignment_document_id"), "document_alignment", ["document_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_document_alignment_document_id"), table_name="document_alignment")
    op.drop_table("document_alignment")
    op.drop_table("document_paragraph")
    op.drop_index(op.f("ix_document_version_document_id"), table_name="document_version")
    op.drop_table("document_version")
    op.drop_index(op.f("ix_document_meeting_id"), table_name="document")
    op.drop_index("ix_document_order", table_name="document")
    op.drop_table("document")
