"""API of confidence-building measures, under `/api/v1/cbm`: the catalogue and its coordinators
(public), the notification forms, participation declarations, notifications with their
acknowledgements, and the compliance panel. The same answers as `cica cbm … --format json`;
refusals answer problem+json from the shared handlers. A notification the caller may not see
answers 404, as one that does not exist."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.cbm import operations, queries
from cica.cbm.rules import EventKind, EventStatus, PaperKind
from cica.core.deps import Day, SessionDep
from cica.core.i18n import Language
from cica.core.inputs import Integer, Line, RecordId, Text
from cica.registry.queries import seat_today

router = APIRouter(prefix="/cbm", tags=["confidence-building measures"])

Lang = Annotated[Language, Query(description="The reader's language: names, texts and field labels.")]
Reader = Annotated[Actor | None, public("cbm.read")]
# Notifications are for the states taking part in their measure and the Secretariat: signed in.
Exchanging = Annotated[Actor, signed_in("cbm.exchange")]
FieldKey = Annotated[Line, Field(max_length=64)]
# A field's value as typed: the form types it (`rules.check_values`), so text, whole or decimal.
FieldValue = Annotated[Line, Field(max_length=2000)] | Integer | float


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Declaring(Body):
    measure: RecordId = Field(description="The measure's id (as the catalogue lists it).")
    delegation: Line = Field(max_length=16, description="Your delegation (ISO 3166-1 alpha-3).")
    since: Day | None = Field(None, description="The first day (default: today at the seat).")


class Notifying(Body):
    form: Line = Field(max_length=64, description="The notification form's key (see /cbm/forms).")
    delegation: Line = Field(max_length=16, description="Your delegation, which notifies.")
    values: dict[FieldKey, FieldValue] = Field(max_length=100, description="Field key → value.")
    units: dict[FieldKey, Annotated[Line, Field(max_length=32)]] = Field(
        default_factory=dict, max_length=100, description="The unit each number is given in."
    )


class Acknowledging(Body):
    delegation: Line = Field(max_length=16, description="Your delegation, a recipient.")


class NewEvent(Body):
    area: RecordId = Field(description="The priority area's id.")
    kind: EventKind
    title: Annotated[Line, Field(max_length=300)]
    host: Line = Field(max_length=16, description="The host state (ISO 3166-1 alpha-3).")
    starts: Day
    ends: Day
    plan_year: Integer | None = Field(
        None, description="The year of the plan it is in; none: outside the plan."
    )
    measures: list[Annotated[Line, Field(max_length=32)]] = Field(default_factory=list, max_length=50)
    organisers: list[Annotated[Line, Field(max_length=200)]] = Field(default_factory=list, max_length=50)
    venue: Annotated[Line, Field(max_length=300)] | None = None
    participants: list[Annotated[Line, Field(max_length=16)]] = Field(default_factory=list, max_length=200)


class EventOutcome(Body):
    status: EventStatus = Field(description="held or cancelled.")
    outcome: Annotated[Text, Field(max_length=5000)] | None = None


class Linking(Body):
    document: Line = Field(max_length=100, description="The document's symbol or id.")
    kind: PaperKind
    area: RecordId | None = Field(None, description="The priority area (an area's papers).")
    dimension: RecordId | None = Field(None, description="The dimension (a dimension's review).")
    year: Integer | None = Field(None, ge=1992, le=2100, description="The year (yearly papers).")


class Declared(BaseModel):
    measure: int
    delegation: str
    since: str


@router.get("/catalogue", response_model=queries.Catalogue)
def catalogue(
    session: SessionDep,
    actor: Reader,
    version: Annotated[
        Line | None, Query(max_length=16, description="Only this version (2004, 2021).")
    ] = None,
    dimension: Annotated[Line | None, Query(max_length=64, description="Only this dimension's key.")] = None,
    lang: Lang = "en",
) -> queries.Catalogue:
    """The Catalogue of CBMs: versions, dimensions, priority areas and numbered measures."""
    return queries.catalogue(session, version=version, dimension=dimension, lang=lang)


@router.get("/coordinators", response_model=queries.Coordinators)
def coordinators(
    session: SessionDep,
    actor: Reader,
    on: Annotated[Day | None, Query(description="The day (default: today at the seat).")] = None,
    lang: Lang = "en",
) -> queries.Coordinators:
    """Coordinators and co-coordinators of each priority area on a day; terms the sources give
    no dates for are listed and flagged `dates_unconfirmed`."""
    return queries.coordinators(session, on or seat_today(session), lang=lang)


@router.get("/forms", response_model=list[queries.FormItem])
def forms(session: SessionDep, actor: Reader, lang: Lang = "en") -> list[queries.FormItem]:
    """The notification forms: fields with types and units, lead time and reply deadline."""
    return queries.forms(session, lang=lang)


@router.post("/participation", response_model=Declared, status_code=201)
def declare(session: SessionDep, body: Declaring, actor: Actor = signed_in("cbm.declare")) -> Declared:
    """Your delegation takes part in a measure from a day."""
    row = operations.declare(session, body.measure, body.delegation, since=body.since, actor=actor)
    return Declared(measure=row.measure_id, delegation=row.participant_code, since=row.since.isoformat())


class Withdrawing(Body):
    measure: RecordId = Field(description="The measure's id.")
    delegation: Line = Field(max_length=16, description="Your delegation (ISO 3166-1 alpha-3).")
    on: Day | None = Field(None, description="The first day it no longer takes part (default: today).")


@router.post("/participation/withdrawal", response_model=Declared)
def withdraw(session: SessionDep, body: Withdrawing, actor: Actor = signed_in("cbm.declare")) -> Declared:
    """Your delegation no longer takes part in a measure from a day (its declaration is kept)."""
    row = operations.withdraw(session, body.measure, body.delegation, on=body.on, actor=actor)
    return Declared(measure=row.measure_id, delegation=row.participant_code, since=row.since.isoformat())


@router.get("/notifications", response_model=queries.NotificationList)
def notifications(session: SessionDep, actor: Exchanging, lang: Lang = "en") -> queries.NotificationList:
    """The notifications you may see (those your delegation sent or received; the Secretariat
    all), newest first."""
    return queries.notifications(session, actor, lang=lang)


@router.post("/notifications", response_model=queries.NotificationItem, status_code=201)
def notify(
    session: SessionDep, body: Notifying, lang: Lang = "en", actor: Actor = signed_in("cbm.notify")
) -> queries.NotificationItem:
    """Submit a notification for your delegation: checked against its form, sent to the other
    states taking part in the form's measure; notified after the lead time, it is marked late."""
    row = operations.notify(session, body.form, body.delegation, body.values, units=body.units, actor=actor)
    return queries.notification(session, actor, row.id, lang=lang)


@router.get("/notifications/{notification_id}", response_model=queries.NotificationItem)
def notification(
    session: SessionDep, actor: Exchanging, notification_id: RecordId, lang: Lang = "en"
) -> queries.NotificationItem:
    """One notification, its fields labelled from the form, and who has acknowledged it."""
    return queries.notification(session, actor, notification_id, lang=lang)


@router.post("/notifications/{notification_id}/acknowledgements", response_model=queries.NotificationItem)
def acknowledge(
    session: SessionDep,
    notification_id: RecordId,
    body: Acknowledging,
    lang: Lang = "en",
    actor: Actor = signed_in("cbm.acknowledge"),
) -> queries.NotificationItem:
    """Your delegation, a recipient, acknowledges the notification."""
    operations.acknowledge(session, notification_id, body.delegation, actor=actor)
    return queries.notification(session, actor, notification_id, lang=lang)


@router.get("/compliance", response_model=queries.Compliance)
def compliance(session: SessionDep, actor: Exchanging) -> queries.Compliance:
    """Late notifications and acknowledgements missing after their reply deadline, of the
    notifications you may see."""
    return queries.compliance(session, actor)


Planner = Annotated[Actor, signed_in("cbm.plan")]


@router.get("/events", response_model=list[queries.EventItem])
def events(
    session: SessionDep,
    actor: Reader,
    year: Annotated[int, Query(ge=1992, le=2100, description="The year the events begin in.")],
    lang: Lang = "en",
) -> list[queries.EventItem]:
    """The events that begin in a year, in the Plan of Implementation or added outside it."""
    return queries.events(session, year, lang=lang)


@router.post("/events", response_model=queries.EventItem, status_code=201)
def add_event(session: SessionDep, body: NewEvent, actor: Planner) -> queries.EventItem:
    """Add an event of a priority area (the Secretariat), planned."""
    row = operations.add_event(
        session, body.area, kind=body.kind, title=body.title, host=body.host, starts=body.starts,
        ends=body.ends, plan_year=body.plan_year, measures=body.measures, organisers=body.organisers,
        venue=body.venue, participants=body.participants, actor=actor,
    )  # fmt: skip
    return queries.event(session, row.id)


@router.post("/events/{event_id}/status", response_model=queries.EventItem)
def event_status(
    session: SessionDep, event_id: RecordId, body: EventOutcome, actor: Planner
) -> queries.EventItem:
    """Record that a planned event was held (with its outcome) or cancelled."""
    operations.set_event_status(session, event_id, body.status, outcome=body.outcome, actor=actor)
    return queries.event(session, event_id)


@router.get("/standing", response_model=queries.Standing)
def standing(
    session: SessionDep,
    actor: Reader,
    on: Annotated[Day | None, Query(description="The day (default: today at the seat).")] = None,
    participant: Annotated[Line | None, Query(max_length=16, description="Only this state.")] = None,
) -> queries.Standing:
    """Each state taking part in a measure, and whether it is declared, active or lapsed."""
    return queries.standing(session, on or seat_today(session), participant=participant)


@router.get("/papers", response_model=list[queries.PaperItem])
def papers(session: SessionDep, actor: Reader, lang: Lang = "en") -> list[queries.PaperItem]:
    """The documents of the CBM process you may see: concept papers, action plans, reports, the
    Plans of Implementation and the reviews of dimensions, with their area, dimension and year."""
    return queries.papers(session, actor, lang=lang)


@router.post("/papers", response_model=list[queries.PaperItem], status_code=201)
def link_paper(
    session: SessionDep, body: Linking, actor: Planner, lang: Lang = "en"
) -> list[queries.PaperItem]:
    """Link a document to the CBM process as one of its papers (the Secretariat)."""
    operations.link_paper(
        session, body.document, body.kind, area_id=body.area, dimension_id=body.dimension, year=body.year,
        actor=actor,
    )  # fmt: skip
    return queries.papers(session, actor, lang=lang)
