"""Writes of confidence-building measures: the catalogue's loading, participation declarations,
notifications and acknowledgements, and the events of the Plan of Implementation.

Each verb checks the permission table (`authorize`), applies the pure rules inside the
authorization's refusals, writes, and records its audit entry in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import authorize
from cica.audit.operations import record
from cica.cbm import queries, rules
from cica.cbm.capability import AuditAction
from cica.cbm.models import (
    CatalogueVersion,
    CoordinatorTerm,
    Dimension,
    Event,
    Measure,
    Notification,
    NotificationForm,
    Paper,
    ParticipationDeclaration,
    PriorityArea,
    Recipient,
)
from cica.core import clock
from cica.core.db import get_or_not_found
from cica.core.errors import Conflict, InvalidInput, PermissionDenied
from cica.documents.operations import find as find_document
from cica.registry.models import Participant
from cica.registry.queries import seat_today


def _audited(session: Session, actor: Actor, action: str, objects: list[str], summary: str) -> None:
    session.flush()
    record(session, actor=actor, action=action, objects=objects, summary=summary)


def load_catalogue(
    session: Session,
    catalogue: Sequence[Mapping[str, Any]],
    forms: Sequence[Mapping[str, Any]],
    *,
    actor: Actor,
) -> int:
    """Adds the charter's catalogue versions this database lacks, with their dimensions, areas,
    measures and coordinator terms, then the notification forms; returns how many versions."""
    authorize(session, actor, "cbm.load", objects=["cbm:catalogue"])
    known = set(session.scalars(select(CatalogueVersion.id)))
    added = 0
    for version in catalogue:
        if str(version["id"]) in known:
            continue
        row = CatalogueVersion(
            id=str(version["id"]),
            title=dict(version["title"]),
            adopted=str(version["adopted"]),
            sources=list(version.get("source", [])),
            note=version.get("note"),
        )
        for d, dimension in enumerate(version.get("dimensions", []), start=1):
            dim = Dimension(key=dimension["id"], position=d, name=dict(dimension["name"]))
            for a, area in enumerate(dimension.get("priority_areas", []), start=1):
                area_row = PriorityArea(
                    key=area["id"],
                    position=a,
                    name=dict(area["name"]),
                    added=None if area.get("added") is None else str(area["added"]),
                    certainty=area.get("certainty", "confirmed"),
                    sources=list(area.get("source", [])),
                    note=area.get("note"),
                )
                for m, measure in enumerate(area.get("measures", []), start=1):
                    area_row.measures.append(
                        Measure(
                            number=measure["number"],
                            position=m,
                            text=dict(measure["text"]),
                            items=[dict(i) for i in measure.get("items", [])],
                            sources=list(measure.get("source", [])),
                        )
                    )
                for term in area.get("coordinators", []):
                    area_row.terms.append(
                        CoordinatorTerm(
                            participant_code=term["participant"],
                            role=rules.Role(term["role"]),
                            starts=None if term.get("from") is None else str(term["from"]),
                            ends=None if term.get("to") is None else str(term["to"]),
                            certainty=term.get("certainty", "confirmed"),
                            sources=list(term.get("source", [])),
                            note=term.get("note"),
                        )
                    )
                dim.areas.append(area_row)
            row.dimensions.append(dim)
        session.add(row)
        added += 1
    session.flush()
    have = set(session.scalars(select(NotificationForm.key)))
    for form in forms:
        if form["key"] in have:
            continue
        measure_id = session.scalar(
            select(Measure.id)
            .join(PriorityArea)
            .join(Dimension)
            .where(Dimension.version_id == str(form["catalogue"]), Measure.number == form["measure"])
        )
        if measure_id is None:
            continue
        session.add(
            NotificationForm(
                key=form["key"],
                measure_id=measure_id,
                item=form.get("item"),
                name=dict(form["name"]),
                fields=[dict(f) for f in form["fields"]],
                thresholds=dict(form.get("thresholds", {})),
                lead_time_days=int(form["lead_time_days"]),
                reply_deadline_days=int(form["reply_deadline_days"]),
                example=bool(form.get("example", True)),
                sources=list(form.get("sources", [])),
            )
        )
    if added:
        _audited(
            session, actor, AuditAction.CBM_LOAD, ["cbm:catalogue"], f"{added} catalogue versions loaded"
        )
    session.flush()
    return added


def form_of(row: NotificationForm) -> rules.Form:
    return rules.Form(
        key=row.key,
        measure=str(row.measure_id),
        fields=tuple(
            rules.FormField(
                key=f["key"],
                label=str(f["label"].get("en", "")),
                type=rules.FieldType(f["type"]),
                required=f.get("required", True),
                unit=f.get("unit"),
                minimum=f.get("minimum"),
                maximum=f.get("maximum"),
                confidential=f.get("confidential", False),
                example=f.get("example", False),
            )
            for f in row.fields
        ),
        lead_time_days=row.lead_time_days,
        reply_deadline_days=row.reply_deadline_days,
        thresholds=row.thresholds,
    )


def declare(
    session: Session, measure_id: int, delegation: str, *, since: date | None = None, actor: Actor
) -> ParticipationDeclaration:
    """The delegation takes part in the measure from `since` (today at the seat)."""
    authorization = authorize(
        session, actor, "cbm.declare", delegation=delegation, objects=[f"measure:{measure_id}"]
    )
    get_or_not_found(session, Measure, measure_id, "measure")
    day = since or seat_today(session)
    with authorization.refusals():
        if delegation in queries.participants(session, measure_id, day):
            raise Conflict(f"{delegation} already takes part in measure {measure_id}")
    row = ParticipationDeclaration(
        measure_id=measure_id, participant_code=delegation, since=day, declared_at=clock.now(session)
    )
    session.add(row)
    _audited(
        session, actor, AuditAction.CBM_DECLARE, [f"measure:{measure_id}", f"participant:{delegation}"],
        f"{delegation} takes part in measure {measure_id} from {day.isoformat()}",
    )  # fmt: skip
    return row


def withdraw(
    session: Session, measure_id: int, delegation: str, *, on: date | None = None, actor: Actor
) -> ParticipationDeclaration:
    """The delegation no longer takes part in the measure from `on` (today at the seat): its
    declaration in force ends that day (exclusive), and is kept."""
    authorization = authorize(
        session, actor, "cbm.declare", delegation=delegation, objects=[f"measure:{measure_id}"]
    )
    get_or_not_found(session, Measure, measure_id, "measure")
    day = on or seat_today(session)
    in_force = session.scalar(
        select(ParticipationDeclaration).where(
            ParticipationDeclaration.measure_id == measure_id,
            ParticipationDeclaration.participant_code == delegation,
            ParticipationDeclaration.until.is_(None),
        )
    )
    with authorization.refusals():
        if in_force is None:
            raise Conflict(f"{delegation} does not take part in measure {measure_id}: nothing to withdraw")
        if day <= in_force.since:
            raise InvalidInput(
                f"on: {delegation} takes part from {in_force.since.isoformat()}: it withdraws after that day",
                field="on",
            )
    in_force.until = day
    _audited(
        session, actor, AuditAction.CBM_WITHDRAW, [f"measure:{measure_id}", f"participant:{delegation}"],
        f"{delegation} no longer takes part in measure {measure_id} from {day.isoformat()}",
    )  # fmt: skip
    return in_force


def notify(
    session: Session,
    form_key: str,
    delegation: str,
    values: Mapping[str, Any],
    *,
    units: Mapping[str, str] | None = None,
    actor: Actor,
) -> Notification:
    """Submits a notification on a form to the states taking part in its measure. A notification
    after the lead time is accepted and marked late (`rules.is_late`)."""
    authorization = authorize(
        session, actor, "cbm.notify", delegation=delegation, objects=[f"form:{form_key}"]
    )
    row = get_or_not_found(session, NotificationForm, form_key, "notification form")
    form = form_of(row)
    checked = rules.check_values(form, values, units)
    today = seat_today(session)
    # A form about an activity dates it (`starts_on`); one without (a budget) is about the day it is sent.
    starts = date.fromisoformat(str(checked["starts_on"])) if "starts_on" in checked else today
    if "ends_on" in checked and date.fromisoformat(str(checked["ends_on"])) < starts:
        raise InvalidInput("ends_on: the activity ends before it starts", field="ends_on")
    taking_part = queries.participants(session, row.measure_id, today)
    with authorization.refusals():
        if delegation not in taking_part:
            raise PermissionDenied(f"{delegation} does not take part in the measure of the form {form_key}")
    notification = Notification(
        form_key=form_key,
        sender_code=delegation,
        values=checked,
        activity_starts=starts,
        notified_on=today,
        days_ahead=rules.days_ahead(today, starts),
        late=rules.is_late(form, today, starts),
        obligatory=rules.obligatory(form, checked),
        reply_by=rules.reply_deadline(form.reply_deadline_days, today),
        submitted_at=clock.now(session),
    )
    for code in rules.recipients(taking_part, delegation):
        notification.recipients.append(Recipient(participant_code=code))
    session.add(notification)
    session.flush()
    _audited(
        session, actor, AuditAction.CBM_NOTIFY, [f"cbm_notification:{notification.id}", f"participant:{delegation}"],
        f"{delegation} notified {form_key} {notification.days_ahead} days ahead"
        + (f" (late: the form asks {form.lead_time_days})" if notification.late else ""),
    )  # fmt: skip
    return notification


def acknowledgements(notification: Notification) -> dict[str, bool]:
    """Each recipient of the notification, and whether it has acknowledged."""
    return {r.participant_code: r.acknowledged_at is not None for r in notification.recipients}


def acknowledge(session: Session, notification_id: int, delegation: str, *, actor: Actor) -> Recipient:
    """The delegation acknowledges a notification sent to it; only recipients may."""
    authorization = authorize(
        session,
        actor,
        "cbm.acknowledge",
        delegation=delegation,
        objects=[f"cbm_notification:{notification_id}"],
    )
    notification = get_or_not_found(session, Notification, notification_id, "notification")
    by_code = {r.participant_code: r for r in notification.recipients}
    if not rules.awaits_acknowledgement(acknowledgements(notification), delegation):
        with authorization.refusals():
            if delegation not in by_code:
                raise PermissionDenied(
                    f"{delegation} does not take part in the measure of notification {notification_id}: "
                    "only the states taking part acknowledge it"
                )
        raise Conflict(f"{delegation} has acknowledged notification {notification_id} already")
    by_code[delegation].acknowledged_at = clock.now(session)
    _audited(
        session, actor, AuditAction.CBM_ACKNOWLEDGE, [f"cbm_notification:{notification_id}", f"participant:{delegation}"],
        f"{delegation} acknowledged notification {notification_id}",
    )  # fmt: skip
    return by_code[delegation]


def _known_participants(session: Session, codes: Sequence[str]) -> None:
    known = set(session.scalars(select(Participant.code).where(Participant.code.in_(codes))))
    unknown = sorted(set(codes) - known)
    if unknown:
        raise InvalidInput(f"participants: no participant {unknown[0]!r}", field="participants")


def add_event(
    session: Session,
    area_id: int,
    *,
    kind: rules.EventKind,
    title: str,
    host: str,
    starts: date,
    ends: date,
    plan_year: int | None,
    measures: Sequence[str] = (),
    organisers: Sequence[str] = (),
    venue: str | None = None,
    participants: Sequence[str] = (),
    actor: Actor,
) -> Event:
    """Adds a planned event of a priority area: of the plan for `plan_year`, or outside the plan
    (None). Its dates follow `rules.check_event_dates`; its measures must be the area's."""
    authorization = authorize(session, actor, "cbm.plan", objects=[f"cbm_priority_area:{area_id}"])
    area = get_or_not_found(session, PriorityArea, area_id, "priority area")
    with authorization.refusals():
        rules.check_event_dates(starts, ends, plan_year)
        numbers = {m.number for m in area.measures}
        strangers = [number for number in measures if number not in numbers]
        if strangers:
            raise InvalidInput(
                f"measures: {strangers[0]} is not a measure of the area {area.key}", field="measures"
            )
        _known_participants(session, [host, *participants])
    event = Event(
        area_id=area_id,
        kind=kind,
        title=title,
        measures=list(measures),
        host_code=host,
        organisers=list(organisers),
        starts=starts,
        ends=ends,
        venue=venue,
        plan_year=plan_year,
        # The host takes part by hosting; listed once, not among the participants.
        participants=sorted(set(participants) - {host}),
        status=rules.EventStatus.PLANNED,
    )
    session.add(event)
    session.flush()
    plan = f"the plan for {plan_year}" if plan_year is not None else "outside the plan"
    _audited(
        session, actor, AuditAction.CBM_EVENT_ADD, [f"cbm_event:{event.id}", f"participant:{host}"],
        f"{kind.value} {title!r} hosted by {host} from {starts.isoformat()} ({plan})",
    )  # fmt: skip
    return event


def set_event_status(
    session: Session,
    event_id: int,
    status: rules.EventStatus,
    *,
    outcome: str | None = None,
    actor: Actor,
) -> Event:
    """Records that a planned event was held (with its outcome) or cancelled."""
    authorization = authorize(session, actor, "cbm.plan", objects=[f"cbm_event:{event_id}"])
    event = get_or_not_found(session, Event, event_id, "event")
    with authorization.refusals():
        rules.check_event_transition(event.status, status)
        if status is rules.EventStatus.HELD:
            rules.check_held(event.starts, seat_today(session))
    previous = event.status
    event.status = status
    if outcome is not None:
        event.outcome = outcome
    _audited(
        session, actor, AuditAction.CBM_EVENT_STATUS, [f"cbm_event:{event_id}"],
        f"event {event_id}: {previous.value} → {status.value}",
    )  # fmt: skip
    return event


def appoint(
    session: Session,
    area_id: int,
    participant: str,
    role: rules.Role,
    *,
    starts: str,
    ends: str | None = None,
    decision: str | None = None,
    actor: Actor,
) -> CoordinatorTerm:
    """Records a state's term as coordinator or co-coordinator of a priority area, from `starts`
    to `ends` (ISO 8601, possibly partial; exclusive; None: until further notice), appointed by the
    SOC's `decision`. Terms are renewable, one at a time (`rules.check_new_term`)."""
    authorization = authorize(session, actor, "cbm.plan", objects=[f"cbm_priority_area:{area_id}"])
    area = get_or_not_found(session, PriorityArea, area_id, "priority area")
    with authorization.refusals():
        _known_participants(session, [participant])
        held = [
            (t.starts, t.ends) for t in area.terms if t.participant_code == participant and t.role == role
        ]
        rules.check_new_term(held, (starts, ends), who=participant, role=role.value, area=area.key)
    term = CoordinatorTerm(
        participant_code=participant, role=role, starts=starts, ends=ends, decision=decision, sources=[]
    )
    area.terms.append(term)
    session.flush()
    _audited(
        session, actor, AuditAction.CBM_APPOINT, [f"cbm_priority_area:{area_id}", f"participant:{participant}"],
        f"{participant} {role.value} of {area.key} from {starts}" + (f" to {ends}" if ends else ""),
    )  # fmt: skip
    return term


def link_paper(
    session: Session,
    ref: str,
    kind: rules.PaperKind,
    *,
    area_id: int | None = None,
    dimension_id: int | None = None,
    year: int | None = None,
    actor: Actor,
) -> Paper:
    """Links a document (by symbol or id) to the CBM process as a paper of `kind`: an area's
    concept paper, action plan or coordinator's report, the year's Plan of Implementation or
    implementation report, or the SOC's review of a dimension (`rules.check_paper`). The document
    stays Documents' own: its versions, and its adoption where Deliberation adopted it."""
    authorization = authorize(session, actor, "cbm.plan", objects=[f"document:{ref}"])
    document = find_document(session, ref)
    area = get_or_not_found(session, PriorityArea, area_id, "priority area") if area_id is not None else None
    if dimension_id is not None:
        get_or_not_found(session, Dimension, dimension_id, "dimension")
    with authorization.refusals():
        rules.check_paper(kind, has_area=area is not None, has_dimension=dimension_id is not None, year=year)
        existing = session.scalar(
            select(Paper.id).where(Paper.document_id == document.id, Paper.kind == kind)
        )
        if existing is not None:
            raise Conflict(f"{document.symbol} is linked as a {kind.value.replace('_', ' ')} already")
    paper = Paper(
        document_id=document.id,
        kind=kind,
        area_id=area.id if area else None,
        dimension_id=dimension_id if dimension_id is not None else (area.dimension_id if area else None),
        year=year,
        linked_at=clock.now(session),
    )
    session.add(paper)
    session.flush()
    where = f" of {area.key}" if area else ""
    _audited(
        session, actor, AuditAction.CBM_PAPER, [f"cbm_paper:{paper.id}", f"document:{document.symbol}"],
        f"{document.symbol} linked as the {kind.value.replace('_', ' ')}{where}" + (f" ({year})" if year else ""),
    )  # fmt: skip
    return paper
