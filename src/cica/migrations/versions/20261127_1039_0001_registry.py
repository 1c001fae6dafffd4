"""Registry: the loaded charter, categories, participants with dated statuses and names, organs, chair terms."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cica.migrations import shapes

revision: str = "0001"
down_revision: str | None = None


def _dated_names(owner: str, key: str, key_type: sa.types.TypeEngine[str]) -> None:
    """`<owner>_name`: the owner's name in a language, while it held."""
    table, column = f"{owner}_name", f"{owner}_{key}"
    shapes.table(
        table,
        sa.Column(column, key_type, nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        *shapes.dated_columns(),
        shapes.foreign_key(table, column, owner, key),
        indexed=(column,),
    )


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
        shapes.one_of("category", "applies_to", ("state", "organisation")),
        shapes.one_of("category", "kind", ("member", "observer", "partner")),
        shapes.key("category"),
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
        shapes.key("charter", "organisation_id"),
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
        shapes.key("organ"),
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
        shapes.one_of("participant", "type", ("state", "organisation")),
        shapes.key("participant", "code"),
    )
    shapes.table(
        "chair_term",
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        *shapes.dated_columns(),
        shapes.foreign_key("chair_term", "participant_code", "participant", "code"),
        indexed=("participant_code",),
    )
    _dated_names("organ", "id", sa.String(length=64))
    _dated_names("participant", "code", sa.String(length=16))
    shapes.table(
        "participant_status",
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("category_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.String(length=16),
            nullable=False,
            comment="the category's kind, for filtering",
        ),
        sa.Column("instrument", sa.Text(), nullable=True),
        *shapes.dated_columns(),
        shapes.one_of("participant_status", "since_precision", ("year", "month", "day")),
        shapes.foreign_key("participant_status", "category_id", "category"),
        shapes.foreign_key("participant_status", "participant_code", "participant", "code"),
        indexed=("participant_code",),
    )


def downgrade() -> None:
    shapes.drop_tables(
        "participant_status",
        "participant_name",
        "organ_name",
        "chair_term",
        "participant",
        "organ",
        "charter",
        "category",
    )
