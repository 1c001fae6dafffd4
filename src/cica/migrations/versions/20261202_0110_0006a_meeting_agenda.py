"""A meeting's participation, its agenda and each item's speakers' list.

`meeting` gains the agenda's state (provisional, circulated, adopted, with when) and the live
version the meeting page's poll compares; `meeting_participation` holds the delegations registered
with the category they held on the day; `agenda_item` the ordered items; `speaker` the requests for
the floor; `session_record` (deliberation's sitting at which consensus is sought) names the
meeting and agenda item it was under. The allowed values are the rules' enums as they stand at this revision, written out.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cica.migrations import shapes

revision: str = "0006a"
down_revision: str | None = "0005a"

AGENDA_STATES = ("provisional", "circulated", "adopted")
GROUPS = ("members", "observers", "partners", "guests")
FLOOR_KINDS = ("floor", "reply")
SPEAKER_STATES = ("waiting", "speaking", "spoken", "withdrawn")


def upgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(
            sa.Column("agenda_state", sa.String(length=16), nullable=False, server_default="provisional")
        )
        batch.add_column(sa.Column("agenda_circulated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("agenda_adopted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column(
                "live_version",
                sa.Integer(),
                nullable=False,
                server_default="1",
                comment="bumped by every change of a speakers' list: the live page's poll compares it",
            )
        )
        batch.create_check_constraint("agenda_state", f"agenda_state IN {shapes.listed(AGENDA_STATES)}")
    op.create_table(
        "meeting_participation",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("category_id", sa.String(length=64), nullable=False),
        sa.Column(
            "grouping", sa.String(length=16), nullable=False, comment="where the participants' list shows it"
        ),
        sa.Column(
            "head", sa.String(length=200), nullable=True, comment="the head of the delegation, as registered"
        ),
        sa.Column("members", sa.JSON(), nullable=False, comment="the other members, in order"),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by", sa.String(length=320), nullable=False),
        shapes.one_of("meeting_participation", "grouping", GROUPS),
        shapes.foreign_key("meeting_participation", "meeting_id", "meeting", ondelete="CASCADE"),
        shapes.foreign_key("meeting_participation", "participant_code", "participant", "code"),
        shapes.key("meeting_participation", "meeting_id", "participant_code"),
    )
    shapes.part_of(
        "agenda_item",
        "meeting",
        [
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("title", sa.Text(), nullable=False, comment="in the language it was written in"),
            sa.Column("speakers_closed", sa.Boolean(), nullable=False, server_default="0"),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        ],
        indexed=False,  # the index below leads with it
        ondelete="CASCADE",
    )
    op.create_index("ix_agenda_item_meeting_position", "agenda_item", ["meeting_id", "position"])
    shapes.part_of(
        "speaker",
        "agenda_item",
        [
            sa.Column("participant_code", sa.String(length=16), nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column(
                "rank",
                sa.Integer(),
                nullable=False,
                comment="members 0, observers 1, replies 2 (rules.speaking_rank)",
            ),
            sa.Column("position", sa.Integer(), nullable=False, comment="the place among those waiting"),
            sa.Column("state", sa.String(length=16), nullable=False),
            sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("requested_by", sa.String(length=320), nullable=False),
            sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        ],
        checks=[
            shapes.one_of("speaker", "kind", FLOOR_KINDS),
            shapes.one_of("speaker", "state", SPEAKER_STATES),
        ],
        references=[("participant_code", "participant", "code")],
        indexed=False,  # the index below leads with it
        ondelete="CASCADE",
    )
    op.create_index("ix_speaker_item_position", "speaker", ["agenda_item_id", "position"])
    # A session at which consensus is sought: the meeting it was part of, the item it was under.
    # Plain columns, no foreign keys: a table that `procedure` refers to cannot be rebuilt under
    # SQLite's enforced keys, and ADD/DROP COLUMN need no rebuild (as `draft_event.procedure_id`).
    op.add_column(
        "session_record",
        sa.Column("meeting_id", sa.Integer(), nullable=True, comment="the meeting the session was part of"),
    )
    op.add_column(
        "session_record",
        sa.Column(
            "agenda_item_id", sa.Integer(), nullable=True, comment="the agenda item the text was taken under"
        ),
    )
    op.create_index("ix_session_record_meeting_id", "session_record", ["meeting_id"])


def downgrade() -> None:
    op.drop_index("ix_session_record_meeting_id", table_name="session_record")
    op.execute("ALTER TABLE session_record DROP COLUMN agenda_item_id")
    op.execute("ALTER TABLE session_record DROP COLUMN meeting_id")
    op.drop_index("ix_speaker_item_position", table_name="speaker")
    op.drop_table("speaker")
    op.drop_index("ix_agenda_item_meeting_position", table_name="agenda_item")
    op.drop_table("agenda_item")
    op.drop_table("meeting_participation")
    with op.batch_alter_table("meeting") as batch:
        batch.drop_constraint("agenda_state", type_="check")
        batch.drop_column("live_version")
        batch.drop_column("agenda_adopted_at")
        batch.drop_column("agenda_circulated_at")
        batch.drop_column("agenda_state")
