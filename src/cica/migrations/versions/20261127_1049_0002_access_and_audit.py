"""Access and audit: accounts, sessions, tokens, delegation profiles; the append-only audit chain."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

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
        sa.CheckConstraint("outcome IN ('ok', 'denied')", name=op.f("ck_audit_entry_outcome")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_entry")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_entry_hash")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_actor_email"), ["actor_email"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_delegation"), ["delegation"], unique=False)

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "instance_secret",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_instance_secret")),
    )
    op.create_table(
        "signin_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.CheckConstraint("outcome IN ('failed', 'succeeded')", name=op.f("ck_signin_attempt_outcome")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signin_attempt")),
    )
    with op.batch_alter_table("signin_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signin_attempt_at"), ["at"], unique=False)
        batch_op.create_index("ix_signin_attempt_client_at", ["client", "at"], unique=False)
        batch_op.create_index("ix_signin_attempt_email_at", ["email", "at"], unique=False)

    op.create_table(
        "delegation_profile",
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("head_name", sa.Text(), nullable=True, comment="head of delegation, as they sign"),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("address", sa.Text(), nullable=True, comment="postal address of the mission"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_code"],
            ["participant.code"],
            name=op.f("fk_delegation_profile_participant_code_participant"),
        ),
        sa.PrimaryKeyConstraint("participant_code", name=op.f("pk_delegation_profile")),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.CheckConstraint(
            "role IN ('admin', 'secretariat', 'head_of_delegation', 'delegate', 'observer_delegate')",
            name=op.f("ck_user_account_role"),
        ),
        sa.ForeignKeyConstraint(
            ["delegation_code"],
            ["participant.code"],
            name=op.f("fk_user_account_delegation_code_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_user_account_delegation_code"), ["delegation_code"], unique=False
        )

    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False, comment="SHA-256 of the token"),
        sa.Column(
            "prefix", sa.String(length=16), nullable=False, comment="its first characters, to recognise it"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_api_token_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_user_id"), ["user_id"], unique=False)

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
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_web_session_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_session")),
    )
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_session_user_id"), ["user_id"], unique=False)

    # The chain starts empty: writers read and advance this one row (see audit/operations.py).
    op.execute(sa.text(f"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '{GENESIS}')"))
    _create_append_only_triggers()


def downgrade() -> None:
    _drop_append_only_triggers()
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_session_user_id"))

    op.drop_table("web_session")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_user_id"))

    op.drop_table("api_token")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_account_delegation_code"))

    op.drop_table("user_account")
    op.drop_table("delegation_profile")
    with op.batch_alter_table("signin_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_signin_attempt_email_at")
        batch_op.drop_index("ix_signin_attempt_client_at")
        batch_op.drop_index(batch_op.f("ix_signin_attempt_at"))

    op.drop_table("signin_attempt")
    op.drop_table("instance_secret")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_delegation"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_actor_email"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_action"))

    op.drop_table("audit_entry")


def _create_append_only_triggers() -> None:
    """UPDATE, DELETE (and on PostgreSQL TRUNCATE) of audit entries fail, whoever asks."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{APPEND_ONLY}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """
        )
        op.execute(
            "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}: {event} refused'); END"
        )


def _drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_entry_no_truncate ON audit_entry")
        op.execute("DROP TRIGGER audit_entry_no_change ON audit_entry")
        op.execute("DROP FUNCTION audit_entry_append_only()")
        return
    op.execute("DROP TRIGGER audit_entry_no_delete")
    op.execute("DROP TRIGGER audit_entry_no_update")
