"""Confidence-building measures: the catalogue as the charter gives it (versions, dimensions,
priority areas, measures), coordinator terms, participation declarations, notification forms,
notifications and their recipients' acknowledgements.

Revision 0008c, after 0007e (2026-12-02 15:00).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008c"
down_revision: str | None = "0008s"


def upgrade() -> None:

    op.create_table(
        "cbm_catalogue_version",
        sa.Column("id", sa.String(length=16), nullable=False, comment="the year: 2004, 2021"),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("adopted", sa.String(length=10), nullable=False, comment="ISO 8601, possibly partial"),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cbm_catalogue_version")),
    )
    op.create_table(
        "cbm_dimension",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["cbm_catalogue_version.id"],
            name=op.f("fk_cbm_dimension_version_id_cbm_catalogue_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cbm_dimension")),
        sa.UniqueConstraint("version_id", "key", name=op.f("uq_cbm_dimension_version_id")),
    )
    op.create_table(
        "cbm_priority_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("added", sa.String(length=10), nullable=True),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "certainty IN ('confirmed', 'unconfirmed', 'conflicting')",
            name=op.f("ck_cbm_priority_area_certainty"),
        ),
        sa.ForeignKeyConstraint(
            ["dimension_id"],
            ["cbm_dimension.id"],
            name=op.f("fk_cbm_priority_area_dimension_id_cbm_dimension"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cbm_priority_area")),
        sa.UniqueConstraint("dimension_id", "key", name=op.f("uq_cbm_priority_area_dimension_id")),
    )
    op.create_table(
        "cbm_coordinator_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("starts", sa.String(length=10), nullable=True),
        sa.Column("ends", sa.String(length=10), nullable=True, comment="exclusive"),
        sa.Column(
            "decision", sa.String(length=200), nullable=True, comment="the SOC decision that appointed"
        ),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "certainty IN ('confirmed', 'unconfirmed', 'conflicting')",
            name=op.f("ck_cbm_coordinator_term_certainty"),
        ),
        sa.CheckConstraint(
            "role IN ('coordinator', 'co_coordinator')", name=op.f("ck_cbm_coordinator_term_role")
        ),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["cbm_priority_area.id"],
            name=op.f("fk_cbm_coordinator_term_area_id_cbm_priority_area"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_code"],
            ["participant.code"],
            name=op.f("fk_cbm_coordinator_term_participant_code_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cbm_coordinator_term")),
    )
    op.create_table(
        "cbm_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["cbm_priority_area.id"], name=op.f("fk_cbm_measure_area_id_cbm_priority_area")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cbm_measure")),
        sa.UniqueConstraint("area_id", "number", name=op.f("uq_cbm_measure_area_id")),
    )
    op.create_table(
        "cbm_notification_form",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=8), nullable=True),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("reply_deadline_days", sa.Integer(), nullable=False),
        sa.Column("example", sa.Boolean(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["cbm_measure.id"], name=op.f("fk_cbm_notification_form_measure_id_cbm_measure")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_cbm_notification_form")),
    )
    op.create_table(
        "cbm_participation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True, comment="exclusive: the day it withdrew"),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["cbm_measure.id"], name=op.f("fk_cbm_participation_measure_id_cbm_measure")
        ),
        sa.ForeignKeyConstraint(
            ["participant_code"],
            ["participant.code"],
            name=op.f("fk_cbm_participation_participant_code_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cbm_participation")),
    )
    op.create_table(
        "cbm_notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_key", sa.String(length=64), nullable=False),
        sa.Column("sender_code", sa.String(length=16), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("activity_starts", sa.Date(), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False, comment="the day at the seat it was submitted"),
        sa.Column("days_ahead", sa.Integer(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("obligatory", sa.Boolean(), nullable=False),
        sa.Column("reply_by", sa.Date(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_key"],
            ["cbm_notification_form.key"],
            name=op.f("fk_cbm_notification_form_key_cbm_notification_form"),
        ),
        sa.ForeignKeyConstraint(
            ["sender_code"], ["participant.code"], name=op.f("fk_cbm_notification_sender_code_participant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cbm_notification")),
    )
    op.create_table(
        "cbm_notification_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["cbm_notification.id"],
            name=op.f("fk_cbm_notification_recipient_notification_id_cbm_notification"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_code"],
            ["participant.code"],
            name=op.f("fk_cbm_notification_recipient_participant_code_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cbm_notification_recipient")),
        sa.UniqueConstraint(
            "notification_id", "participant_code", name=op.f("uq_cbm_notification_recipient_notification_id")
        ),
    )


def downgrade() -> None:

    op.drop_table("cbm_notification_recipient")
    op.drop_table("cbm_notification")
    op.drop_table("cbm_participation")
    op.drop_table("cbm_notification_form")
    op.drop_table("cbm_measure")
    op.drop_table("cbm_coordinator_term")
    op.drop_table("cbm_priority_area")
    op.drop_table("cbm_dimension")
    op.drop_table("cbm_catalogue_version")
