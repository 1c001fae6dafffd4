"""Flat lists and one vocabulary: the decision register's tally, the unread notices' index, and
CHECK constraints on the draft history's event kinds and the notices' kinds.

`decision_tally` counts the decisions of each (year, organ, kind, classification, named): the
register's count and filter choices are summed from it instead of grouping every decision. It
is filled here from the decisions that exist. `ix_notification_unread` (partial: unread
addressed notices only) lets the inbox's unread count read only those.

`draft_event.action` and `notification.kind` become the enums `EventKind` and `NoticeKind`
(`cica.deliberation.narration`), their values written out here as they stand at this revision so
that the migration never changes when the code does (a test compares each enum-typed column's
constraint with its enum). A stored value outside them stops the upgrade, naming it, rather than
being rewritten or dropped.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cica.migrations import shapes

revision: str = "0005l"
down_revision: str | None = "0005m"

UNREAD = "read_at IS NULL AND recipient IS NOT NULL"

EVENT_KINDS = (
    "created",
    "revised",
    "circulated",
    "forwarded",
    "withdrawn",
    "not_adopted",
    "amendment_proposed",
    "amendment_accepted",
    "amendment_rejected",
    "amendment_withdrawn",
    "consensus_opened",
    "silence_started",
    "silence_broken",
    "adopted",
    "recommended",
    "returned",
)
NOTICE_KINDS = ("circulated", "silence_started", "silence_broken", "adopted", "not_adopted", "recommended")

# table, column, allowed values
VOCABULARIES = (("draft_event", "action", EVENT_KINDS), ("notification", "kind", NOTICE_KINDS))
CHECKS = tuple(
    (table, column, f"{column} IN {shapes.listed(allowed)}") for table, column, allowed in VOCABULARIES
)


def _check_vocabulary() -> None:
    connection = op.get_bind()
    for table, column, allowed in VOCABULARIES:
        stray = (
            connection.execute(
                sa.text(
                    f"SELECT DISTINCT {column} FROM {table} WHERE {column} NOT IN {shapes.listed(allowed)}"
                )
            )
            .scalars()
            .all()
        )
        if stray:
            raise RuntimeError(
                f"{table}.{column} holds values outside its vocabulary: {', '.join(map(str, stray))}"
            )


def upgrade() -> None:
    _check_vocabulary()
    shapes.add_checks(CHECKS)
    op.create_table(
        "decision_tally",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("organ_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("named", sa.String(length=2000), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        shapes.one_of("decision_tally", "classification", ("public", "restricted", "confidential")),
        shapes.key("decision_tally", "year", "organ_id", "kind", "classification", "named"),
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
    shapes.drop_checks(CHECKS)
    op.drop_index("ix_notification_unread", table_name="notification")
    op.drop_table("decision_tally")
