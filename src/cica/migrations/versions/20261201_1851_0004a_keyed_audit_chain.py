"""A keyed audit chain: where the keyed (HMAC-SHA-256) scheme starts, and content digests.

Entries written so far keep their plain SHA-256 hashes; `audit_head.keyed_from` records the
first entry that is keyed, so both parts stay verifiable. Keyed entries carry the digests of
the content they record in `audit_entry.content`.

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004a"
down_revision: str | None = "0004p"

OLD_HASH_COMMENT = "SHA-256(prev_hash || canonical JSON)"
NEW_HASH_COMMENT = "HMAC-SHA-256(chain key, prev_hash || canonical JSON); SHA-256 before keyed_from"


def _hash_comment(new: str, old: str) -> None:
    # Only PostgreSQL keeps column comments (SQLite would need a table copy, which drops triggers).
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "audit_entry", "hash", existing_type=sa.String(length=64), comment=new, existing_comment=old
        )


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch: on SQLite a batch copies the table and loses its triggers.
    op.add_column(
        "audit_entry",
        sa.Column(
            "content",
            sa.JSON(),
            nullable=True,
            comment="digests of the recorded objects' content (kind:id -> SHA-256); NULL before keyed_from",
        ),
    )
    op.add_column(
        "audit_head",
        sa.Column(
            "keyed_from",
            sa.Integer(),
            server_default="1",
            nullable=False,
            comment="first entry hashed with the chain key (HMAC)",
        ),
    )
    op.execute("UPDATE audit_head SET keyed_from = seq + 1")
    _hash_comment(NEW_HASH_COMMENT, OLD_HASH_COMMENT)


def downgrade() -> None:
    bind = op.get_bind()
    keyed = bind.execute(
        sa.text("SELECT COUNT(*) FROM audit_entry, audit_head WHERE audit_entry.seq >= audit_head.keyed_from")
    ).scalar()
    if keyed:
        # Without the key column nothing could verify those entries any more; stopping is safer
        # than leaving a trail that the older schema would report as broken.
        raise RuntimeError(
            f"{keyed} audit entries are keyed (HMAC-SHA-256): the keyed chain cannot be downgraded"
        )
    _hash_comment(OLD_HASH_COMMENT, NEW_HASH_COMMENT)
    op.drop_column("audit_head", "keyed_from")
    op.drop_column("audit_entry", "content")
