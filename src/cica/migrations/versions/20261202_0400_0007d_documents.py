"""Documents: the document, its language versions, their numbered paragraphs, and alignments.

Statuses, classifications and levels are spelled out as they stand at this revision, so that
this file never changes when the enums do.

Revision 0007d, after 0006n (2026-12-02 04:00).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007d"
down_revision = "0006n"

STATUSES = "('original', 'official_translation', 'unofficial_translation')"
CLASSIFICATIONS = "('public', 'restricted', 'confidential')"
LEVELS = "('paragraph')"
INDEXED = (
    ("document", "meeting_id"),
    ("document_version", "document_id"),
    ("document_alignment", "document_id"),
)


def _table(name: str, *parts: sa.schema.SchemaItem, references: dict[str, str] | None = None) -> None:
    """A table with its integer key `id` first, then `parts`; `references`: column → the table
    it refers to, each a foreign key named by the convention."""
    links = references or {}
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        *parts,
        *(
            sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{name}_{column}_{target}"))
            for column, target in links.items()
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )


def _text(
    name: str, length: int | None = None, *, nullable: bool = False, comment: str | None = None
) -> sa.Column[str]:
    kind: sa.types.TypeEngine[str] = sa.String(length=length) if length else sa.Text()
    return sa.Column(name, kind, nullable=nullable, comment=comment)


def _number(name: str, *, nullable: bool = False, comment: str | None = None) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable, comment=comment)


def _moment(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    _table(
        "document",
        _text("symbol", 100),
        _text("kind", 64, comment="the charter's document kind, or 'document'"),
        sa.Column("day", sa.Date(), nullable=True, comment="the document's date"),
        _text("organ_id", 64, nullable=True),
        _number("meeting_id", nullable=True),
        _text("classification", 16),
        _text("named", 2000, comment="confidential: ,IND,PAK, may read it"),
        _moment("created_at"),
        _text("created_by", 254),
        _moment("updated_at"),
        sa.CheckConstraint(f"classification IN {CLASSIFICATIONS}", name=op.f("ck_document_classification")),
        sa.UniqueConstraint("symbol", name=op.f("uq_document_symbol")),
        references={"meeting_id": "meeting"},
    )
    op.create_index("ix_document_order", "document", ["updated_at", "id"])
    _table(
        "document_version",
        _number("document_id"),
        _number("number", comment="1, 2, … within the document"),
        _text("lang", 35, comment="BCP 47"),
        _text("status", 32),
        _text("title"),
        _text("source", 255, comment="the file's name"),
        _number("replaces_id", nullable=True),
        _number("replaced_by_id", nullable=True, comment="the correction that superseded it"),
        _moment("certified_at", nullable=True),
        _text("certified_by", 254, nullable=True),
        _moment("created_at"),
        _text("created_by", 254),
        sa.CheckConstraint(f"status IN {STATUSES}", name=op.f("ck_document_version_status")),
        sa.UniqueConstraint("document_id", "number", name="uq_document_version_number"),
        references={
            "document_id": "document",
            "replaces_id": "document_version",
            "replaced_by_id": "document_version",
        },
    )
    _table(
        "document_paragraph",
        _number("version_id"),
        _number("number", comment="1-based"),
        _text("text"),
        sa.UniqueConstraint("version_id", "number", name="uq_document_paragraph_number"),
        references={"version_id": "document_version"},
    )
    _table(
        "document_alignment",
        *(_number(column) for column in ("document_id", "source_id", "target_id")),
        _text("level", 16),
        _text("method", 32),
        _text("beads"),
        _moment("computed_at"),
        sa.CheckConstraint(f"level IN {LEVELS}", name=op.f("ck_document_alignment_level")),
        sa.UniqueConstraint("source_id", "target_id", "level", name="uq_document_alignment_pair"),
        references={
            "document_id": "document",
            "source_id": "document_version",
            "target_id": "document_version",
        },
    )
    for table, column in INDEXED:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def downgrade() -> None:
    for table, column in INDEXED:
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
    op.drop_index("ix_document_order", table_name="document")
    for table in ("document_alignment", "document_paragraph", "document_version", "document"):
        op.drop_table(table)
