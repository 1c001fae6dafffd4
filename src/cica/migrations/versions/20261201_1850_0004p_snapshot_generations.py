"""Generation counters: the charter's (the registry snapshot's key) and each procedure's (the board poll).

`charter.generation` is bumped by every load that changes the charter, in the same transaction;
each process compares it with the snapshot it holds in memory. `procedure.version` is bumped with
every position, statement, close, break or finalisation, so the board's poll answers "nothing
changed" from one indexed read.

Revision ID: 0004p
Revises: 0003
Create Date: 2026-12-01 18:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004p"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE on both backends (SQLite >= 3.35 drops columns too): a batch copy of
    # `procedure` would have to recreate its partial unique index by hand.
    op.add_column(
        "charter",
        sa.Column(
            "generation",
            sa.Integer(),
            nullable=False,
            server_default="1",
            comment="bumped by every load that changes the charter: processes compare it to their snapshot",
        ),
    )
    op.add_column(
        "procedure",
        sa.Column(
            "version",
            sa.Integer(),
            nullable=False,
            server_default="1",
            comment="bumped with every change the board or the page shows: the poll's test",
        ),
    )


def downgrade() -> None:
    op.drop_column("procedure", "version")
    op.drop_column("charter", "generation")
