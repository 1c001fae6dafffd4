"""Tables of confidence-building measures: the catalogue as the charter gives it (versions,
dimensions, priority areas, measures), coordinator terms, participation declarations, notification
forms, notifications and their acknowledgements, and the events of the Plan of Implementation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cica.cbm.rules import EventKind, EventStatus, PaperKind, Role
from cica.core.db import Base, EnumText, UTCDateTime, one_of

CERTAINTIES = ("confirmed", "unconfirmed", "conflicting")


class CatalogueVersion(Base):
    __tablename__ = "cbm_catalogue_version"

    id: Mapped[str] = mapped_column(String(16), primary_key=True, comment="the year: 2004, 2021")
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    adopted: Mapped[str] = mapped_column(String(10), comment="ISO 8601, possibly partial")
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    dimensions: Mapped[list[Dimension]] = relationship(order_by="Dimension.position")


class Dimension(Base):
    __tablename__ = "cbm_dimension"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[str] = mapped_column(String(16), ForeignKey("cbm_catalogue_version.id"))
    key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[dict[str, str]] = mapped_column(JSON)
    areas: Mapped[list[PriorityArea]] = relationship(order_by="PriorityArea.position")


class PriorityArea(Base):
    __tablename__ = "cbm_priority_area"
    __table_args__ = (UniqueConstraint("dimension_id", "key"), one_of("certainty", CERTAINTIES))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dimension_id: Mapped[int] = mapped_column(Integer, ForeignKey("cbm_dimension.id"))
    key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[dict[str, str]] = mapped_column(JSON)
    added: Mapped[str | None] = mapped_column(String(10))
    certainty: Mapped[str] = mapped_column(String(16), default="confirmed")
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[list[Measure]] = relationship(order_by="Measure.position")
    terms: Mapped[list[CoordinatorTerm]] = relationship(order_by="CoordinatorTerm.id")


class Measure(Base):
    __tablename__ = "cbm_measure"
    __table_args__ = (UniqueConstraint("area_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(Integer, ForeignKey("cbm_priority_area.id"))
    number: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[dict[str, str]] = mapped_column(JSON)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)


class CoordinatorTerm(Base):
    """A state's term as coordinator or co-coordinator of an area: [starts, ends), ISO 8601 dates
    (possibly partial); None where the sources give no date (`rules.term_on`)."""

    __tablename__ = "cbm_coordinator_term"
    __table_args__ = (one_of("role", Role), one_of("certainty", CERTAINTIES))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(Integer, ForeignKey("cbm_priority_area.id"))
    participant_code: Mapped[str] = mapped_column(String(16), ForeignKey("participant.code"))
    role: Mapped[Role] = mapped_column(EnumText(Role))
    starts: Mapped[str | None] = mapped_column(String(10))
    ends: Mapped[str | None] = mapped_column(String(10), comment="exclusive")
    decision: Mapped[str | None] = mapped_column(String(200), comment="the SOC decision that appointed")
    certainty: Mapped[str] = mapped_column(String(16), default="confirmed")
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)


class ParticipationDeclaration(Base):
    """A member state takes part in a measure from a day (until it withdraws)."""

    __tablename__ = "cbm_participation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(Integer, ForeignKey("cbm_measure.id"))
    participant_code: Mapped[str] = mapped_column(String(16), ForeignKey("participant.code"))
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date, comment="exclusive: the day it withdrew")
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NotificationForm(Base):
    """A form states notify on (`data/cica-cbm.toml`): its fields with types and units, thresholds,
    lead time and reply deadline; `example`: figures the sources do not give."""

    __tablename__ = "cbm_notification_form"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    measure_id: Mapped[int] = mapped_column(Integer, ForeignKey("cbm_measure.id"))
    item: Mapped[str | None] = mapped_column(String(8))
    name: Mapped[dict[str, str]] = mapped_column(JSON)
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    thresholds: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    lead_time_days: Mapped[int] = mapped_column(Integer)
    reply_deadline_days: Mapped[int] = mapped_column(Integer)
    example: Mapped[bool] = mapped_column(Boolean, default=True)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)


class Notification(Base):
    __tablename__ = "cbm_notification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_key: Mapped[str] = mapped_column(String(64), ForeignKey("cbm_notification_form.key"))
    sender_code: Mapped[str] = mapped_column(String(16), ForeignKey("participant.code"))
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    activity_starts: Mapped[date] = mapped_column(Date)
    notified_on: Mapped[date] = mapped_column(Date, comment="the day at the seat it was submitted")
    days_ahead: Mapped[int] = mapped_column(Integer)
    late: Mapped[bool] = mapped_column(Boolean)
    obligatory: Mapped[bool] = mapped_column(Boolean)
    reply_by: Mapped[date] = mapped_column(Date)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recipients: Mapped[list[Recipient]] = relationship(order_by="Recipient.participant_code")


class Recipient(Base):
    __tablename__ = "cbm_notification_recipient"
    __table_args__ = (UniqueConstraint("notification_id", "participant_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notification_id: Mapped[int] = mapped_column(Integer, ForeignKey("cbm_notification.id"))
    participant_code: Mapped[str] = mapped_column(String(16), ForeignKey("participant.code"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Event(Base):
    """An event of a priority area: of the Plan of Implementation for `plan_year`, or added outside
    it (None). `participants`: the codes of the delegations that took part, the host not included."""

    __tablename__ = "cbm_event"
    __table_args__ = (one_of("kind", EventKind), one_of("status", EventStatus))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(Integer, ForeignKey("cbm_priority_area.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(EnumText(EventKind))
    title: Mapped[str] = mapped_column(String(300))
    measures: Mapped[list[str]] = mapped_column(JSON, default=list, comment="numbers of the area's measures")
    host_code: Mapped[str] = mapped_column(String(16), ForeignKey("participant.code"), index=True)
    organisers: Mapped[list[str]] = mapped_column(JSON, default=list)
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date] = mapped_column(Date)
    venue: Mapped[str | None] = mapped_column(String(300))
    plan_year: Mapped[int | None] = mapped_column(Integer, comment="None: not in the plan")
    participants: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[EventStatus] = mapped_column(EnumText(EventStatus), default=EventStatus.PLANNED)
    outcome: Mapped[str | None] = mapped_column(Text)


class Paper(Base):
    """A document of the CBM process (`rules.PaperKind`), linked to its priority area or dimension
    and year: the document itself (its versions, its adoption) lives in Documents."""

    __tablename__ = "cbm_paper"
    __table_args__ = (UniqueConstraint("document_id", "kind"), one_of("kind", PaperKind))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(Integer, ForeignKey("document.id"))
    kind: Mapped[PaperKind] = mapped_column(EnumText(PaperKind, 32))
    area_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("cbm_priority_area.id"), index=True)
    dimension_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("cbm_dimension.id"))
    year: Mapped[int | None] = mapped_column(Integer)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)
