"""Drops the index of `audit_entry.actor_email`, which no query could use.

The trail is filtered by part of the actor's e-mail (`LIKE '%…%'`), which neither backend answers
from a B-tree index; nothing looks an actor up by the whole address. The index was only written:
one more B-tree page changed in every audited write.

Revision ID: 0007a
Revises: 0006n
Create Date: 2026-12-02 04:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007a"
down_revision: str | None = "0006n"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_audit_entry_actor_email"


def upgrade() -> None:
    op.drop_index(INDEX, table_name="audit_entry")


def downgrade() -> None:
    op.create_index(INDEX, "audit_entry", ["actor_email"])
