"""Minutes of meetings: the minutes, their versions (immutable) and the steps of their lifecycle.

The allowed values of the states and acts are the rules' enums as they stand at this revision,
written out here so that the migration never changes when the code does.

Revision ID: 0006n
Revises: 0006a
Create Date: 2026-12-02 01:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006n"
down_revision: str | None = "0006a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = "('drafted', 'circulated', 'corrected', 'under_silence', 'approved', 'frozen')"
ACTS = "('draft', 'circulate', 'correct', 'submit_to_silence', 'silence_broken', 'silence_adopted', 'approve', 'freeze')"
APPROVALS = "('at_meeting', 'by_silence')"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "minutes",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.CheckConstraint(f"state IN {STATES}", name=op.f("ck_minutes_state")),
        sa.CheckConstraint(f"approval IN {APPROVALS}", name=op.f("ck_minutes_approval")),
        _fk("minutes", "meeting_id", "meeting"),
        _fk("minutes", "approved_at_meeting_id", "meeting"),
        _fk("minutes", "draft_id", "draft"),
        _fk("minutes", "procedure_id", "procedure"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_minutes_meeting_id")),
    )
    op.create_index(op.f("ix_minutes_procedure_id"), "minutes", ["procedure_id"])
    op.create_table(
        "minutes_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False, comment="BCP 47"),
        sa.Column("body", sa.Text(), nullable=False, comment="paragraphs separated by one blank line"),
        sa.Column("note", sa.Text(), nullable=False, comment="what the correction changed (may be empty)"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        _fk("minutes_version", "minutes_id", "minutes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_version")),
        sa.UniqueConstraint("minutes_id", "number", name="uq_minutes_version_number"),
    )
    op.create_index(op.f("ix_minutes_version_minutes_id"), "minutes_version", ["minutes_id"])
    op.create_table(
        "minutes_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("act", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True, comment="approved at"),
        sa.Column("procedure_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=254), nullable=False),
        sa.CheckConstraint(f"act IN {ACTS}", name=op.f("ck_minutes_step_act")),
        sa.CheckConstraint(f"state IN {STATES}", name=op.f("ck_minutes_step_state")),
        _fk("minutes_step", "minutes_id", "minutes"),
        _fk("minutes_step", "meeting_id", "meeting"),
        _fk("minutes_step", "procedure_id", "procedure"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_step")),
    )
    op.create_index(op.f("ix_minutes_step_minutes_id"), "minutes_step", ["minutes_id"])
    _versions_immutable()


def _versions_immutable() -> None:
    """A version, once written, is never rewritten or removed, whoever asks."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION minutes_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'versions of minutes are immutable: % refused', TG_OP "
            "USING ERRCODE = 'insufficient_privilege'; END $$"
        )
        op.execute(
            "CREATE TRIGGER minutes_version_immutable BEFORE UPDATE OR DELETE ON minutes_version "
            "FOR EACH ROW EXECUTE FUNCTION minutes_version_immutable()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER minutes_version_no_{event.lower()} BEFORE {event} ON minutes_version "
            f"BEGIN SELECT RAISE(ABORT, 'versions of minutes are immutable: {event} refused'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER minutes_version_immutable ON minutes_version")
        op.execute("DROP FUNCTION minutes_version_immutable()")
    else:
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER minutes_version_no_{event}")
    op.drop_index(op.f("ix_minutes_step_minutes_id"), table_name="minutes_step")
    op.drop_table("minutes_step")
    op.drop_index(op.f("ix_minutes_version_minutes_id"), table_name="minutes_version")
    op.drop_table("minutes_version")
    op.drop_index(op.f("ix_minutes_procedure_id"), table_name="minutes")
    op.drop_table("minutes")
