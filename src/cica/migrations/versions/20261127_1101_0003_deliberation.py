"""Deliberation: drafts, revisions, amendments, procedures, positions, the decision register.

One open procedure per draft is a partial unique index on both backends; decisions and their
texts and remarks refuse UPDATE and DELETE (triggers), so the register cannot be rewritten.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from cica.migrations import shapes

revision: str = "0003"
down_revision: str | None = "0002"

IMMUTABLE = ("decision", "decision_text", "decision_remark")


def _said(kind: str) -> list[sa.Column[Any]]:
    """What a delegation said: who, which kind of statement (column kind), its text, the paragraphs."""
    return [
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column(kind, sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
    ]


def _texts(owner: str, target: str, body_comment: str | None = None) -> None:
    """`<owner>_text`: the owner's title and body in one language, the original or a translation."""
    table, column = f"{owner}_text", f"{owner}_id"
    shapes.table(
        table,
        sa.Column(column, sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("original", sa.Boolean(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False, comment=body_comment),
        shapes.foreign_key(table, column, target),
        sa.UniqueConstraint(column, "lang", name=f"uq_{table}_lang"),
        indexed=(column,),
    )


def upgrade() -> None:
    op.create_table(
        "decision_counter",
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        shapes.key("decision_counter", "scope"),
    )
    shapes.table(
        "draft",
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
        shapes.one_of("draft", "classification", ("public", "restricted", "confidential")),
        shapes.one_of("draft", "sponsor_kind", ("delegation", "chair", "secretariat")),
        shapes.one_of(
            "draft",
            "stage",
            ("drafting", "under_negotiation", "forwarded", "adopted", "not_adopted", "withdrawn"),
        ),
        sa.CheckConstraint("current_revision >= 1", name=op.f("ck_draft_current_revision")),
        indexed=("organ_id", "stage"),
    )
    shapes.table(
        "session_record",
        sa.Column("organ_id", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    shapes.table(
        "draft_event",
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
        shapes.foreign_key("draft_event", "draft_id", "draft"),
        indexed=("draft_id",),
    )
    shapes.table(
        "draft_revision",
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "note", sa.Text(), nullable=False, comment="why it was made: a revision, accepted amendments"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_draft_revision_number")),
        shapes.foreign_key("draft_revision", "draft_id", "draft"),
        sa.UniqueConstraint("draft_id", "number", name="uq_draft_revision_number"),
    )
    shapes.table(
        "notification",
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
        shapes.one_of("notification", "classification", ("public", "restricted", "confidential")),
        shapes.foreign_key("notification", "draft_id", "draft"),
    )
    shapes.index("notification", "recipient", "created_at")
    op.create_table(
        "session_attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        shapes.foreign_key("session_attendance", "session_id", "session_record"),
        shapes.key("session_attendance", "session_id", "participant_code"),
    )
    shapes.table(
        "amendment",
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
        shapes.one_of("amendment", "kind", ("replace", "insert", "delete")),
        shapes.one_of("amendment", "status", ("proposed", "accepted", "rejected", "withdrawn")),
        shapes.foreign_key("amendment", "draft_id", "draft"),
        shapes.foreign_key("amendment", "produced_revision_id", "draft_revision"),
        shapes.foreign_key("amendment", "revision_id", "draft_revision"),
        sa.UniqueConstraint("draft_id", "number", name="uq_amendment_number"),
        indexed=("draft_id",),
    )
    shapes.table(
        "procedure",
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
        shapes.one_of("procedure", "kind", ("consensus", "silence")),
        shapes.one_of("procedure", "status", ("open", "adopted", "not_adopted", "broken")),
        shapes.foreign_key("procedure", "draft_id", "draft"),
        shapes.foreign_key("procedure", "revision_id", "draft_revision"),
        shapes.foreign_key("procedure", "session_id", "session_record"),
        indexed=("draft_id",),
    )
    shapes.index("procedure", "status", "deadline")
    open_only = sa.text("status = 'open'")
    shapes.index(
        "procedure",
        "draft_id",
        name="uq_procedure_open_per_draft",
        unique=True,
        sqlite_where=open_only,
        postgresql_where=open_only,
    )

    _texts("revision", "draft_revision", body_comment="paragraphs separated by one blank line")
    shapes.table(
        "decision",
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
        shapes.one_of("decision", "classification", ("public", "restricted", "confidential")),
        shapes.one_of("decision", "procedure_kind", ("consensus", "silence")),
        shapes.foreign_key("decision", "amends_id", "decision"),
        shapes.foreign_key("decision", "draft_id", "draft"),
        shapes.foreign_key("decision", "procedure_id", "procedure"),
        shapes.foreign_key("decision", "supersedes_id", "decision"),
        sa.UniqueConstraint("procedure_id", name=op.f("uq_decision_procedure_id")),
        sa.UniqueConstraint("symbol", name=op.f("uq_decision_symbol")),
        indexed=("adopted_on", "draft_id", "organ_id"),
    )
    shapes.table(
        "position",
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        *_said("stance"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        shapes.one_of("position", "stance", ("join", "object", "reservation", "statement")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_position_version")),
        shapes.foreign_key("position", "procedure_id", "procedure"),
        sa.UniqueConstraint("procedure_id", "participant_code", name="uq_position_participant"),
    )
    shapes.table(
        "position_change",
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("previous_stance", sa.String(length=16), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=254), nullable=False),
        shapes.foreign_key("position_change", "procedure_id", "procedure"),
        indexed=("procedure_id",),
    )
    shapes.table(
        "silence_break",
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("participant_code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, comment="the server's clock"),
        sa.Column("by", sa.String(length=254), nullable=False),
        shapes.one_of("silence_break", "kind", ("objection", "amendment")),
        shapes.foreign_key("silence_break", "procedure_id", "procedure"),
        sa.UniqueConstraint("procedure_id", name=op.f("uq_silence_break_procedure_id")),
    )
    shapes.table(
        "decision_remark",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        *_said("kind"),
        shapes.one_of("decision_remark", "kind", ("reservation", "statement")),
        shapes.foreign_key("decision_remark", "decision_id", "decision"),
        indexed=("decision_id",),
    )
    _texts("decision", "decision")
    _create_immutability_triggers()


def downgrade() -> None:
    _drop_immutability_triggers()
    shapes.drop_tables(
        "decision_text",
        "decision_remark",
        "silence_break",
        "position_change",
        "position",
        "decision",
        "revision_text",
        "procedure",
        "amendment",
        "session_attendance",
        "notification",
        "draft_revision",
        "draft_event",
        "session_record",
        "draft",
        "decision_counter",
    )


def _create_immutability_triggers() -> None:
    """UPDATE and DELETE of the register's rows fail, whoever asks: a decision is never rewritten."""
    shapes.refuse_changes(
        IMMUTABLE,
        function="decision_immutable",
        body="\n            BEGIN\n"
        "                RAISE EXCEPTION 'decisions are immutable: % on % refused', TG_OP, TG_TABLE_NAME\n"
        "                    USING ERRCODE = 'insufficient_privilege';\n"
        "            END\n            ",
        refusal="decisions are immutable: {event} on {table} refused",
    )


def _drop_immutability_triggers() -> None:
    shapes.allow_changes(IMMUTABLE, function="decision_immutable")
