"""Meetings of the organs: the meeting, its status history and the documents it adopted.

The allowed values of the kinds and states are the rules' enums as they stand at this revision,
written out here so that the migration never changes when the code does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005m"
down_revision: str | None = "0004v"

KINDS = "('regular', 'informal', 'special', 'extraordinary', 'virtual', 'experts')"
STATUSES = "('planned', 'confirmed', 'held', 'postponed', 'cancelled')"
PRECISIONS = "('day', 'month')"
CERTAINTIES = "('confirmed', 'unconfirmed', 'conflicting')"


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=128), nullable=False, comment="iCalendar UID: never changes"),
        sa.Column("organ_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=True, comment="the charter's number: the 6th Summit"),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False, comment="exclusive"),
        sa.Column("precision", sa.String(length=16), nullable=False),
        sa.Column("all_day", sa.Boolean(), nullable=False, comment="whole days at the venue, no hours"),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column(
            "time_zone", sa.String(length=64), nullable=True, comment="the venue's IANA zone; None online"
        ),
        sa.Column("city", sa.JSON(), nullable=True, comment="the city's name at the time, by language"),
        sa.Column("host_code", sa.String(length=16), nullable=True),
        sa.Column("chair_code", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False, comment="iCalendar SEQUENCE"),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"kind IN {KINDS}", name=op.f("ck_meeting_kind")),
        sa.CheckConstraint(f"status IN {STATUSES}", name=op.f("ck_meeting_status")),
        sa.CheckConstraint(f"precision IN {PRECISIONS}", name=op.f("ck_meeting_precision")),
        sa.CheckConstraint(f"certainty IN {CERTAINTIES}", name=op.f("ck_meeting_certainty")),
        sa.ForeignKeyConstraint(["organ_id"], ["organ.id"], name=op.f("fk_meeting_organ_id_organ")),
        sa.ForeignKeyConstraint(
            ["host_code"], ["participant.code"], name=op.f("fk_meeting_host_code_participant")
        ),
        sa.ForeignKeyConstraint(
            ["chair_code"], ["participant.code"], name=op.f("fk_meeting_chair_code_participant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
        sa.UniqueConstraint("uid", name=op.f("uq_meeting_uid")),
    )
    op.create_index("ix_meeting_organ_starts", "meeting", ["organ_id", "starts_at"])
    op.create_index("ix_meeting_starts_id", "meeting", ["starts_at", "id"])
    op.create_table(
        "meeting_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("previous_status", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint(f"status IN {STATUSES}", name=op.f("ck_meeting_status_change_status")),
        sa.CheckConstraint(
            f"previous_status IN {STATUSES}", name=op.f("ck_meeting_status_change_previous_status")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_status_change_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_status_change")),
    )
    op.create_index(op.f("ix_meeting_status_change_meeting_id"), "meeting_status_change", ["meeting_id"])
    op.create_table(
        "meeting_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False, comment="by language; the record has English"),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.CheckConstraint(f"certainty IN {CERTAINTIES}", name=op.f("ck_meeting_document_certainty")),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_document_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_document")),
    )
    op.create_index(op.f("ix_meeting_document_meeting_id"), "meeting_document", ["meeting_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_meeting_document_meeting_id"), table_name="meeting_document")
    op.drop_table("meeting_document")
    op.drop_index(op.f("ix_meeting_status_change_meeting_id"), table_name="meeting_status_change")
    op.drop_table("meeting_status_change")
    op.drop_index("ix_meeting_starts_id", table_name="meeting")
    op.drop_index("ix_meeting_organ_starts", table_name="meeting")
    op.drop_table("meeting")
