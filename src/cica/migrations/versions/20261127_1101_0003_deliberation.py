"""Deliberation: drafts, revisions, amendments, procedures, positions, the decision register.

One open procedure per draft is a partial unique index on both backends; decisions and their
texts and remarks refuse UPDATE and DELETE (triggers), so the register cannot be rewritten.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"

IMMUTABLE = ("decision", "decision_text", "decision_remark")


def upgrade() -> None:
    op.create_table(
        "decision_counter",
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_decision_counter")),
    )
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False, comment="charter document kind id"),
        sa.Column("organ_id", sa.String(length=64), nullable=False, comment="the organ holding it now"),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("forwarded_by", sa.String(length=64), nullable=True, comment="organ that forwarded it"),
        sa.Column("recommended", sa.Boolean(), nullable=False, comment="forwarded with a recommendation"),
        sa.Column("sponsor_kind", sa.String(length=16), nullable=False),
        sa.Column(
            "sponsor_code", sa.String(length=16), nullable=True, comment="participant code of a sponsor"
        ),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column(
            "named",
            sa.String(length=2000),
            nullable=False,
            comment="delegations a confidential draft is shown to, as ,IND,PAK,",
        ),
        sa.Column("original_lang", sa.String(length=35), nullable=False),
        sa.Column("title", sa.Text(), nullable=False, comment="the current revision's original title"),
        sa.Column("current_revision", sa.Integer(), nullable=False),
        sa.Column("amends_id", sa.Integer(), nullable=True, comment="id of the decision it amends"),
        sa.Column("supersedes_id", sa.Integer(), nullable=True, comment="id of the decision it replaces"),
        sa.Column(
            "version", sa.Integer(), nullable=False, comment="+1 on every change (optimistic concurrency)"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False, comment="the actor's e-mail"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(sponsor_kind = 'delegation') = (sponsor_code IS NOT NULL)", name=op.f("ck_draft_sponsor_code")
        ),
        sa.CheckConstraint(
            "(stage = 'forwarded') = (forwarded_by IS NOT NULL)", name=op.f("ck_draft_forwarded_by")
        ),
        sa.CheckConstraint(
            "classification IN ('public', 'restricted', 'confidential')", name=op.f("ck_draft_classification")
        ),
        sa.CheckConstraint(
            "sponsor_kind IN ('delegation', 'chair', 'secretariat')", name=op.f("ck_draft_sponsor_kind")
        ),
        sa.CheckConstraint(
            "stage IN ('drafting', 'under_negotiation', 'forwarded', 'adopted', 'not_adopted', 'withdrawn')",
            name=op.f("ck_draft_stage"),
        ),
        sa.CheckConstraint("current_revision >= 1", name=op.f("ck_draft_current_revision")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_organ_id"), ["organ_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_draft_stage"), ["stage"], unique=False)

    op.create_table(
        "session_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organ_id", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_record")),
    )
    op.create_table(
        "draft_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column(
            "organ_id",
            sa.String(length=64),
            nullable=False,
            comment="the organ holding the draft at the time",
        ),
        sa.Column("to_organ_id", sa.String(length=64), nullable=True, comment="where it was forwarded"),
        sa.Column("revision", sa.Integer(), nullable=True, comment="revision number concerned"),
        sa.Column("procedure_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False, comment="the actor's e-mail, or system"),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name=op.f("fk_draft_event_draft_id_draft")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_event")),
    )
    with op.batch_alter_table("draft_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_event_draft_id"), ["draft_id"], unique=False)

    op.create_table(
        "draft_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "note", sa.Text(), nullable=False, comment="why it was made: a revision, accepted amendments"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_draft_revision_number")),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name=op.f("fk_draft_revision_draft_id_draft")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_revision")),
        sa.UniqueConstraint("draft_id", "number", name="uq_draft_revision_number"),
    )
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "recipient", sa.String(length=16), nullable=True, comment="participant code; NULL = everyone"
        ),
        sa.Column(
            "kind",
            sa.String(length=32),
            nullable=False,
            comment="circulated, silence_started, silence_broken, adopted, not_adopted, recommended",
        ),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("named", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True, comment="addressed notices only"),
        sa.CheckConstraint(
            "classification IN ('public', 'restricted', 'confidential')",
            name=op.f("ck_notification_classification"),
        ),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name=op.f("fk_notification_draft_id_draft")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notification_recipient_created_at", ["recipient", "created_at"], unique=False
        )

    op.create_table(
        "session_attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session_record.id"],
            name=op.f("fk_session_attendance_session_id_session_record"),
        ),
        sa.PrimaryKeyConstraint("session_id", "participant_code", name=op.f("pk_session_attendance")),
    )
    op.create_table(
        "amendment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False, comment="A-1, A-2, … within the draft"),
        sa.Column("proposer", sa.String(length=16), nullable=False, comment="participant code"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False, comment="revision amended"),
        sa.Column("paragraphs", sa.JSON(), nullable=False, comment="paragraphs replaced or deleted"),
        sa.Column("after", sa.Integer(), nullable=True, comment="an insertion comes after this (0: start)"),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "produced_revision_id", sa.Integer(), nullable=True, comment="the revision that took it in"
        ),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("proposed_by", sa.String(length=254), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settled_by", sa.String(length=254), nullable=True),
        sa.CheckConstraint("(status = 'proposed') = (settled_at IS NULL)", name=op.f("ck_amendment_settled")),
        sa.CheckConstraint("kind IN ('replace', 'insert', 'delete')", name=op.f("ck_amendment_kind")),
        sa.CheckConstraint(
            "status IN ('proposed', 'accepted', 'rejected', 'withdrawn')", name=op.f("ck_amendment_status")
        ),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name=op.f("fk_amendment_draft_id_draft")),
        sa.ForeignKeyConstraint(
            ["produced_revision_id"],
            ["draft_revision.id"],
            name=op.f("fk_amendment_produced_revision_id_draft_revision"),
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["draft_revision.id"], name=op.f("fk_amendment_revision_id_draft_revision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment")),
        sa.UniqueConstraint("draft_id", "number", name="uq_amendment_number"),
    )
    with op.batch_alter_table("amendment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_amendment_draft_id"), ["draft_id"], unique=False)

    op.create_table(
        "procedure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column(
            "purpose", sa.String(length=16), nullable=False, comment="adopt, or recommend (to recommend_to)"
        ),
        sa.Column("recommend_to", sa.String(length=64), nullable=True),
        sa.Column("revision_id", sa.Integer(), nullable=False, comment="the text put to it"),
        sa.Column("organ_id", sa.String(length=64), nullable=False, comment="the organ deciding"),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=254), nullable=False),
        sa.Column(
            "deadline", sa.DateTime(timezone=True), nullable=True, comment="silence: a whole second, UTC"
        ),
        sa.Column(
            "closed_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="when it ended: the close, the break, or the deadline",
        ),
        sa.Column(
            "finalised_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="silence: when the adoption at the deadline was processed",
        ),
        sa.Column("outcome", sa.JSON(), nullable=True, comment="consensus: the outcome"),
        sa.Column("summary", sa.Text(), nullable=True, comment="one line on how it ended"),
        sa.CheckConstraint(
            "(kind = 'consensus') = (session_id IS NOT NULL)", name=op.f("ck_procedure_session")
        ),
        sa.CheckConstraint("(kind = 'silence') = (deadline IS NOT NULL)", name=op.f("ck_procedure_deadline")),
        sa.CheckConstraint("(purpose = 'adopt') = (recommend_to IS NULL)", name=op.f("ck_procedure_purpose")),
        sa.CheckConstraint("(status = 'open') = (closed_at IS NULL)", name=op.f("ck_procedure_closed")),
        sa.CheckConstraint("kind IN ('consensus', 'silence')", name=op.f("ck_procedure_kind")),
        sa.CheckConstraint(
            "status IN ('open', 'adopted', 'not_adopted', 'broken')", name=op.f("ck_procedure_status")
        ),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name=op.f("fk_procedure_draft_id_draft")),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["draft_revision.id"], name=op.f("fk_procedure_revision_id_draft_revision")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["session_record.id"], name=op.f("fk_procedure_session_id_session_record")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure")),
    )
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_draft_id"), ["draft_id"], unique=False)
        batch_op.create_index("ix_procedure_status_deadline", ["status", "deadline"], unique=False)
        batch_op.create_index(
            "uq_procedure_open_per_draft",
            ["draft_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    op.create_table(
        "revision_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("original", sa.Boolean(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False, comment="paragraphs separated by one blank line"),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["draft_revision.id"], name=op.f("fk_revision_text_revision_id_draft_revision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision_text")),
        sa.UniqueConstraint("revision_id", "lang", name="uq_revision_text_lang"),
    )
    with op.batch_alter_table("revision_text", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revision_text_revision_id"), ["revision_id"], unique=False)

    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=200), nullable=False, comment="from the charter's pattern"),
        sa.Column("number", sa.Integer(), nullable=False, comment="within its numbering scope"),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False, comment="the revision number adopted"),
        sa.Column("organ_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False, comment="charter document kind id"),
        sa.Column("procedure_kind", sa.String(length=16), nullable=False),
        sa.Column("adopted_on", sa.Date(), nullable=False, comment="in the charter's time zone"),
        sa.Column("adopted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "participants",
            sa.JSON(),
            nullable=False,
            comment="[{code, capacity: member|observer, position: join|silent|reservation|statement}]",
        ),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("named", sa.String(length=2000), nullable=False),
        sa.Column("original_lang", sa.String(length=35), nullable=False),
        sa.Column("title", sa.Text(), nullable=False, comment="original title"),
        sa.Column("amends_id", sa.Integer(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "classification IN ('public', 'restricted', 'confidential')",
            name=op.f("ck_decision_classification"),
        ),
        sa.CheckConstraint(
            "procedure_kind IN ('consensus', 'silence')", name=op.f("ck_decision_procedure_kind")
        ),
        sa.ForeignKeyConstraint(["amends_id"], ["decision.id"], name=op.f("fk_decision_amends_id_decision")),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name=op.f("fk_decision_draft_id_draft")),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedure.id"], name=op.f("fk_decision_procedure_id_procedure")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["decision.id"], name=op.f("fk_decision_supersedes_id_decision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
        sa.UniqueConstraint("procedure_id", name=op.f("uq_decision_procedure_id")),
        sa.UniqueConstraint("symbol", name=op.f("uq_decision_symbol")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_adopted_on"), ["adopted_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_draft_id"), ["draft_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_organ_id"), ["organ_id"], unique=False)

    op.create_table(
        "position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.CheckConstraint(
            "stance IN ('join', 'object', 'reservation', 'statement')", name=op.f("ck_position_stance")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_position_version")),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedure.id"], name=op.f("fk_position_procedure_id_procedure")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position")),
        sa.UniqueConstraint("procedure_id", "participant_code", name="uq_position_participant"),
    )
    op.create_table(
        "position_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("previous_stance", sa.String(length=16), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedure.id"], name=op.f("fk_position_change_procedure_id_procedure")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position_change")),
    )
    with op.batch_alter_table("position_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_position_change_procedure_id"), ["procedure_id"], unique=False)

    op.create_table(
        "silence_break",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, comment="the server's clock"),
        sa.Column("by", sa.String(length=254), nullable=False),
        sa.CheckConstraint("kind IN ('objection', 'amendment')", name=op.f("ck_silence_break_kind")),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedure.id"], name=op.f("fk_silence_break_procedure_id_procedure")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_silence_break")),
        sa.UniqueConstraint("procedure_id", name=op.f("uq_silence_break_procedure_id")),
    )
    op.create_table(
        "decision_remark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.CheckConstraint("kind IN ('reservation', 'statement')", name=op.f("ck_decision_remark_kind")),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_decision_remark_decision_id_decision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_remark")),
    )
    with op.batch_alter_table("decision_remark", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_remark_decision_id"), ["decision_id"], unique=False)

    op.create_table(
        "decision_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("original", sa.Boolean(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_decision_text_decision_id_decision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_text")),
        sa.UniqueConstraint("decision_id", "lang", name="uq_decision_text_lang"),
    )
    with op.batch_alter_table("decision_text", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_text_decision_id"), ["decision_id"], unique=False)

    _create_immutability_triggers()


def downgrade() -> None:
    _drop_immutability_triggers()
    with op.batch_alter_table("decision_text", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_text_decision_id"))

    op.drop_table("decision_text")
    with op.batch_alter_table("decision_remark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_remark_decision_id"))

    op.drop_table("decision_remark")
    op.drop_table("silence_break")
    with op.batch_alter_table("position_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_position_change_procedure_id"))

    op.drop_table("position_change")
    op.drop_table("position")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_organ_id"))
        batch_op.drop_index(batch_op.f("ix_decision_draft_id"))
        batch_op.drop_index(batch_op.f("ix_decision_adopted_on"))

    op.drop_table("decision")
    with op.batch_alter_table("revision_text", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revision_text_revision_id"))

    op.drop_table("revision_text")
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_procedure_open_per_draft",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.drop_index("ix_procedure_status_deadline")
        batch_op.drop_index(batch_op.f("ix_procedure_draft_id"))

    op.drop_table("procedure")
    with op.batch_alter_table("amendment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendment_draft_id"))

    op.drop_table("amendment")
    op.drop_table("session_attendance")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_recipient_created_at")

    op.drop_table("notification")
    op.drop_table("draft_revision")
    with op.batch_alter_table("draft_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_event_draft_id"))

    op.drop_table("draft_event")
    op.drop_table("session_record")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_stage"))
        batch_op.drop_index(batch_op.f("ix_draft_organ_id"))

    op.drop_table("draft")
    op.drop_table("decision_counter")


def _create_immutability_triggers() -> None:
    """UPDATE and DELETE of the register's rows fail, whoever asks: a decision is never rewritten."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION decision_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'decisions are immutable: % on % refused', TG_OP, TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """
        )
        for table in IMMUTABLE:
            op.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION decision_immutable()"
            )
        return
    for table in IMMUTABLE:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'decisions are immutable: {event} on {table} refused'); END"
            )


def _drop_immutability_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in IMMUTABLE:
            op.execute(f"DROP TRIGGER {table}_immutable ON {table}")
        op.execute("DROP FUNCTION decision_immutable()")
        return
    for table in IMMUTABLE:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER {table}_no_{event.lower()}")
