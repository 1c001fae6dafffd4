"""Drops the index of `audit_entry.actor_email`, which no query could use (revision 0007a, after
0006n, 2026-12-02).

The trail is filtered by part of the actor's e-mail (`LIKE '%…%'`), which neither backend answers
from a B-tree index; nothing looks an actor up by the whole address. The index was only written:
one more B-tree page changed in every audited write.
"""

from __future__ import annotations

from alembic import op

revision = "0007a"
down_revision = "0007f"
INDEX = "ix_audit_entry_actor_email"


def upgrade() -> None:
    op.drop_index(INDEX, table_name="audit_entry")


def downgrade() -> None:
    op.create_index(INDEX, "audit_entry", ["actor_email"])
