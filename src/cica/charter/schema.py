"""The charter file's schema: Pydantic models, strict (unknown keys are errors, no coercion).

Cross-references (a chair who is not a participant, overlapping terms, ...) are checked after
parsing by `cica.charter.rules.problems`, which can name the key path of each problem.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from cica.charter.dates import PartialDate, Period

# BCP 47 language tag, as used here: language, optional script, optional region (en, zh-Hans, pt-BR).
_BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$")


def _language_tag(value: str) -> str:
    if not _BCP47.match(value):
        raise ValueError(f"{value!r} is not a BCP 47 language tag such as 'en', 'zh-Hans' or 'pt-BR'")
    return value


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA time zone such as 'Asia/Almaty'") from None
    return value


_DURATION = re.compile(r"^P(?:(?P<weeks>\d+)W|(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?)?)$")


def parse_duration(value: str) -> timedelta:
    """An ISO 8601 duration in weeks, days or hours: P2W, P14D, P10DT12H, PT72H."""
    match = _DURATION.match(value)
    if not match or value in ("P", "PT"):
        raise ValueError(f"{value!r} is not an ISO 8601 duration such as 'P14D' or 'P2W'")
    parts = {k: int(v) for k, v in match.groupdict().items() if v}
    return timedelta(**parts)


def _duration(value: str) -> str:
    parse_duration(value)
    return value


LanguageTag = Annotated[str, AfterValidator(_language_tag)]
TimeZoneName = Annotated[str, AfterValidator(_time_zone)]
Duration = Annotated[str, AfterValidator(_duration)]
Localized = dict[LanguageTag, str]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
ParticipantCode = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]{1,15}$")]
SourceIds = list[Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]]
DateValue = Annotated[
    PartialDate,
    PlainValidator(PartialDate.parse),
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}),
]

Certainty = Literal["confirmed", "unconfirmed", "conflicting"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)


class Sourced(Strict):
    """A fact with the sources that state it and how sure they are."""

    source: SourceIds = Field(default_factory=list)
    certainty: Certainty = "confirmed"
    note: str | None = None


class Source(Strict):
    title: str
    url: str | None = None
    note: str | None = None


class Dated(Sourced):
    """Something that holds over a half-open period [from, to)."""

    from_: DateValue | None = Field(default=None, alias="from")
    to: DateValue | None = None

    @property
    def period(self) -> Period:
        return Period(self.from_, self.to)


class DatedName(Dated):
    lang: LanguageTag
    name: str


class Languages(Sourced):
    official: list[LanguageTag]
    working: list[LanguageTag]


class Naming(Sourced):
    """The authority whose short names of states the charter follows, and the states it does not
    follow it for (each with the reason in `note`)."""

    authority: str
    url: str | None = None
    exceptions: list[ParticipantCode] = Field(default_factory=list)


class Organisation(Strict):
    id: Identifier
    name: Localized
    abbreviation: Localized
    description: Localized = Field(default_factory=dict)
    name_sources: dict[LanguageTag, SourceIds] = Field(default_factory=dict)
    time_zone: TimeZoneName
    seat: Localized = Field(default_factory=dict)
    languages: Languages
    # The rules of procedure's limit on one intervention, in seconds; None: the charter sets none
    # (CICA's does not), and the presiding chair times no one.
    speaking_time_limit: int | None = Field(None, ge=1, le=86400)
    naming: Naming | None = None


ParticipantType = Literal["state", "organisation"]
CategoryKind = Literal["member", "observer", "partner"]


class Category(Strict):
    """A participant category and what its participants may do."""

    id: Identifier
    kind: CategoryKind
    applies_to: ParticipantType
    name: Localized
    may_attend: bool = True
    may_speak: bool = True
    may_propose: bool = False
    may_object: bool = False
    may_break_silence: bool = False


class Status(Dated):
    """A participant's standing in one category for a period (admission to `from`, end at `to`)."""

    category: Identifier
    instrument: str | None = None


class Participant(Strict):
    code: ParticipantCode
    type: ParticipantType
    name: Localized = Field(default_factory=dict)
    abbreviation: Localized = Field(default_factory=dict)
    names: list[DatedName] = Field(default_factory=list)
    statuses: list[Status]


class DocumentKind(Strict):
    id: Identifier
    name: Localized


class Cycle(Sourced):
    """How often an organ's regular meetings fall due: at most `every_months` after the last one.
    More than one value where the sources disagree (with certainty = "conflicting")."""

    every_months: Annotated[list[Annotated[int, Field(gt=0)]], Field(min_length=1)]


class Organ(Sourced):
    id: Identifier
    kind: Literal["deliberative", "subsidiary", "administrative", "advisory"]
    rank: int
    names: list[DatedName]
    abbreviation: Localized = Field(default_factory=dict)
    periodicity: Localized = Field(default_factory=dict)
    cycle: Cycle | None = None
    composition: list[Identifier] = Field(default_factory=list)
    adopts: list[Identifier] = Field(default_factory=list)
    recommends: list[Identifier] = Field(default_factory=list)
    forwards_to: list[Identifier] = Field(default_factory=list)


class DecisionRule(Sourced):
    method: Literal["consensus"]
    quorum: int | None = None
    symbol_pattern: str = "{org}/{organ}/DEC/{year}/{number}"


class SilenceProcedure(Sourced):
    default_period: Duration
    called_by: list[Literal["chair", "secretariat"]]


class ChairTerm(Dated):
    participant: ParticipantCode


class CoordinatorTerm(Dated):
    participant: ParticipantCode
    role: Literal["coordinator", "co_coordinator"]


class MeasureItem(Strict):
    label: str
    text: Localized


class Measure(Sourced):
    number: str
    text: Localized
    items: list[MeasureItem] = Field(default_factory=list)


class PriorityArea(Sourced):
    id: Identifier
    name: Localized
    added: DateValue | None = None
    measures: list[Measure] = Field(default_factory=list)
    coordinators: list[CoordinatorTerm] = Field(default_factory=list)


class Dimension(Strict):
    id: Identifier
    name: Localized
    priority_areas: list[PriorityArea] = Field(default_factory=list)


class CatalogueVersion(Sourced):
    id: str
    title: Localized
    adopted: DateValue
    dimensions: list[Dimension]


class Charter(Strict):
    schema_version: Literal[1] = 1
    organisation: Organisation
    sources: dict[str, Source] = Field(default_factory=dict)
    categories: list[Category]
    participants: list[Participant]
    document_kinds: list[DocumentKind]
    organs: list[Organ]
    decision_rule: DecisionRule
    silence_procedure: SilenceProcedure
    chairmanships: list[ChairTerm]
    catalogue: list[CatalogueVersion] = Field(default_factory=list)
