"""Minutes of meetings: the minutes, their versions (immutable) and the steps of their lifecycle.

The allowed values of the states and acts are the rules' enums as they stand at this revision,
written out here so that the migration never changes when the code does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cica.migrations import shapes

revision: str = "0006n"
down_revision: str | None = "0006a"

STATES = ("drafted", "circulated", "corrected", "under_silence", "approved", "frozen")
ACTS = (
    "draft",
    "circulate",
    "correct",
    "submit_to_silence",
    "silence_broken",
    "silence_adopted",
    "approve",
    "freeze",
)
APPROVALS = ("at_meeting", "by_silence")


def upgrade() -> None:
    shapes.table(
        "minutes",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column(
            "organ_id", sa.String(length=64), nullable=False, comment="the organ that met (and approves)"
        ),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column(
            "first_circulated",
            sa.Integer(),
            comment="the version circulated first: delegations read it and those after it",
        ),
        sa.Column("approval", sa.String(length=16), nullable=True),
        sa.Column("approved_at_meeting_id", sa.Integer(), nullable=True),
        sa.Column(
            "draft_id",
            sa.Integer(),
            nullable=True,
            comment="the deliberation draft carrying them under silence",
        ),
        sa.Column(
            "procedure_id",
            sa.Integer(),
            nullable=True,
            comment="the silence procedure running or that approved them",
        ),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        shapes.one_of("minutes", "state", STATES),
        shapes.one_of("minutes", "approval", APPROVALS),
        shapes.foreign_key("minutes", "meeting_id", "meeting"),
        shapes.foreign_key("minutes", "approved_at_meeting_id", "meeting"),
        shapes.foreign_key("minutes", "draft_id", "draft"),
        shapes.foreign_key("minutes", "procedure_id", "procedure"),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_minutes_meeting_id")),
        indexed=("procedure_id",),
    )
    shapes.part_of(
        "minutes_version",
        "minutes",
        [
            sa.Column("number", sa.Integer(), nullable=False),
            sa.Column("lang", sa.String(length=35), nullable=False, comment="BCP 47"),
            sa.Column("body", sa.Text(), nullable=False, comment="paragraphs separated by one blank line"),
            sa.Column(
                "note", sa.Text(), nullable=False, comment="what the correction changed (may be empty)"
            ),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("created_by", sa.String(length=254), nullable=False),
        ],
        unique=("uq_minutes_version_number", "minutes_id", "number"),
    )
    shapes.part_of(
        "minutes_step",
        "minutes",
        [
            sa.Column("act", sa.String(length=32), nullable=False),
            sa.Column("state", sa.String(length=32), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("meeting_id", sa.Integer(), nullable=True, comment="approved at"),
            sa.Column("procedure_id", sa.Integer(), nullable=True),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("by", sa.String(length=254), nullable=False),
        ],
        checks=[shapes.one_of("minutes_step", "act", ACTS), shapes.one_of("minutes_step", "state", STATES)],
        references=[("meeting_id", "meeting"), ("procedure_id", "procedure")],
    )
    _versions_immutable()


def _versions_immutable() -> None:
    """A version, once written, is never rewritten or removed, whoever asks."""
    shapes.refuse_changes(
        ["minutes_version"],
        function="minutes_version_immutable",
        body=" BEGIN RAISE EXCEPTION 'versions of minutes are immutable: % refused', TG_OP "
        "USING ERRCODE = 'insufficient_privilege'; END ",
        refusal="versions of minutes are immutable: {event} refused",
    )


def downgrade() -> None:
    shapes.allow_changes(["minutes_version"], function="minutes_version_immutable")
    shapes.drop_tables("minutes_step", "minutes_version", "minutes")
