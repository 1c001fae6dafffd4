"""Access and audit: accounts, sessions, tokens, delegation profiles; the append-only audit chain."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cica.migrations import shapes

revision: str = "0002"
down_revision: str | None = "0001"

# The previous hash of the first entry (cica.audit.chain.GENESIS, copied: migrations stand alone).
GENESIS = "0" * 64
APPEND_ONLY = "audit entries are append-only"


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False, comment="1, 2, 3, … no gaps"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True, comment="NULL for the system and the CLI"),
        sa.Column("actor_email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column(
            "delegation", sa.String(length=16), nullable=True, comment="acting for; NULL = Secretariat"
        ),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("objects", sa.JSON(), nullable=False, comment="ids of what was acted on, as kind:id"),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False, comment="ok, or denied (nothing changed)"),
        sa.Column(
            "prev_hash",
            sa.String(length=64),
            nullable=False,
            comment="hash of the entry before (zeros for the first)",
        ),
        sa.Column(
            "hash", sa.String(length=64), nullable=False, comment="SHA-256(prev_hash || canonical JSON)"
        ),
        shapes.one_of("audit_entry", "outcome", ("ok", "denied")),
        shapes.key("audit_entry", "seq"),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_entry_hash")),
    )
    shapes.index("audit_entry", "action")
    shapes.index("audit_entry", "actor_email")
    shapes.index("audit_entry", "at")
    shapes.index("audit_entry", "delegation")
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        shapes.key("audit_head"),
    )
    op.create_table(
        "instance_secret",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        shapes.key("instance_secret", "name"),
    )
    shapes.table(
        "signin_attempt",
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "email",
            sa.String(length=254),
            nullable=False,
            comment="as typed, normalised; may name no account",
        ),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column(
            "outcome", sa.String(length=16), nullable=False, comment="failed until the password is verified"
        ),
        shapes.one_of("signin_attempt", "outcome", ("failed", "succeeded")),
        indexed=("at",),
    )
    shapes.index("signin_attempt", "client", "at")
    shapes.index("signin_attempt", "email", "at")
    op.create_table(
        "delegation_profile",
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("head_name", sa.Text(), nullable=True, comment="head of delegation, as they sign"),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("address", sa.Text(), nullable=True, comment="postal address of the mission"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        shapes.foreign_key("delegation_profile", "participant_code", "participant", "code"),
        shapes.key("delegation_profile", "participant_code"),
    )
    shapes.table(
        "user_account",
        sa.Column("email", sa.String(length=254), nullable=False, comment="lower case"),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column(
            "delegation_code",
            sa.String(length=16),
            nullable=True,
            comment="the participant it acts for; NULL = Secretariat",
        ),
        sa.Column("password_hash", sa.Text(), nullable=False, comment="Argon2id, with its parameters"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "disabled_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="no sign-in, no token after this",
        ),
        sa.CheckConstraint(
            "(role IN ('admin', 'secretariat') AND delegation_code IS NULL) OR (role IN ('head_of_delegation', 'delegate', 'observer_delegate') AND delegation_code IS NOT NULL)",
            name=op.f("ck_user_account_delegation"),
        ),
        shapes.one_of(
            "user_account",
            "role",
            ("admin", "secretariat", "head_of_delegation", "delegate", "observer_delegate"),
        ),
        shapes.foreign_key("user_account", "delegation_code", "participant", "code"),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
        indexed=("delegation_code",),
    )
    shapes.table(
        "api_token",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False, comment="SHA-256 of the token"),
        sa.Column(
            "prefix", sa.String(length=16), nullable=False, comment="its first characters, to recognise it"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        shapes.foreign_key("api_token", "user_id", "user_account"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
        indexed=("user_id",),
    )
    op.create_table(
        "web_session",
        sa.Column("id", sa.String(length=64), nullable=False, comment="SHA-256 of the cookie's token"),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "csrf_token",
            sa.String(length=64),
            nullable=False,
            comment="synchronizer token of this session's forms",
        ),
        sa.Column("client", sa.String(length=64), nullable=False, comment="address it was opened from"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "ended_at", sa.DateTime(timezone=True), nullable=True, comment="signed out (or ended by an admin)"
        ),
        shapes.foreign_key("web_session", "user_id", "user_account"),
        shapes.key("web_session"),
    )
    shapes.index("web_session", "user_id")
    # The chain starts empty: writers read and advance this one row (see audit/operations.py).
    op.execute(sa.text(f"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '{GENESIS}')"))
    _create_append_only_triggers()


def downgrade() -> None:
    _drop_append_only_triggers()
    shapes.drop_tables(
        "web_session",
        "api_token",
        "user_account",
        "delegation_profile",
        "signin_attempt",
        "instance_secret",
        "audit_head",
        "audit_entry",
    )


def _create_append_only_triggers() -> None:
    """UPDATE, DELETE (and on PostgreSQL TRUNCATE) of audit entries fail, whoever asks."""
    shapes.refuse_changes(
        ["audit_entry"],
        function="audit_entry_append_only",
        body="\n            BEGIN\n"
        f"                RAISE EXCEPTION '{APPEND_ONLY}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';\n"
        "            END\n            ",
        refusal=APPEND_ONLY + ": {event} refused",
        trigger="audit_entry_no_change",
    )
    if shapes.on_postgresql():
        op.execute(
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()"
        )


def _drop_append_only_triggers() -> None:
    if shapes.on_postgresql():
        op.execute("DROP TRIGGER audit_entry_no_truncate ON audit_entry")
    shapes.allow_changes(["audit_entry"], function="audit_entry_append_only", trigger="audit_entry_no_change")
