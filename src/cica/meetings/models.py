"""Tables of meetings: the meeting, its status history, the documents it adopted, who attended,
its agenda and each agenda item's speakers' list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cica.access.rules import CLASSIFICATIONS
from cica.core.db import Base, EnumText, UTCDateTime, one_of
from cica.meetings.rules import (
    AgendaState,
    FloorKind,
    Group,
    MeetingStatus,
    MeetingType,
    Precision,
    SpeakerState,
)

CERTAINTIES = ("confirmed", "unconfirmed", "conflicting")


class Meeting(Base):
    """One meeting of one organ. `chair_code` None: the charter's chairmanship on the first day."""

    __tablename__ = "meeting"
    __table_args__ = (
        one_of("kind", MeetingType),
        one_of("status", MeetingStatus),
        one_of("precision", Precision),
        one_of("certainty", CERTAINTIES),
        one_of("agenda_state", AgendaState),
        one_of("classification", CLASSIFICATIONS),
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
    agenda_state: Mapped[AgendaState] = mapped_column(
        EnumText(AgendaState), default=AgendaState.PROVISIONAL, server_default="provisional"
    )
    agenda_circulated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agenda_adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    live_version: Mapped[int] = mapped_column(
        Integer,
        default=1,
        server_default="1",
        comment="bumped by every change of a speakers' list: the live page's poll compares it",
    )
    # Who may see it (`access.rules.may_see`): lists, pages, the API, Popolo and the feeds.
    classification: Mapped[str] = mapped_column(String(16), default="public", server_default="public")
    named: Mapped[str] = mapped_column(
        String(2000),
        default="",
        server_default="",
        comment="the delegations a confidential meeting is shown to: ,IND,PAK,",
    )

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


class Participation(Base):
    """A delegation registered for a meeting, with the category it held on the meeting's day."""

    __tablename__ = "meeting_participation"
    __table_args__ = (one_of("grouping", Group),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    participant_code: Mapped[str] = mapped_column(
        String(16), ForeignKey("participant.code"), primary_key=True
    )
    category_id: Mapped[str] = mapped_column(String(64))
    grouping: Mapped[Group] = mapped_column(EnumText(Group), comment="where the participants' list shows it")
    head: Mapped[str | None] = mapped_column(String(200), comment="the head of the delegation, as registered")
    members: Mapped[list[str]] = mapped_column(JSON, default=list, comment="the other members, in order")
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registered_by: Mapped[str] = mapped_column(String(320))


class AgendaItem(Base):
    """One item of a meeting's agenda, in its order; its speakers' list is closed or open."""

    __tablename__ = "agenda_item"
    __table_args__ = (Index("ix_agenda_item_meeting_position", "meeting_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, comment="in the language it was written in")
    speakers_closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Speaker(Base):
    """A request for the floor on an agenda item: waiting in its place, speaking, or done."""

    __tablename__ = "speaker"
    __table_args__ = (
        one_of("kind", FloorKind),
        one_of("state", SpeakerState),
        Index("ix_speaker_item_position", "agenda_item_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"))
    participant_code: Mapped[str] = mapped_column(String(16), ForeignKey("participant.code"))
    kind: Mapped[FloorKind] = mapped_column(EnumText(FloorKind))
    rank: Mapped[int] = mapped_column(
        Integer, comment="members 0, observers 1, replies 2 (rules.speaking_rank)"
    )
    position: Mapped[int] = mapped_column(Integer, comment="the place among those waiting")
    state: Mapped[SpeakerState] = mapped_column(EnumText(SpeakerState))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_by: Mapped[str] = mapped_column(String(320))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FeedToken(Base):
    """A delegation's calendar feed token: read-only (it opens that delegation's iCalendar feed and
    nothing else), kept as its SHA-256 digest only, revocable; a new one revokes the one before."""

    __tablename__ = "meeting_feed_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delegation_code: Mapped[str] = mapped_column(String(16), ForeignKey("participant.code"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True, comment="SHA-256 of the token, hex")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str] = mapped_column(String(320))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AgendaItemDraft(Base):
    """A draft under consideration under an agenda item. `draft_id` is a plain id: drafts are kept
    by a layer above meetings, whose operation checks the draft when it is linked."""

    __tablename__ = "agenda_item_draft"

    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), primary_key=True
    )
    draft_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    linked_by: Mapped[str] = mapped_column(String(320))
