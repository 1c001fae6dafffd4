"""Events of the Plan of Implementation of confidence-building measures: their kind, priority area
and measures, host, organisers, dates, venue, the plan's year (none for events outside the plan),
the delegations taking part, status and outcome.

Revision 0009e, after 0008c (2026-12-03 12:00).
"""

from __future__ import annotations

import sqlalchemy as sa

from cica.migrations.shapes import drop_tables, foreign_key, one_of, table

revision: str = "0009e"
down_revision: str | None = "0008c"

# The values as they stand at this revision (cica.cbm.rules.EventKind, EventStatus).
KINDS = ("workshop", "seminar", "expert_meeting", "training", "exercise", "visit")
STATUSES = ("planned", "held", "cancelled")


def upgrade() -> None:
    table(
        "cbm_event",
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False, comment="numbers of the area's measures"),
        sa.Column("host_code", sa.String(length=16), nullable=False),
        sa.Column("organisers", sa.JSON(), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.Column("plan_year", sa.Integer(), nullable=True, comment="None: not in the plan"),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        one_of("cbm_event", "kind", KINDS),
        one_of("cbm_event", "status", STATUSES),
        foreign_key("cbm_event", "area_id", "cbm_priority_area"),
        foreign_key("cbm_event", "host_code", "participant", "code"),
        indexed=("area_id", "host_code"),
    )


def downgrade() -> None:
    drop_tables("cbm_event")
