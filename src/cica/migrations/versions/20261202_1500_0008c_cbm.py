"""Confidence-building measures: the catalogue as the charter gives it (versions, dimensions,
priority areas, measures), coordinator terms, participation declarations, notification forms,
notifications and their recipients' acknowledgements.

Revision 0008c, after 0007e (2026-12-02 15:00).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from cica.migrations.shapes import drop_tables, foreign_key, key, one_of, table

revision: str = "0008c"
down_revision: str | None = "0008s"


CERTAINTIES = ("confirmed", "unconfirmed", "conflicting")


def _sourced(table: str) -> list[Any]:
    """How sure the sources are of a row, which they are, and a note."""
    return [
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        one_of(table, "certainty", CERTAINTIES),
    ]


def _named_part(parent: str, parent_type: Any) -> list[Any]:
    """A dimension of a catalogue version, a priority area of a dimension: its key and place."""
    return [
        sa.Column(f"{parent}_id", parent_type, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "cbm_catalogue_version",
        sa.Column("id", sa.String(length=16), nullable=False, comment="the year: 2004, 2021"),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("adopted", sa.String(length=10), nullable=False, comment="ISO 8601, possibly partial"),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        key("cbm_catalogue_version"),
    )
    table(
        "cbm_dimension",
        *_named_part("version", sa.String(length=16)),
        foreign_key("cbm_dimension", "version_id", "cbm_catalogue_version"),
        sa.UniqueConstraint("version_id", "key", name=op.f("uq_cbm_dimension_version_id")),
    )
    table(
        "cbm_priority_area",
        *_named_part("dimension", sa.Integer()),
        sa.Column("added", sa.String(length=10), nullable=True),
        *_sourced("cbm_priority_area"),
        foreign_key("cbm_priority_area", "dimension_id", "cbm_dimension"),
        sa.UniqueConstraint("dimension_id", "key", name=op.f("uq_cbm_priority_area_dimension_id")),
    )
    table(
        "cbm_coordinator_term",
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("starts", sa.String(length=10), nullable=True),
        sa.Column("ends", sa.String(length=10), nullable=True, comment="exclusive"),
        sa.Column(
            "decision", sa.String(length=200), nullable=True, comment="the SOC decision that appointed"
        ),
        *_sourced("cbm_coordinator_term"),
        one_of("cbm_coordinator_term", "role", ("coordinator", "co_coordinator")),
        foreign_key("cbm_coordinator_term", "area_id", "cbm_priority_area"),
        foreign_key("cbm_coordinator_term", "participant_code", "participant", "code"),
    )
    table(
        "cbm_measure",
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        foreign_key("cbm_measure", "area_id", "cbm_priority_area"),
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
        foreign_key("cbm_notification_form", "measure_id", "cbm_measure"),
        key("cbm_notification_form", "key"),
    )
    table(
        "cbm_participation",
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True, comment="exclusive: the day it withdrew"),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("cbm_participation", "measure_id", "cbm_measure"),
        foreign_key("cbm_participation", "participant_code", "participant", "code"),
    )
    table(
        "cbm_notification",
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
        foreign_key("cbm_notification", "form_key", "cbm_notification_form", "key"),
        foreign_key("cbm_notification", "sender_code", "participant", "code"),
    )
    table(
        "cbm_notification_recipient",
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        foreign_key("cbm_notification_recipient", "notification_id", "cbm_notification"),
        foreign_key("cbm_notification_recipient", "participant_code", "participant", "code"),
        sa.UniqueConstraint(
            "notification_id", "participant_code", name=op.f("uq_cbm_notification_recipient_notification_id")
        ),
    )


def downgrade() -> None:
    drop_tables(
        "cbm_notification_recipient",
        "cbm_notification",
        "cbm_participation",
        "cbm_notification_form",
        "cbm_measure",
        "cbm_coordinator_term",
        "cbm_priority_area",
        "cbm_dimension",
        "cbm_catalogue_version",
    )
