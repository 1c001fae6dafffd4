"""Search: the analysed paragraphs and the outbox of versions waiting for the index.

The versions already stored are queued for the index here; the indexer analyses those it finds
without analysed paragraphs, so an upgraded database becomes searchable on the first drain.

Revision 0008s, after 0007e (2026-12-02 14:00).
"""

import sqlalchemy as sa
from alembic import op

from cica.migrations.shapes import drop_tables, foreign_key, index, key, one_of, table

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
        one_of("search_paragraph", "analyser", ("en", "fr", "ru", "zh", "und")),
        foreign_key("search_paragraph", "paragraph_id", "document_paragraph"),
        foreign_key("search_paragraph", "version_id", "document_version"),
        key("search_paragraph", "paragraph_id"),
    )
    index("search_paragraph", "version_id")
    table(
        "search_outbox",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("operation", sa.String(length=8), nullable=False),
        sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=False),
        one_of("search_outbox", "operation", ("index", "delete")),
        foreign_key("search_outbox", "version_id", "document_version"),
    )
    op.execute(
        "INSERT INTO search_outbox (version_id, operation, enqueued_at) "
        "SELECT id, 'index', CURRENT_TIMESTAMP FROM document_version WHERE replaced_by_id IS NULL "
        "ORDER BY id"
    )


def downgrade() -> None:
    drop_tables("search_outbox", "search_paragraph")
