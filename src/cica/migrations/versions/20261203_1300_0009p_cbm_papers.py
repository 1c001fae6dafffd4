"""The documents of the CBM process linked to their priority area, dimension and year: concept
papers, action plans, coordinators' reports, the Plan of Implementation, the implementation report
and the SOC's review of a dimension (the documents themselves live in Documents).

Revision 0009p, after 0009e (2026-12-03 13:00).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cica.migrations.shapes import drop_tables, foreign_key, one_of, table

revision: str = "0009p"
down_revision: str | None = "0009e"

# The values as they stand at this revision (cica.cbm.rules.PaperKind).
KINDS = (
    "concept_paper",
    "action_plan",
    "coordinator_report",
    "plan_of_implementation",
    "implementation_report",
    "dimension_review",
)


def upgrade() -> None:
    table(
        "cbm_paper",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("dimension_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        one_of("cbm_paper", "kind", KINDS),
        foreign_key("cbm_paper", "document_id", "document"),
        foreign_key("cbm_paper", "area_id", "cbm_priority_area"),
        foreign_key("cbm_paper", "dimension_id", "cbm_dimension"),
        sa.UniqueConstraint("document_id", "kind", name=op.f("uq_cbm_paper_document_id")),
        indexed=("area_id",),
    )


def downgrade() -> None:
    drop_tables("cbm_paper")
