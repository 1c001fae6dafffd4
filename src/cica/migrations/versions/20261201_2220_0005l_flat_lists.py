"""Flat lists: the decision register's tally and the unread notices' index.

`decision_tally` counts the decisions of each (year, organ, kind, classification, named): the
register's count and filter choices are summed from it instead of grouping every decision. It
is filled here from the decisions that exist. `ix_notification_unread` (partial: unread
addressed notices only) lets the inbox's unread count read only those.

Revision ID: 0005l
Revises: 0004v
Create Date: 2026-12-01 22:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005l"
down_revision: str | None = "0004v"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNREAD = "read_at IS NULL AND recipient IS NOT NULL"


def upgrade() -> None:
    op.create_table(
        "decision_tally",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("organ_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("named", sa.String(length=2000), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "classification IN ('public', 'restricted', 'confidential')",
            name=op.f("ck_decision_tally_classification"),
        ),
        sa.PrimaryKeyConstraint(
            "year", "organ_id", "kind", "classification", "named", name=op.f("pk_decision_tally")
        ),
    )
    year = (
        "CAST(EXTRACT(YEAR FROM adopted_on) AS INTEGER)"
        if op.get_bind().dialect.name == "postgresql"
        else "CAST(STRFTIME('%Y', adopted_on) AS INTEGER)"
    )
    op.execute(
        "INSERT INTO decision_tally (year, organ_id, kind, classification, named, count) "
        f"SELECT {year}, organ_id, kind, classification, named, COUNT(*) FROM decision "
        f"GROUP BY {year}, organ_id, kind, classification, named"
    )
    op.create_index(
        "ix_notification_unread",
        "notification",
        ["recipient", "classification", "named"],
        sqlite_where=sa.text(UNREAD),
        postgresql_where=sa.text(UNREAD),
    )


def downgrade() -> None:
    op.drop_index("ix_notification_unread", table_name="notification")
    op.drop_table("decision_tally")
