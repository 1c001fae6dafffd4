"""Generation counters: the charter's (the registry snapshot's key) and each procedure's (the board poll).

`charter.generation` is bumped by every load that changes the charter, in the same transaction;
each process compares it with the snapshot it holds in memory. `procedure.version` is bumped with
every position, statement, close, break or finalisation, so the board's poll answers "nothing
changed" from one indexed read.

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004p"
down_revision: str | None = "0003"


# table, counter column, its comment
COUNTERS = (
    (
        "charter",
        "generation",
        "bumped by every load that changes the charter: processes compare it to their snapshot",
    ),
    ("procedure", "version", "bumped with every change the board or the page shows: the poll's test"),
)


def upgrade() -> None:
    # Plain ALTER TABLE on both backends (SQLite >= 3.35 drops columns too): a batch copy of
    # `procedure` would have to recreate its partial unique index by hand.
    for table, column, comment in COUNTERS:
        op.add_column(
            table, sa.Column(column, sa.Integer(), nullable=False, server_default="1", comment=comment)
        )


def downgrade() -> None:
    for table, column, _ in reversed(COUNTERS):
        op.drop_column(table, column)
