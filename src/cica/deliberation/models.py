"""Tables of deliberation: drafts and their revisions, amendments, procedures, positions, silence
breaks, the decision register and in-app notifications.

Charter ids (organs, document kinds, participant codes) are stored as plain strings, without
foreign keys to the registry's tables: the registry rewrites those rows when a charter changes,
and a changed charter must never be blocked by, or silently rewrite, the record of what was done.

Written only by `deliberation.operations`. Revisions, decisions and their texts are never
updated: a change is a new revision, a later decision amends or supersedes an earlier one, and
the database refuses UPDATE and DELETE on decisions (triggers, migration 0003).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from cica.access.rules import CLASSIFICATIONS
from cica.core.db import Base, EnumText, UTCDateTime, one_of
from cica.deliberation.amendments import AmendmentKind, AmendmentStatus
from cica.deliberation.consensus import RemarkKind, Stance
from cica.deliberation.narration import EventKind, NoticeKind
from cica.deliberation.participants import SponsorKind
from cica.deliberation.rules import ProcedureKind, ProcedureStatus, Purpose, Stage
from cica.deliberation.silence import BreakKind

# The states and kinds below are the rules' enums: each column reads back as its enum member, and
# its CHECK constraint is generated from the same enum (`one_of`), so the two cannot drift apart.


class Draft(Base):
    """A text on its way through the organs, with its current stage and holder."""

    __tablename__ = "draft"
    __table_args__ = (
        one_of("stage", Stage),
        one_of("classification", CLASSIFICATIONS),
        one_of("sponsor_kind", SponsorKind),
        CheckConstraint("(sponsor_kind = 'delegation') = (sponsor_code IS NOT NULL)", name="sponsor_code"),
        CheckConstraint("(stage = 'forwarded') = (forwarded_by IS NOT NULL)", name="forwarded_by"),
        CheckConstraint("current_revision >= 1", name="current_revision"),
        Index("ix_draft_updated_at_id", "updated_at", "id"),  # the list's order (keyset paging)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), comment="charter document kind id")
    organ_id: Mapped[str] = mapped_column(String(64), index=True, comment="the organ holding it now")
    stage: Mapped[Stage] = mapped_column(EnumText(Stage, 32), index=True)
    forwarded_by: Mapped[str | None] = mapped_column(String(64), comment="organ that forwarded it")
    recommended: Mapped[bool] = mapped_column(Boolean, comment="forwarded with a recommendation")
    sponsor_kind: Mapped[SponsorKind] = mapped_column(EnumText(SponsorKind))
    sponsor_code: Mapped[str | None] = mapped_column(String(16), comment="participant code of a sponsor")
    classification: Mapped[str] = mapped_column(String(16))
    named: Mapped[str] = mapped_column(
        String(2000), comment="delegations a confidential draft is shown to, as ,IND,PAK,"
    )
    original_lang: Mapped[str] = mapped_column(String(35))
    title: Mapped[str] = mapped_column(Text, comment="the current revision's original title")
    current_revision: Mapped[int] = mapped_column(Integer)
    # No foreign keys here: decisions refer to their drafts, and a key back would make a cycle
    # that neither backend can create or drop in one step. The operation checks the decision exists.
    amends_id: Mapped[int | None] = mapped_column(Integer, comment="id of the decision it amends")
    supersedes_id: Mapped[int | None] = mapped_column(Integer, comment="id of the decision it replaces")
    version: Mapped[int] = mapped_column(Integer, comment="+1 on every change (optimistic concurrency)")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(254), comment="the actor's e-mail")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DraftRevision(Base):
    """One immutable, numbered revision of a draft."""

    __tablename__ = "draft_revision"
    __table_args__ = (
        UniqueConstraint("draft_id", "number", name="uq_draft_revision_number"),
        CheckConstraint("number >= 1", name="number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"))
    number: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, comment="a note typed by whoever made it (may be empty)")
    note_lang: Mapped[str | None] = mapped_column(String(35), comment="the language the note was typed in")
    origin: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, comment="why the system made it: {kind: first|revised|amendments, amendments: [...]}"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(254))


class TextInLanguage:
    """Columns of a text's title and body in one language, of which one is the original: a
    revision's (`RevisionText`) and the decision that froze it (`DecisionText`) share them."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lang: Mapped[str] = mapped_column(String(35))
    original: Mapped[bool] = mapped_column(Boolean)
    title: Mapped[str] = mapped_column(Text)


class RevisionText(TextInLanguage, Base):
    """A revision's title and body in one language; exactly one per revision is the original."""

    __tablename__ = "revision_text"
    __table_args__ = (UniqueConstraint("revision_id", "lang", name="uq_revision_text_lang"),)

    revision_id: Mapped[int] = mapped_column(ForeignKey("draft_revision.id"), index=True)
    body: Mapped[str] = mapped_column(Text, comment="paragraphs separated by one blank line")


class Amendment(Base):
    """A delegation's proposed change to numbered paragraphs of one revision, and its fate."""

    __tablename__ = "amendment"
    __table_args__ = (
        UniqueConstraint("draft_id", "number", name="uq_amendment_number"),
        one_of("kind", AmendmentKind),
        one_of("status", AmendmentStatus),
        CheckConstraint("(status = 'proposed') = (settled_at IS NULL)", name="settled"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"), index=True)
    number: Mapped[int] = mapped_column(Integer, comment="A-1, A-2, … within the draft")
    proposer: Mapped[str] = mapped_column(String(16), comment="participant code")
    kind: Mapped[AmendmentKind] = mapped_column(EnumText(AmendmentKind))
    revision_id: Mapped[int] = mapped_column(ForeignKey("draft_revision.id"), comment="revision amended")
    paragraphs: Mapped[list[int]] = mapped_column(JSON, comment="paragraphs replaced or deleted")
    after: Mapped[int | None] = mapped_column(Integer, comment="an insertion comes after this (0: start)")
    text: Mapped[str] = mapped_column(Text)
    justification: Mapped[str] = mapped_column(Text)
    status: Mapped[AmendmentStatus] = mapped_column(EnumText(AmendmentStatus))
    produced_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_revision.id"), comment="the revision that took it in"
    )
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    proposed_by: Mapped[str] = mapped_column(String(254))
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    settled_by: Mapped[str | None] = mapped_column(String(254))


class DraftEvent(Base):
    """The draft's history: created, circulated, revised, forwarded, recommended, returned, adopted…"""

    __tablename__ = "draft_event"
    __table_args__ = (one_of("action", EventKind),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    action: Mapped[EventKind] = mapped_column(EnumText(EventKind, 32))
    organ_id: Mapped[str] = mapped_column(String(64), comment="the organ holding the draft at the time")
    to_organ_id: Mapped[str | None] = mapped_column(String(64), comment="where it was forwarded")
    revision: Mapped[int | None] = mapped_column(Integer, comment="revision number concerned")
    procedure_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(254), comment="the actor's e-mail, or system")
    params: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, comment="what happened, as the narration renders it in the reader's language"
    )
    summary: Mapped[str | None] = mapped_column(
        Text, comment="an English line from before events were structured (migration 0004i)"
    )


class SessionRecord(Base):
    """A session of an organ at which a text is put to adoption: its date and who was present.

    A stand-in for the Meetings issue's meeting: procedures refer to it only by `session_id`, so
    the meeting model can take its place without touching them.
    """

    __tablename__ = "session_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organ_id: Mapped[str] = mapped_column(String(64))
    held_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Plain ids (no foreign key), as migration 0006a explains.
    meeting_id: Mapped[int | None] = mapped_column(
        Integer, index=True, comment="the meeting the session was part of"
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        Integer, comment="the agenda item the text was taken under"
    )


class SessionAttendance(Base):
    """A delegation present at a session, with the category it held that day."""

    __tablename__ = "session_attendance"

    session_id: Mapped[int] = mapped_column(ForeignKey("session_record.id"), primary_key=True)
    participant_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    category: Mapped[str] = mapped_column(String(64))


class Procedure(Base):
    """A revision put to adoption (or to a recommendation) by consensus in session or by silence."""

    __tablename__ = "procedure"
    __table_args__ = (
        one_of("kind", ProcedureKind),
        one_of("status", ProcedureStatus),
        CheckConstraint("(purpose = 'adopt') = (recommend_to IS NULL)", name="purpose"),
        CheckConstraint("(kind = 'silence') = (deadline IS NOT NULL)", name="deadline"),
        CheckConstraint("(kind = 'consensus') = (session_id IS NOT NULL)", name="session"),
        CheckConstraint("(status = 'open') = (closed_at IS NULL)", name="closed"),
        # The database's own guarantee of one open procedure per draft, whatever the writers do.
        Index(
            "uq_procedure_open_per_draft",
            "draft_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        # The scheduler's scan: open silence procedures by deadline.
        Index("ix_procedure_status_deadline", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"), index=True)
    kind: Mapped[ProcedureKind] = mapped_column(EnumText(ProcedureKind))
    purpose: Mapped[Purpose] = mapped_column(
        EnumText(Purpose), comment="adopt, or recommend (to recommend_to)"
    )
    recommend_to: Mapped[str | None] = mapped_column(String(64))
    revision_id: Mapped[int] = mapped_column(ForeignKey("draft_revision.id"), comment="the text put to it")
    organ_id: Mapped[str] = mapped_column(String(64), comment="the organ deciding")
    status: Mapped[ProcedureStatus] = mapped_column(EnumText(ProcedureStatus))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session_record.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_by: Mapped[str] = mapped_column(String(254))
    deadline: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="silence: the instant announced, to the microsecond, UTC"
    )
    closed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="when it ended: the close, the break, or the deadline"
    )
    finalised_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="silence: when the adoption at the deadline was processed"
    )
    version: Mapped[int] = mapped_column(
        Integer,
        default=1,
        server_default="1",
        comment="bumped with every change the board or the page shows: the poll's test",
    )
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON, comment="consensus: the outcome")
    ending: Mapped[dict[str, Any] | None] = mapped_column(JSON, comment="silence: how it ended")
    summary: Mapped[str | None] = mapped_column(
        Text, comment="an English line from before endings were structured (migration 0004i)"
    )


class Position(Base):
    """A delegation's current position in a consensus procedure; `version` +1 per change."""

    __tablename__ = "position"
    __table_args__ = (
        UniqueConstraint("procedure_id", "participant_code", name="uq_position_participant"),
        one_of("stance", Stance),
        CheckConstraint("version >= 1", name="version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"))
    participant_code: Mapped[str] = mapped_column(String(16))
    stance: Mapped[Stance] = mapped_column(EnumText(Stance))
    text: Mapped[str] = mapped_column(Text)
    paragraphs: Mapped[list[int]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(254))


class PositionChange(Base):
    """Every position written, with the one it replaced: a change of position is never lost."""

    __tablename__ = "position_change"
    __table_args__ = (one_of("stance", Stance), one_of("previous_stance", Stance))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    participant_code: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    stance: Mapped[Stance] = mapped_column(EnumText(Stance))
    text: Mapped[str] = mapped_column(Text)
    paragraphs: Mapped[list[int]] = mapped_column(JSON)
    previous_stance: Mapped[Stance | None] = mapped_column(EnumText(Stance))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(String(254))


class SilenceBreak(Base):
    """The written objection or proposed amendment that broke a silence procedure."""

    __tablename__ = "silence_break"
    __table_args__ = (one_of("kind", BreakKind),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), unique=True)
    participant_code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[BreakKind] = mapped_column(EnumText(BreakKind))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, comment="the server's clock")
    by: Mapped[str] = mapped_column(String(254))


class Decision(Base):
    """An adopted text in the register. Immutable: the database refuses UPDATE and DELETE."""

    __tablename__ = "decision"
    __table_args__ = (
        one_of("procedure_kind", ProcedureKind),
        one_of("classification", CLASSIFICATIONS),
        # The register's order (keyset paging), with what its filters, counts and filter values
        # read: a page is found, and counted, from this index alone. A decision's row carries its
        # participants (KB of JSON), which SQLite would read past to reach the later columns.
        Index(
            "ix_decision_register",
            "adopted_on",
            "id",
            "classification",
            "named",
            "organ_id",
            "kind",
            "procedure_kind",
        ),
        # "Amended by" and "superseded by": the decisions that point at the ones listed.
        Index("ix_decision_amends_id_id", "amends_id", "id"),
        Index("ix_decision_supersedes_id_id", "supersedes_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    symbol: Mapped[str] = mapped_column(String(200), unique=True, comment="from the charter's pattern")
    number: Mapped[int] = mapped_column(Integer, comment="within its numbering scope")
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), unique=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer, comment="the revision number adopted")
    organ_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(64), comment="charter document kind id")
    procedure_kind: Mapped[ProcedureKind] = mapped_column(EnumText(ProcedureKind))
    adopted_on: Mapped[date] = mapped_column(Date, index=True, comment="in the charter's time zone")
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    participants: Mapped[list[dict[str, str]]] = mapped_column(
        JSON, comment="[{code, capacity: member|observer, position: join|silent|reservation|statement}]"
    )
    classification: Mapped[str] = mapped_column(String(16))
    named: Mapped[str] = mapped_column(String(2000))
    original_lang: Mapped[str] = mapped_column(String(35))
    title: Mapped[str] = mapped_column(Text, comment="original title")
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DecisionText(TextInLanguage, Base):
    """The adopted revision frozen in one language."""

    __tablename__ = "decision_text"
    __table_args__ = (UniqueConstraint("decision_id", "lang", name="uq_decision_text_lang"),)

    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    body: Mapped[str] = mapped_column(Text)


class DecisionRemark(Base):
    """A reservation or interpretative statement attached to a decision."""

    __tablename__ = "decision_remark"
    __table_args__ = (one_of("kind", RemarkKind),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    participant_code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[RemarkKind] = mapped_column(EnumText(RemarkKind))
    text: Mapped[str] = mapped_column(Text)
    paragraphs: Mapped[list[int]] = mapped_column(JSON)


class DecisionTally(Base):
    """How many decisions each combination of the register's filter values has: its counts and
    filter choices read these few rows instead of every decision.

    Kept by `record_decisions` in the transaction that writes the decisions (an upsert adding to
    `count`); decisions are never updated or deleted, so the tally only grows. Keyed with the
    classification columns so that `where_visible` applies to it as to the register itself.
    """

    __tablename__ = "decision_tally"
    __table_args__ = (one_of("classification", CLASSIFICATIONS),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    organ_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), primary_key=True)
    classification: Mapped[str] = mapped_column(String(16), primary_key=True)
    named: Mapped[str] = mapped_column(String(2000), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class DecisionCounter(Base):
    """The last decision number given in a numbering scope (`organ=mc;year=2026`).

    Numbers are taken with one conditional UPDATE on this row, so concurrent adoptions in the
    same scope queue on it instead of racing to the same number.
    """

    __tablename__ = "decision_counter"

    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class Notification(Base):
    """An in-app notice to one delegation, or to everyone (recipient NULL).

    Kept with its subject and payload so that e-mail can be sent from it later. It carries its
    draft's classification so that nobody learns of a text they may not see.
    """

    __tablename__ = "notification"
    __table_args__ = (
        one_of("classification", CLASSIFICATIONS),
        one_of("kind", NoticeKind),
        Index("ix_notification_recipient_created_at", "recipient", "created_at"),
        Index("ix_notification_created_at_id", "created_at", "id"),  # the list's order (keyset paging)
        # The unread count reads only the unread addressed notices, not the whole inbox.
        Index(
            "ix_notification_unread",
            "recipient",
            "classification",
            "named",
            sqlite_where=text("read_at IS NULL AND recipient IS NOT NULL"),
            postgresql_where=text("read_at IS NULL AND recipient IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient: Mapped[str | None] = mapped_column(String(16), comment="participant code; NULL = everyone")
    kind: Mapped[NoticeKind] = mapped_column(
        EnumText(NoticeKind, 32),
        comment="circulated, silence_started, silence_broken, adopted, not_adopted, recommended",
    )
    subject: Mapped[str | None] = mapped_column(
        Text, comment="an English line from before notices were structured (migration 0004i)"
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, comment="ids, and the event it tells of")
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("draft.id"))
    classification: Mapped[str] = mapped_column(String(16))
    named: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="addressed notices only")
