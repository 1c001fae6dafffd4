"""Reads of confidence-building measures: the catalogue, the coordinators on a day, notifications,
and the dashboard's heatmap (participation and events by member state and dimension)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Integer, and_, extract, func, literal, or_, select, true, union_all
from sqlalchemy.orm import Session, selectinload

from cica.access.actors import Actor
from cica.access.guard import allowed
from cica.access.rules import may_take
from cica.audit.models import AuditEntry
from cica.cbm import rules
from cica.cbm.capability import AuditAction
from cica.cbm.data import active_months
from cica.cbm.models import (
    CatalogueVersion,
    Dimension,
    Event,
    Measure,
    Notification,
    NotificationForm,
    Paper,
    ParticipationDeclaration,
    PriorityArea,
)
from cica.core.errors import NotFound
from cica.documents.queries import document as document_view
from cica.registry import snapshot
from cica.registry.queries import seat_today
from cica.registry.snapshot import localized


class MeasureItem(BaseModel):
    number: str
    text: str
    text_lang: str  # BCP 47: the language `text` is in (the reader's, or the one the sources give)
    items: list[str]
    items_lang: list[str]  # BCP 47: the language each of `items` is in
    sources: list[str]


class AreaItem(BaseModel):
    key: str
    name: str
    certainty: str
    measures: list[MeasureItem]


class DimensionItem(BaseModel):
    key: str
    name: str
    areas: list[AreaItem]


class VersionItem(BaseModel):
    id: str
    title: str
    adopted: str
    dimensions: list[DimensionItem]


class Catalogue(BaseModel):
    versions: list[VersionItem]


def _text(values: dict[str, str], lang: str) -> str:
    return localized(values, lang) or next(iter(values.values()), "")


def _text_lang(values: dict[str, str], lang: str) -> str:
    """The language `_text` takes the text in."""
    return lang if values.get(lang) else "en" if values.get("en") else next(iter(values), lang)


def catalogue(
    session: Session, *, version: str | None = None, dimension: str | None = None, lang: str = "en"
) -> Catalogue:
    """The catalogue, every version (or one), every dimension (or one), in `lang` where it has it."""
    statement = select(CatalogueVersion).order_by(CatalogueVersion.id)
    if version is not None:
        statement = statement.where(CatalogueVersion.id == version)
    rows = list(
        session.scalars(
            statement.options(
                selectinload(CatalogueVersion.dimensions)
                .selectinload(Dimension.areas)
                .selectinload(PriorityArea.measures)
            )
        )
    )
    if version is not None and not rows:
        raise NotFound(f"no catalogue version {version!r}")
    versions = [
        VersionItem(
            id=row.id,
            title=_text(row.title, lang),
            adopted=row.adopted,
            dimensions=[
                DimensionItem(
                    key=d.key,
                    name=_text(d.name, lang),
                    areas=[
                        AreaItem(
                            key=a.key,
                            name=_text(a.name, lang),
                            certainty=a.certainty,
                            measures=[
                                MeasureItem(
                                    number=m.number,
                                    text=_text(m.text, lang),
                                    text_lang=_text_lang(m.text, lang),
                                    items=[f"({i['label']}) {_text(i['text'], lang)}" for i in m.items],
                                    items_lang=[_text_lang(i["text"], lang) for i in m.items],
                                    sources=m.sources,
                                )
                                for m in a.measures
                            ],
                        )
                        for a in d.areas
                    ],
                )
                for d in row.dimensions
                if dimension is None or d.key == dimension
            ],
        )
        for row in rows
    ]
    if dimension is not None and not any(v.dimensions for v in versions):
        raise NotFound(f"no dimension {dimension!r}")
    return Catalogue(versions=versions)


class TermItem(BaseModel):
    area: str
    area_name: str
    dimension: str
    participant: str
    name: str
    role: rules.Role
    starts: str | None
    ends: str | None
    dates_unconfirmed: bool
    certainty: str
    sources: list[str]


class Coordinators(BaseModel):
    on: date
    version: str
    terms: list[TermItem]


def coordinators(session: Session, day: date, *, lang: str = "en") -> Coordinators:
    """The coordinators and co-coordinators on `day`, by the latest catalogue adopted by then.
    Terms the sources give no dates for are included and flagged (`rules.term_on`)."""
    versions = list(session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.adopted)))
    chosen = [v for v in versions if (rules.first_day(v.adopted) or date.min) <= day] or versions
    if not chosen:
        raise NotFound("no catalogue is loaded: run cica init")
    version = chosen[-1]
    names = snapshot.current(session).participant_names(day, lang)
    terms: list[TermItem] = []
    for d in version.dimensions:
        for a in d.areas:
            for t in a.terms:
                on = rules.term_on(t.starts, t.ends, day)
                if not on.holds:
                    continue
                terms.append(
                    TermItem(
                        area=a.key,
                        area_name=_text(a.name, lang),
                        dimension=d.key,
                        participant=t.participant_code,
                        name=names.get(t.participant_code, t.participant_code),
                        role=t.role,
                        starts=t.starts,
                        ends=t.ends,
                        dates_unconfirmed=on.dates_unconfirmed,
                        certainty=t.certainty,
                        sources=t.sources,
                    )
                )
    return Coordinators(on=day, version=version.id, terms=terms)


# --- Notifications ---------------------------------------------------------------------------------


class FieldShown(BaseModel):
    key: str
    label: str
    value: str
    unit: str | None
    example: bool


class RecipientItem(BaseModel):
    participant: str
    acknowledged_at: datetime | None
    missing: bool


class NotificationItem(BaseModel):
    id: int
    form: str
    form_name: str
    sender: str
    activity_starts: date
    notified_on: date
    days_ahead: int
    lead_time_days: int
    late: bool
    obligatory: bool
    reply_by: date
    fields: list[FieldShown]
    recipients: list[RecipientItem]


class NotificationList(BaseModel):
    items: list[NotificationItem]


def may_see(actor: Actor | None, notification: Notification) -> bool:
    """Only the states taking part see each other's notifications (the sender and its recipients);
    the Secretariat sees all."""
    if actor is None or not may_take(actor, "cbm.exchange"):
        return False
    if may_take(actor, "cbm.oversee"):
        return True
    return actor.delegation is not None and (
        actor.delegation == notification.sender_code
        or any(r.participant_code == actor.delegation for r in notification.recipients)
    )


def _item(row: Notification, form: NotificationForm, today: date, lang: str) -> NotificationItem:
    return NotificationItem(
        id=row.id,
        form=form.key,
        form_name=_text(form.name, lang),
        sender=row.sender_code,
        activity_starts=row.activity_starts,
        notified_on=row.notified_on,
        days_ahead=row.days_ahead,
        lead_time_days=form.lead_time_days,
        late=row.late,
        obligatory=row.obligatory,
        reply_by=row.reply_by,
        fields=[
            FieldShown(
                key=f["key"],
                label=_text(f["label"], lang),
                value=str(row.values[f["key"]]) if f["key"] in row.values else "",
                unit=f.get("unit"),
                example=bool(f.get("example")),
            )
            for f in form.fields
        ],
        recipients=[
            RecipientItem(
                participant=r.participant_code,
                acknowledged_at=r.acknowledged_at,
                missing=rules.missing_after(row.reply_by, r.acknowledged_at is not None, today),
            )
            for r in row.recipients
        ],
    )


def notifications(session: Session, actor: Actor | None, *, lang: str = "en") -> NotificationList:
    """The notifications `actor` may see, newest first; field labels in `lang` (from the form)."""
    today = seat_today(session)
    forms = {f.key: f for f in session.scalars(select(NotificationForm))}
    rows = session.scalars(
        select(Notification).options(selectinload(Notification.recipients)).order_by(Notification.id.desc())
    )
    return NotificationList(
        items=[_item(r, forms[r.form_key], today, lang) for r in rows if may_see(actor, r)]
    )


def notification(
    session: Session, actor: Actor | None, notification_id: int, *, lang: str = "en"
) -> NotificationItem:
    """One notification; one the reader may not see answers as if there were none."""
    row = session.get(Notification, notification_id)
    if row is None or not may_see(actor, row):
        raise NotFound(f"no notification {notification_id}")
    form = session.get(NotificationForm, row.form_key)
    assert form is not None
    return _item(row, form, seat_today(session), lang)


class ComplianceRow(BaseModel):
    notification: int
    sender: str
    late: bool
    days_ahead: int
    lead_time_days: int
    reply_by: date
    missing: list[str]


class Compliance(BaseModel):
    on: date
    rows: list[ComplianceRow]


def compliance(session: Session, actor: Actor | None) -> Compliance:
    """Late notifications and acknowledgements missing after their reply deadline, as the reader
    may see them."""
    listed = notifications(session, actor)
    return Compliance(
        on=seat_today(session),
        rows=[
            ComplianceRow(
                notification=n.id,
                sender=n.sender,
                late=n.late,
                days_ahead=n.days_ahead,
                lead_time_days=n.lead_time_days,
                reply_by=n.reply_by,
                missing=[r.participant for r in n.recipients if r.missing],
            )
            for n in listed.items
            if n.late or any(r.missing for r in n.recipients)
        ],
    )


class FormItem(BaseModel):
    key: str
    name: str
    lead_time_days: int
    reply_deadline_days: int
    fields: list[dict[str, Any]]


def forms(session: Session, *, lang: str = "en") -> list[FormItem]:
    return [
        FormItem(
            key=f.key,
            name=_text(f.name, lang),
            lead_time_days=f.lead_time_days,
            reply_deadline_days=f.reply_deadline_days,
            fields=[{**field, "label": _text(field["label"], lang)} for field in f.fields],
        )
        for f in session.scalars(select(NotificationForm).order_by(NotificationForm.key))
    ]


def may_acknowledge(session: Session, actor: Actor | None, shown: NotificationItem) -> bool:
    """Whether the reader may acknowledge this notification now, for their own delegation: the
    question the page's button and `operations.acknowledge` answer alike."""
    if actor is None or actor.delegation is None:
        return False
    acknowledged = {r.participant: r.acknowledged_at is not None for r in shown.recipients}
    return rules.awaits_acknowledgement(acknowledged, actor.delegation) and allowed(
        session, actor, "cbm.acknowledge", delegation=actor.delegation
    )


def participants(session: Session, measure_id: int, day: date) -> list[str]:
    """The states taking part in a measure on a day."""
    rows = session.scalars(
        select(ParticipationDeclaration).where(ParticipationDeclaration.measure_id == measure_id)
    )
    return sorted({r.participant_code for r in rows if r.since <= day and (r.until is None or day < r.until)})


def notifiable_forms(session: Session, actor: Actor | None) -> set[str]:
    """The forms the reader may notify on now, for their own delegation: allowed to notify, and
    taking part in the form's measure today (the question `operations.notify` asks too)."""
    if actor is None or actor.delegation is None:
        return set()
    if not allowed(session, actor, "cbm.notify", delegation=actor.delegation):
        return set()
    today = seat_today(session)
    return {
        form.key
        for form in session.scalars(select(NotificationForm))
        if actor.delegation in participants(session, form.measure_id, today)
    }


# --- The dashboard's heatmap -----------------------------------------------------------------------


class HeatmapDimension(BaseModel):
    key: str
    name: str


class HeatmapCell(BaseModel):
    """What a state does in a dimension: declarations of participation in its measures active in
    the period, and events of its priority areas hosted or taken part in."""

    participant: str
    dimension: str
    declarations: int
    events: int

    @property
    def total(self) -> int:
        return self.declarations + self.events


class YearCount(BaseModel):
    year: int
    dimension: str
    events: int


class Heatmap(BaseModel):
    """`cells` only where a state did something, ordered by participant then dimension;
    `dimensions` in the latest catalogue's order; `per_year`: events per year and dimension."""

    years: tuple[int, int] | None  # the first and last year counted; None: declarations active today
    dimensions: list[HeatmapDimension]
    participants: list[str]
    cells: list[HeatmapCell]
    per_year: list[YearCount]

    def matrix(self) -> list[list[int]]:
        """Totals, a row per participant, a column per dimension (zero where nothing)."""
        column = {d.key: i for i, d in enumerate(self.dimensions)}
        row = {code: i for i, code in enumerate(self.participants)}
        grid = [[0] * len(self.dimensions) for _ in self.participants]
        for cell in self.cells:
            if cell.dimension in column:
                grid[row[cell.participant]][column[cell.dimension]] = cell.total
        return grid


def _listed_codes(session: Session) -> Any:
    """The codes of an event's `participants`, one row each, as a table joined to the event: SQLite's
    json_each, PostgreSQL's json_array_elements_text (both read the row they are joined to)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.json_array_elements_text(Event.participants).table_valued("value")
    return func.json_each(Event.participants).table_valued("value")


def heatmap(session: Session, *, years: tuple[int, int] | None = None, lang: str = "en") -> Heatmap:
    """Per state and dimension (by key, across catalogue versions), the participation declarations
    active and the events (not cancelled) hosted or taken part in, in `years` (first, last) or,
    without, declarations active today and events of every year; and events per year and
    dimension. Two statements, each grouped in SQL, whatever the number of rows."""
    if years is not None:
        period_starts, period_ends = date(years[0], 1, 1), date(years[1] + 1, 1, 1)
        active = and_(
            ParticipationDeclaration.since < period_ends,
            or_(ParticipationDeclaration.until.is_(None), ParticipationDeclaration.until > period_starts),
        )
        in_period = and_(Event.starts >= period_starts, Event.starts < period_ends)
    else:
        today = seat_today(session)
        active = and_(
            ParticipationDeclaration.since <= today,
            or_(ParticipationDeclaration.until.is_(None), ParticipationDeclaration.until > today),
        )
        in_period = true()
    counted = and_(in_period, Event.status != rules.EventStatus.CANCELLED)
    none = literal(0, Integer)
    # Each part counted by (state, dimension) before the union: the outer sum then adds a few
    # rows per cell rather than one per declaration or event.
    declared = (
        select(
            ParticipationDeclaration.participant_code.label("code"),
            Dimension.key.label("dimension"),
            func.count().label("declarations"),
            none.label("events"),
        )
        .join(Measure, Measure.id == ParticipationDeclaration.measure_id)
        .join(PriorityArea, PriorityArea.id == Measure.area_id)
        .join(Dimension, Dimension.id == PriorityArea.dimension_id)
        .where(active)
        .group_by(ParticipationDeclaration.participant_code, Dimension.key)
    )
    hosted = (
        select(Event.host_code, Dimension.key, none, func.count())
        .join(PriorityArea, PriorityArea.id == Event.area_id)
        .join(Dimension, Dimension.id == PriorityArea.dimension_id)
        .where(counted)
        .group_by(Event.host_code, Dimension.key)
    )
    listed = _listed_codes(session)
    attended = (
        select(listed.c.value, Dimension.key, none, func.count())
        .select_from(Event)
        .join(listed, true())
        .join(PriorityArea, PriorityArea.id == Event.area_id)
        .join(Dimension, Dimension.id == PriorityArea.dimension_id)
        .where(counted)
        .group_by(listed.c.value, Dimension.key)
    )
    every = union_all(declared, hosted, attended).subquery()
    grouped = session.execute(
        select(every.c.code, every.c.dimension, func.sum(every.c.declarations), func.sum(every.c.events))
        .group_by(every.c.code, every.c.dimension)
        .order_by(every.c.code, every.c.dimension)
    ).all()
    year = extract("year", Event.starts)
    by_year = session.execute(
        select(year, Dimension.key, func.count())
        .join(PriorityArea, PriorityArea.id == Event.area_id)
        .join(Dimension, Dimension.id == PriorityArea.dimension_id)
        .where(counted)
        .group_by(year, Dimension.key)
        .order_by(year, Dimension.key)
    ).all()
    return Heatmap(
        years=years,
        dimensions=latest_dimensions(session, lang),
        participants=sorted({code for code, *_ in grouped}),
        cells=[
            HeatmapCell(participant=code, dimension=key, declarations=int(d), events=int(e))
            for code, key, d, e in grouped
        ],
        per_year=[YearCount(year=int(y), dimension=key, events=n) for y, key, n in by_year],
    )


def latest_dimensions(session: Session, lang: str) -> list[HeatmapDimension]:
    """The dimensions of the latest catalogue adopted, in its order, named in `lang`."""
    latest = session.scalar(select(CatalogueVersion.id).order_by(CatalogueVersion.adopted.desc()).limit(1))
    rows = session.scalars(
        select(Dimension).where(Dimension.version_id == latest).order_by(Dimension.position)
    )
    return [HeatmapDimension(key=d.key, name=_text(d.name, lang)) for d in rows]


def data_version(session: Session) -> str:
    """A value that changes whenever what the heatmap shows may have: every cbm write leaves its
    audit entry in the same transaction (operations.py), so the latest such entry, by its sequence
    number and hash (the hash is keyed per database, so two databases never share a version), with
    today at the seat (declarations begin and end on days). One read, of one row."""
    latest = session.execute(
        select(AuditEntry.seq, AuditEntry.hash)
        .where(AuditEntry.action.in_([a.value for a in AuditAction]), AuditEntry.outcome == "ok")
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    written = f"{latest.seq}:{latest.hash[:16]}" if latest is not None else "0"
    return f"{written}@{seat_today(session).isoformat()}"


class EventItem(BaseModel):
    id: int
    kind: rules.EventKind
    title: str
    dimension: str
    area: str
    area_name: str
    host: str
    starts: date
    ends: date
    plan_year: int | None
    participants: list[str]
    status: rules.EventStatus
    outcome: str | None


def _events(session: Session, *where: Any, lang: str) -> list[EventItem]:
    rows = session.execute(
        select(Event, PriorityArea, Dimension.key)
        .join(PriorityArea, Event.area_id == PriorityArea.id)
        .join(Dimension, PriorityArea.dimension_id == Dimension.id)
        .where(*where)
        .order_by(Event.starts, Event.id)
    )
    return [
        EventItem(
            id=event.id,
            kind=event.kind,
            title=event.title,
            dimension=dimension,
            area=area.key,
            area_name=_text(area.name, lang),
            host=event.host_code,
            starts=event.starts,
            ends=event.ends,
            plan_year=event.plan_year,
            participants=event.participants,
            status=event.status,
            outcome=event.outcome,
        )
        for event, area, dimension in rows
    ]


def events(session: Session, year: int, *, lang: str = "en") -> list[EventItem]:
    """The events that begin in `year`, in the plan or not, by date."""
    return _events(session, Event.starts >= date(year, 1, 1), Event.starts <= date(year, 12, 31), lang=lang)


def event(session: Session, event_id: int, *, lang: str = "en") -> EventItem:
    found = _events(session, Event.id == event_id, lang=lang)
    if not found:
        raise NotFound(f"no event {event_id}")
    return found[0]


class MeasureStanding(BaseModel):
    participant: str
    measure: int
    number: str
    area: str
    dimension: str
    since: date
    last_event: date | None
    status: rules.MeasureStatus


class Standing(BaseModel):
    on: date
    active_months: int
    active_months_example: bool  # the period is an example for states to agree, not a source's
    rows: list[MeasureStanding]


def standing(session: Session, day: date, *, participant: str | None = None) -> Standing:
    """Each state taking part in a measure on `day` and where it stands: declared, active (an
    event of the measure's area it hosted or took part in within the period) or lapsed. An event
    counts for the measures it names, or for every measure of its area when it names none."""
    months, example = active_months()
    statement = (
        select(ParticipationDeclaration, Measure, PriorityArea.key, Dimension.key)
        .join(Measure, ParticipationDeclaration.measure_id == Measure.id)
        .join(PriorityArea, Measure.area_id == PriorityArea.id)
        .join(Dimension, PriorityArea.dimension_id == Dimension.id)
        .where(ParticipationDeclaration.since <= day)
        .where((ParticipationDeclaration.until.is_(None)) | (ParticipationDeclaration.until > day))
        .order_by(ParticipationDeclaration.participant_code, Measure.id)
    )
    if participant is not None:
        statement = statement.where(ParticipationDeclaration.participant_code == participant)
    declared = session.execute(statement).all()
    areas = {measure.area_id for _, measure, _, _ in declared}
    last: dict[tuple[str, int, str | None], date] = {}
    for event in session.scalars(
        select(Event).where(
            Event.area_id.in_(areas), Event.starts <= day, Event.status != rules.EventStatus.CANCELLED
        )
    ):
        for code in {event.host_code, *event.participants}:
            named: list[str | None] = list(event.measures) or [None]
            for number in named:
                key = (code, event.area_id, number)
                last[key] = max(last.get(key, event.starts), event.starts)
    rows = []
    for declaration, measure, area, dimension in declared:
        code = declaration.participant_code
        found = [last.get((code, measure.area_id, measure.number)), last.get((code, measure.area_id, None))]
        latest = max((d for d in found if d is not None), default=None)
        rows.append(
            MeasureStanding(
                participant=code,
                measure=measure.id,
                number=measure.number,
                area=area,
                dimension=dimension,
                since=declaration.since,
                last_event=latest,
                status=rules.measure_status(latest, day, months),
            )
        )
    return Standing(on=day, active_months=months, active_months_example=example, rows=rows)


def activity_calendar(
    session: Session, actor: Actor | None, year: int, *, lang: str = "en"
) -> NotificationList:
    """The year's calendar of planned activities, compiled from the notifications the reader may
    see: those whose activity begins in `year`, by the day it begins."""
    listed = notifications(session, actor, lang=lang).items
    return NotificationList(
        items=sorted(
            (n for n in listed if n.activity_starts.year == year), key=lambda n: (n.activity_starts, n.id)
        )
    )


class PaperItem(BaseModel):
    symbol: str
    title: str
    kind: rules.PaperKind
    area: str | None
    dimension: str | None
    year: int | None
    day: date | None


def papers(session: Session, actor: Actor | None, *, lang: str = "en") -> list[PaperItem]:
    """The documents of the CBM process the reader may see (a document's classification decides),
    by year then kind; each titled in `lang` where it has a version in it."""
    rows = session.execute(
        select(Paper, PriorityArea.key, Dimension.key)
        .outerjoin(PriorityArea, Paper.area_id == PriorityArea.id)
        .outerjoin(Dimension, Paper.dimension_id == Dimension.id)
        .order_by(Paper.year, Paper.kind, Paper.id)
    ).all()
    shown = []
    for paper, area, dimension in rows:
        try:
            found = document_view(session, str(paper.document_id), actor=actor, lang=lang)
        except NotFound:
            continue  # a document the reader may not see is not listed
        shown.append(
            PaperItem(
                symbol=found.symbol,
                title=found.title,
                kind=paper.kind,
                area=area,
                dimension=dimension,
                year=paper.year,
                day=found.day,
            )
        )
    return shown
