"""Search: the analysed paragraphs and the outbox of versions waiting for the index.

The versions already stored are queued for the index here; the indexer analyses those it finds
without analysed paragraphs, so an upgraded database becomes searchable on the first drain.

Revision 0008s, after 0007e (2026-12-02 14:00).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008s"
down_revision = "0007e"


def upgrade() -> None:
    op.create_table(
        "search_paragraph",
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("analyser", sa.String(length=8), nullable=False, comment="see cica.search.rules.analyser"),
        sa.Column(
            "terms", sa.Text(), nullable=False, comment="the analysed terms, space-separated and padded"
        ),
        sa.CheckConstraint(
            "analyser IN ('en', 'fr', 'ru', 'zh', 'und')", name=op.f("ck_search_paragraph_analyser")
        ),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["document_paragraph.id"],
            name=op.f("fk_search_paragraph_paragraph_id_document_paragraph"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_version.id"],
            name=op.f("fk_search_paragraph_version_id_document_version"),
        ),
        sa.PrimaryKeyConstraint("paragraph_id", name=op.f("pk_search_paragraph")),
    )
    op.create_index(op.f("ix_search_paragraph_version_id"), "search_paragraph", ["version_id"])
    op.create_table(
        "search_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("operation", sa.String(length=8), nullable=False),
        sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("operation IN ('index', 'delete')", name=op.f("ck_search_outbox_operation")),
        sa.ForeignKeyConstraint(
            ["version_id"], ["document_version.id"], name=op.f("fk_search_outbox_version_id_document_version")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_outbox")),
    )
    op.execute(
        "INSERT INTO search_outbox (version_id, operation, enqueued_at) "
        "SELECT id, 'index', CURRENT_TIMESTAMP FROM document_version WHERE replaced_by_id IS NULL "
        "ORDER BY id"
    )


def downgrade() -> None:
    op.drop_table("search_outbox")
    op.drop_index(op.f("ix_search_paragraph_version_id"), table_name="search_paragraph")
    op.drop_table("search_paragraph")
