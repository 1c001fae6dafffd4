"""Tables of the registry: the loaded charter, categories, participants, organs, chairmanships.

They mirror the charter file and are rewritten only by `registry.operations.apply_charter`.
Partial dates are stored as their first day plus a precision column.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cica.charter.dates import PartialDate, Period
from cica.core.db import Base, UTCDateTime

PRECISIONS = "('year', 'month', 'day')"


class CharterRecord(Base):
    """The charter this database holds: one body per database."""

    __tablename__ = "charter"

    organisation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the canonical charter JSON")
    document: Mapped[dict[str, Any]] = mapped_column(JSON, comment="the whole charter, canonical JSON")
    source_file: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    generation: Mapped[int] = mapped_column(
        Integer,
        default=1,
        server_default="1",
        comment="bumped by every load that changes the charter: processes compare it to their snapshot",
    )


class DatedFact:
    """The period of a sourced fact, from its `since`/`until` days and their precisions: shared by
    the table rows below and the registry snapshot's frozen values (`registry.snapshot`)."""

    since: date | None
    since_precision: str | None
    until: date | None
    until_precision: str | None

    @property
    def since_partial(self) -> PartialDate | None:
        if self.since is None:
            return None
        return PartialDate.from_parts(self.since, self.since_precision or "day")

    @property
    def until_partial(self) -> PartialDate | None:
        if self.until is None:
            return None
        return PartialDate.from_parts(self.until, self.until_precision or "day")

    @property
    def period(self) -> Period:
        return Period(self.since_partial, self.until_partial)


class DatedColumns(DatedFact):
    """Columns of a sourced fact that holds over a half-open period [since, until)."""

    since: Mapped[date | None] = mapped_column(Date, comment="first day (of a partial date)")
    since_precision: Mapped[str | None] = mapped_column(String(8))
    until: Mapped[date | None] = mapped_column(Date, comment="first day no longer in force")
    until_precision: Mapped[str | None] = mapped_column(String(8))
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    certainty: Mapped[str] = mapped_column(String(16), default="confirmed")
    note: Mapped[str | None] = mapped_column(Text)


class Category(Base):
    __tablename__ = "category"
    __table_args__ = (
        CheckConstraint("kind IN ('member', 'observer', 'partner')", name="kind"),
        CheckConstraint("applies_to IN ('state', 'organisation')", name="applies_to"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    applies_to: Mapped[str] = mapped_column(String(16))
    name: Mapped[dict[str, str]] = mapped_column(JSON)
    may_attend: Mapped[bool] = mapped_column(Boolean)
    may_speak: Mapped[bool] = mapped_column(Boolean)
    may_propose: Mapped[bool] = mapped_column(Boolean)
    may_object: Mapped[bool] = mapped_column(Boolean)
    may_break_silence: Mapped[bool] = mapped_column(Boolean)


class Participant(Base):
    __tablename__ = "participant"
    __table_args__ = (CheckConstraint("type IN ('state', 'organisation')", name="type"),)

    code: Mapped[str] = mapped_column(
        String(16), primary_key=True, comment="ISO 3166-1 alpha-3 for states, charter id otherwise"
    )
    type: Mapped[str] = mapped_column(String(16))
    name: Mapped[dict[str, str]] = mapped_column(JSON, comment="names per language (organisations)")
    abbreviation: Mapped[dict[str, str]] = mapped_column(JSON)


class ParticipantStatus(DatedColumns, Base):
    __tablename__ = "participant_status"
    __table_args__ = (CheckConstraint(f"since_precision IN {PRECISIONS}", name="since_precision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_code: Mapped[str] = mapped_column(ForeignKey("participant.code"), index=True)
    category_id: Mapped[str] = mapped_column(ForeignKey("category.id"))
    kind: Mapped[str] = mapped_column(String(16), comment="the category's kind, for filtering")
    instrument: Mapped[str | None] = mapped_column(Text)


class DatedName(DatedColumns):
    """Columns of a name in one language for a period: a participant's or an organ's."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lang: Mapped[str] = mapped_column(String(35))
    name: Mapped[str] = mapped_column(Text)


class ParticipantName(DatedName, Base):
    """A participant's name in one language for a period (Turkey -> Türkiye)."""

    __tablename__ = "participant_name"

    participant_code: Mapped[str] = mapped_column(ForeignKey("participant.code"), index=True)


class Organ(Base):
    __tablename__ = "organ"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    rank: Mapped[int] = mapped_column(Integer, comment="1 = highest")
    abbreviation: Mapped[dict[str, str]] = mapped_column(JSON)
    periodicity: Mapped[dict[str, str]] = mapped_column(JSON)
    composition: Mapped[list[str]] = mapped_column(JSON, comment="category ids that sit in it")
    adopts: Mapped[list[str]] = mapped_column(JSON, comment="document kinds it may adopt")
    recommends: Mapped[list[str]] = mapped_column(JSON, comment="kinds it may only recommend")
    forwards_to: Mapped[list[str]] = mapped_column(JSON, comment="organ ids it may forward to")
    sources: Mapped[list[str]] = mapped_column(JSON)
    certainty: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class OrganName(DatedName, Base):
    __tablename__ = "organ_name"

    organ_id: Mapped[str] = mapped_column(ForeignKey("organ.id"), index=True)


class ChairTerm(DatedColumns, Base):
    __tablename__ = "chair_term"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_code: Mapped[str] = mapped_column(ForeignKey("participant.code"), index=True)
