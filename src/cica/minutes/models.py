"""Tables of minutes: one set per meeting, every version kept, and the steps of its lifecycle.

Written only by `minutes.operations`. Versions are never updated or deleted (triggers, migration
0006n): a correction is a new version, and the frozen minutes' last version is the approved text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cica.core.db import Base, EnumText, UTCDateTime, one_of
from cica.minutes.rules import Approval, MinutesAct, MinutesState


class Minutes(Base):
    """The minutes of one meeting and where they stand."""

    __tablename__ = "minutes"
    __table_args__ = (one_of("state", MinutesState), one_of("approval", Approval))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), unique=True)
    organ_id: Mapped[str] = mapped_column(String(64), comment="the organ that met (and approves)")
    state: Mapped[MinutesState] = mapped_column(EnumText(MinutesState, 32))
    current_version: Mapped[int] = mapped_column(Integer)
    first_circulated: Mapped[int | None] = mapped_column(
        Integer, comment="the version circulated first: delegations read it and those after it"
    )
    approval: Mapped[Approval | None] = mapped_column(EnumText(Approval))
    approved_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft.id"), comment="the deliberation draft carrying them under silence"
    )
    procedure_id: Mapped[int | None] = mapped_column(
        ForeignKey("procedure.id"), index=True, comment="the silence procedure running or that approved them"
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MinutesVersion(Base):
    """One version of the minutes: numbered paragraphs in one language. Immutable."""

    __tablename__ = "minutes_version"
    __table_args__ = (UniqueConstraint("minutes_id", "number", name="uq_minutes_version_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    lang: Mapped[str] = mapped_column(String(35), comment="BCP 47")
    body: Mapped[str] = mapped_column(Text, comment="paragraphs separated by one blank line")
    note: Mapped[str] = mapped_column(Text, comment="what the correction changed (may be empty)")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(254))


class MinutesStep(Base):
    """One step of the lifecycle: the act, the state it reached, who and when (the system for
    what a silence procedure's end decided), and what it concerned."""

    __tablename__ = "minutes_step"
    __table_args__ = (one_of("act", MinutesAct), one_of("state", MinutesState))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    act: Mapped[MinutesAct] = mapped_column(EnumText(MinutesAct, 32))
    state: Mapped[MinutesState] = mapped_column(EnumText(MinutesState, 32))
    version: Mapped[int] = mapped_column(Integer)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), comment="approved at")
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedure.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(String(254))
