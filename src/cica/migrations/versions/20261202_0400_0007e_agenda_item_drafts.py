"""Agenda items linked to the drafts under consideration under them.

`agenda_item_draft` pairs an agenda item with a draft; the draft is a plain id (no foreign key),
as `session_record`'s meeting and item are in 0006a: drafts belong to a layer above meetings.

Revision 0007e, after 0007a (2026-12-02 04:00).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007e"
down_revision = "0007a"


def upgrade() -> None:
    op.create_table(
        "agenda_item_draft",
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("linked_by", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_agenda_item_draft_agenda_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("agenda_item_id", "draft_id", name=op.f("pk_agenda_item_draft")),
    )
    op.create_index(op.f("ix_agenda_item_draft_draft_id"), "agenda_item_draft", ["draft_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_agenda_item_draft_draft_id"), table_name="agenda_item_draft")
    op.drop_table("agenda_item_draft")
