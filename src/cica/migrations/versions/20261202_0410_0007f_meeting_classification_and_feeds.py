"""Meetings' classification and the delegations' calendar feed tokens.

`meeting.classification` / `meeting.named` are the access classification every record carries
(public, restricted to the members' delegations, confidential to the named ones; `,IND,PAK,`);
every meeting already recorded stays public. `meeting_feed_token` holds, per delegation, the
SHA-256 digest of the read-only token its calendar feed is subscribed with, and when it was
revoked (a new token revokes the one before).

Revision ID: 0007f, revising 0006n (2026-12-02 04:10)
"""

import sqlalchemy as sa
from alembic import op

revision = "0007f"
down_revision = "0007d"
branch_labels = depends_on = None
CLASSIFICATIONS = "('public', 'restricted', 'confidential')"
TOKENS = "meeting_feed_token"


def upgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(sa.Column("classification", sa.String(16), nullable=False, server_default="public"))
        batch.add_column(
            sa.Column(
                "named",
                sa.String(length=2000),
                nullable=False,
                server_default="",
                comment="the delegations a confidential meeting is shown to: ,IND,PAK,",
            )
        )
        batch.create_check_constraint("classification", f"classification IN {CLASSIFICATIONS}")
    moment = sa.DateTime(timezone=True)
    op.create_table(
        "meeting_feed_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delegation_code", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False, comment="SHA-256 of the token, hex"),
        *(sa.Column(name, moment, nullable=name == "revoked_at") for name in ("issued_at", "revoked_at")),
        sa.Column("issued_by", sa.String(length=320), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_feed_token")),
        sa.UniqueConstraint("digest", name=op.f("uq_meeting_feed_token_digest")),
        sa.ForeignKeyConstraint(
            ["delegation_code"], ["participant.code"], name=op.f(f"fk_{TOKENS}_delegation_code_participant")
        ),
    )
    op.create_index(op.f("ix_meeting_feed_token_delegation_code"), "meeting_feed_token", ["delegation_code"])


def downgrade() -> None:
    op.drop_index(op.f("ix_meeting_feed_token_delegation_code"), table_name="meeting_feed_token")
    op.drop_table("meeting_feed_token")
    with op.batch_alter_table("meeting") as batch:
        batch.drop_constraint("classification", type_="check")
        batch.drop_column("named")
        batch.drop_column("classification")
