"""Registry: the loaded charter, categories, participants with dated statuses and names, organs, chair terms."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "category",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("applies_to", sa.String(length=16), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("may_attend", sa.Boolean(), nullable=False),
        sa.Column("may_speak", sa.Boolean(), nullable=False),
        sa.Column("may_propose", sa.Boolean(), nullable=False),
        sa.Column("may_object", sa.Boolean(), nullable=False),
        sa.Column("may_break_silence", sa.Boolean(), nullable=False),
        sa.CheckConstraint("applies_to IN ('state', 'organisation')", name=op.f("ck_category_applies_to")),
        sa.CheckConstraint("kind IN ('member', 'observer', 'partner')", name=op.f("ck_category_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category")),
    )
    op.create_table(
        "charter",
        sa.Column("organisation_id", sa.String(length=64), nullable=False),
        sa.Column(
            "digest",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 of the canonical charter JSON",
        ),
        sa.Column("document", sa.JSON(), nullable=False, comment="the whole charter, canonical JSON"),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_charter")),
    )
    op.create_table(
        "organ",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False, comment="1 = highest"),
        sa.Column("abbreviation", sa.JSON(), nullable=False),
        sa.Column("periodicity", sa.JSON(), nullable=False),
        sa.Column("composition", sa.JSON(), nullable=False, comment="category ids that sit in it"),
        sa.Column("adopts", sa.JSON(), nullable=False, comment="document kinds it may adopt"),
        sa.Column("recommends", sa.JSON(), nullable=False, comment="kinds it may only recommend"),
        sa.Column("forwards_to", sa.JSON(), nullable=False, comment="organ ids it may forward to"),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organ")),
    )
    op.create_table(
        "participant",
        sa.Column(
            "code",
            sa.String(length=16),
            nullable=False,
            comment="ISO 3166-1 alpha-3 for states, charter id otherwise",
        ),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False, comment="names per language (organisations)"),
        sa.Column("abbreviation", sa.JSON(), nullable=False),
        sa.CheckConstraint("type IN ('state', 'organisation')", name=op.f("ck_participant_type")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_participant")),
    )
    op.create_table(
        "chair_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("since", sa.Date(), nullable=True, comment="first day (of a partial date)"),
        sa.Column("since_precision", sa.String(length=8), nullable=True),
        sa.Column("until", sa.Date(), nullable=True, comment="first day no longer in force"),
        sa.Column("until_precision", sa.String(length=8), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_code"],
            ["participant.code"],
            name=op.f("fk_chair_term_participant_code_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chair_term")),
    )
    with op.batch_alter_table("chair_term", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chair_term_participant_code"), ["participant_code"], unique=False
        )

    op.create_table(
        "organ_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organ_id", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True, comment="first day (of a partial date)"),
        sa.Column("since_precision", sa.String(length=8), nullable=True),
        sa.Column("until", sa.Date(), nullable=True, comment="first day no longer in force"),
        sa.Column("until_precision", sa.String(length=8), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["organ_id"], ["organ.id"], name=op.f("fk_organ_name_organ_id_organ")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organ_name")),
    )
    with op.batch_alter_table("organ_name", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organ_name_organ_id"), ["organ_id"], unique=False)

    op.create_table(
        "participant_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True, comment="first day (of a partial date)"),
        sa.Column("since_precision", sa.String(length=8), nullable=True),
        sa.Column("until", sa.Date(), nullable=True, comment="first day no longer in force"),
        sa.Column("until_precision", sa.String(length=8), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_code"],
            ["participant.code"],
            name=op.f("fk_participant_name_participant_code_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_name")),
    )
    with op.batch_alter_table("participant_name", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_name_participant_code"), ["participant_code"], unique=False
        )

    op.create_table(
        "participant_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("category_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.String(length=16),
            nullable=False,
            comment="the category's kind, for filtering",
        ),
        sa.Column("instrument", sa.Text(), nullable=True),
        sa.Column("since", sa.Date(), nullable=True, comment="first day (of a partial date)"),
        sa.Column("since_precision", sa.String(length=8), nullable=True),
        sa.Column("until", sa.Date(), nullable=True, comment="first day no longer in force"),
        sa.Column("until_precision", sa.String(length=8), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "since_precision IN ('year', 'month', 'day')",
            name=op.f("ck_participant_status_since_precision"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
            name=op.f("fk_participant_status_category_id_category"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_code"],
            ["participant.code"],
            name=op.f("fk_participant_status_participant_code_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_status")),
    )
    with op.batch_alter_table("participant_status", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_status_participant_code"), ["participant_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("participant_status", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_status_participant_code"))

    op.drop_table("participant_status")
    with op.batch_alter_table("participant_name", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_name_participant_code"))

    op.drop_table("participant_name")
    with op.batch_alter_table("organ_name", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organ_name_organ_id"))

    op.drop_table("organ_name")
    with op.batch_alter_table("chair_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chair_term_participant_code"))

    op.drop_table("chair_term")
    op.drop_table("participant")
    op.drop_table("organ")
    op.drop_table("charter")
    op.drop_table("category")
