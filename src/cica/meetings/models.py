"""Tables of meetings: the meeting, its status history and the documents it adopted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cica.core.db import Base, EnumText, UTCDateTime, one_of
from cica.meetings.rules import MeetingStatus, MeetingType, Precision

CERTAINTIES = ("confirmed", "unconfirmed", "conflicting")


class Meeting(Base):
    """One meeting of one organ. `chair_code` None: the charter's chairmanship on the first day."""

    __tablename__ = "meeting"
    __table_args__ = (
        one_of("kind", MeetingType),
        one_of("status", MeetingStatus),
        one_of("precision", Precision),
        one_of("certainty", CERTAINTIES),
        Index("ix_meeting_organ_starts", "organ_id", "starts_at"),
        Index("ix_meeting_starts_id", "starts_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(128), unique=True, comment="iCalendar UID: never changes")
    organ_id: Mapped[str] = mapped_column(String(64), ForeignKey("organ.id"))
    kind: Mapped[MeetingType] = mapped_column(EnumText(MeetingType))
    ordinal: Mapped[int | None] = mapped_column(Integer, comment="the charter's number: the 6th Summit")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, comment="exclusive")
    precision: Mapped[Precision] = mapped_column(EnumText(Precision), default=Precision.DAY)
    all_day: Mapped[bool] = mapped_column(Boolean, default=True, comment="whole days at the venue, no hours")
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    time_zone: Mapped[str | None] = mapped_column(String(64), comment="the venue's IANA zone; None online")
    city: Mapped[dict[str, str] | None] = mapped_column(
        JSON, comment="the city's name at the time, by language"
    )
    host_code: Mapped[str | None] = mapped_column(String(16), ForeignKey("participant.code"))
    chair_code: Mapped[str | None] = mapped_column(String(16), ForeignKey("participant.code"))
    status: Mapped[MeetingStatus] = mapped_column(EnumText(MeetingStatus))
    sequence: Mapped[int] = mapped_column(Integer, default=0, comment="iCalendar SEQUENCE")
    certainty: Mapped[str] = mapped_column(String(16), default="confirmed")
    note: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    history: Mapped[list[MeetingStatusChange]] = relationship(
        back_populates="meeting", order_by="MeetingStatusChange.id", cascade="all, delete-orphan"
    )
    documents: Mapped[list[MeetingDocument]] = relationship(
        back_populates="meeting", order_by="MeetingDocument.position", cascade="all, delete-orphan"
    )


class MeetingStatusChange(Base):
    """One step of a meeting's status history (the first one is its scheduling)."""

    __tablename__ = "meeting_status_change"
    __table_args__ = (one_of("status", MeetingStatus), one_of("previous_status", MeetingStatus))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    previous_status: Mapped[MeetingStatus | None] = mapped_column(EnumText(MeetingStatus))
    status: Mapped[MeetingStatus] = mapped_column(EnumText(MeetingStatus))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(320))
    reason: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="history")


class MeetingDocument(Base):
    """A document the meeting adopted, as the historical record lists it (texts come later)."""

    __tablename__ = "meeting_document"
    __table_args__ = (one_of("certainty", CERTAINTIES),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict[str, Any]] = mapped_column(JSON, comment="by language; the record has English")
    adopted_on: Mapped[date | None] = mapped_column(Date)
    certainty: Mapped[str] = mapped_column(String(16), default="confirmed")
    note: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)

    meeting: Mapped[Meeting] = relationship(back_populates="documents")
