"""Silence deadlines are the instant announced, to the microsecond (no longer a whole second).

The column already holds microseconds on both backends (TIMESTAMP WITH TIME ZONE on PostgreSQL,
ISO text with six decimals on SQLite); what changes is what it promises, so only its comment
(PostgreSQL; SQLite keeps no comments).

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004h"
down_revision: str | None = "0004l"

EXACT = "silence: the instant announced, to the microsecond, UTC"
WHOLE_SECOND = "silence: a whole second, UTC"


def _comment(new: str, old: str) -> None:
    # SQLite keeps no column comments; a batch "alter" there would rebuild the table for nothing.
    if op.get_bind().dialect.name != "postgresql":
        return
    op.alter_column(
        "procedure",
        "deadline",
        existing_type=sa.DateTime(timezone=True),
        existing_nullable=True,
        comment=new,
        existing_comment=old,
    )


def upgrade() -> None:
    _comment(EXACT, WHOLE_SECOND)


def downgrade() -> None:
    _comment(WHOLE_SECOND, EXACT)
