"""Meetings of the organs: the meeting, its status history and the documents it adopted.

The allowed values of the kinds and states are the rules' enums as they stand at this revision,
written out here so that the migration never changes when the code does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cica.migrations import shapes

revision: str = "0005m"
down_revision: str | None = "0004v"

KINDS = ("regular", "informal", "special", "extraordinary", "virtual", "experts")
STATUSES = ("planned", "confirmed", "held", "postponed", "cancelled")
PRECISIONS = ("day", "month")
CERTAINTIES = ("confirmed", "unconfirmed", "conflicting")


def upgrade() -> None:
    shapes.table(
        "meeting",
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
        shapes.one_of("meeting", "kind", KINDS),
        shapes.one_of("meeting", "status", STATUSES),
        shapes.one_of("meeting", "precision", PRECISIONS),
        shapes.one_of("meeting", "certainty", CERTAINTIES),
        shapes.foreign_key("meeting", "organ_id", "organ"),
        shapes.foreign_key("meeting", "host_code", "participant", "code"),
        shapes.foreign_key("meeting", "chair_code", "participant", "code"),
        sa.UniqueConstraint("uid", name=op.f("uq_meeting_uid")),
    )
    op.create_index("ix_meeting_organ_starts", "meeting", ["organ_id", "starts_at"])
    op.create_index("ix_meeting_starts_id", "meeting", ["starts_at", "id"])
    shapes.part_of(
        "meeting_status_change",
        "meeting",
        [
            sa.Column("previous_status", sa.String(length=16), nullable=True),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("actor", sa.String(length=320), nullable=False),
            sa.Column("reason", sa.Text(), nullable=True),
        ],
        checks=[
            shapes.one_of("meeting_status_change", "status", STATUSES),
            shapes.one_of("meeting_status_change", "previous_status", STATUSES),
        ],
        ondelete="CASCADE",
    )
    shapes.part_of(
        "meeting_document",
        "meeting",
        [
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("title", sa.JSON(), nullable=False, comment="by language; the record has English"),
            sa.Column("adopted_on", sa.Date(), nullable=True),
            sa.Column("certainty", sa.String(length=16), nullable=False),
            sa.Column("note", sa.Text(), nullable=True),
            sa.Column("sources", sa.JSON(), nullable=False),
        ],
        checks=[shapes.one_of("meeting_document", "certainty", CERTAINTIES)],
        ondelete="CASCADE",
    )


def downgrade() -> None:
    shapes.drop_tables("meeting_document", "meeting_status_change", "meeting")
