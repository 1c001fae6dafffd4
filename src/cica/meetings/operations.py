"""Writes of meetings: schedule, update, cancel, and the historical record's loading.

Each verb checks the permission table (`authorize`), applies the pure rules inside the
authorization's refusals, writes, and records its audit entry in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import authorize
from cica.audit.operations import record
from cica.core import clock
from cica.core.errors import InvalidInput, NotFound
from cica.meetings import rules
from cica.meetings.models import Meeting, MeetingDocument, MeetingStatusChange
from cica.meetings.record import RecordedMeeting
from cica.meetings.rules import MeetingStatus, MeetingType, Precision, Slot
from cica.registry import snapshot
from cica.registry.snapshot import RegistrySnapshot


@dataclass(frozen=True)
class Schedule:
    """What a meeting's time and place are; the edges build it from their input."""

    organ: str
    kind: MeetingType
    starts_at: datetime
    ends_at: datetime
    time_zone: str | None
    online: bool = False
    city: Mapping[str, str] | None = None
    host: str | None = None
    chair: str | None = None
    ordinal: int | None = None
    all_day: bool = False
    precision: Precision = Precision.DAY
    note: str | None = None


def _seat_zone(registry: RegistrySnapshot) -> str:
    return str(registry.document["organisation"]["time_zone"])


def _founded(registry: RegistrySnapshot) -> date | None:
    days = [status.since for status in registry.statuses if status.since is not None]
    return min(days) if days else None


def check(session: Session, plan: Schedule, *, meeting_id: int | None, status: MeetingStatus) -> None:
    """Every rule a meeting's schedule must pass (raises the first refusal, naming its rule)."""
    registry = snapshot.current(session)
    rules.check_span(plan.starts_at, plan.ends_at)
    rules.check_venue((plan.city or {}).get("en"), plan.time_zone, plan.online)
    organ = next((organ for organ in registry.organs if organ.id == plan.organ), None)
    if organ is None:
        raise NotFound(f"organ: no organ {plan.organ!r} in the charter")
    day = rules.first_day(plan.starts_at, rules.venue_zone(plan.time_zone, _seat_zone(registry)))
    founded, dissolved = rules.organ_period(_founded(registry), (name.until for name in organ.names))
    rules.check_organ_exists(plan.organ, day, founded, dissolved)
    for code, check_rule in ((plan.host, rules.check_host), (plan.chair, rules.check_chair)):
        if code is not None and code not in registry.participants:
            raise NotFound(
                f"{'host' if check_rule is rules.check_host else 'chair'}: no participant {code!r}"
            )
        check_rule(code, day, code is not None and registry.category_on(code, day) is not None)
    others = session.execute(
        select(Meeting.id, Meeting.organ_id, Meeting.starts_at, Meeting.ends_at, Meeting.status).where(
            Meeting.organ_id == plan.organ,
            Meeting.starts_at < plan.ends_at,
            Meeting.ends_at > plan.starts_at,
        )
    ).all()
    rules.check_no_overlap(
        Slot(meeting_id, plan.organ, plan.starts_at, plan.ends_at, status),
        (Slot(row.id, row.organ_id, row.starts_at, row.ends_at, row.status) for row in others),
    )


def schedule(
    session: Session,
    plan: Schedule,
    *,
    status: MeetingStatus = MeetingStatus.PLANNED,
    uid: str | None = None,
    certainty: str = "confirmed",
    sources: Iterable[str] = (),
    actor: Actor,
) -> Meeting:
    """The Secretariat schedules a meeting of an organ."""
    authorization = authorize(session, actor, "meeting.schedule", objects=[f"organ:{plan.organ}"])
    with authorization.refusals():
        check(session, plan, meeting_id=None, status=status)
    now = clock.now(session)
    meeting = Meeting(
        uid=uid or f"{uuid.uuid4()}@cica",
        organ_id=plan.organ,
        kind=plan.kind,
        ordinal=plan.ordinal,
        starts_at=plan.starts_at.astimezone(UTC),
        ends_at=plan.ends_at.astimezone(UTC),
        precision=plan.precision,
        all_day=plan.all_day,
        online=plan.online,
        time_zone=plan.time_zone,
        city=dict(plan.city) if plan.city else None,
        host_code=plan.host,
        chair_code=plan.chair,
        status=status,
        sequence=0,
        certainty=certainty,
        note=plan.note,
        sources=list(sources),
        created_at=now,
        updated_at=now,
    )
    meeting.history.append(
        MeetingStatusChange(previous_status=None, status=status, at=now, actor=actor.label)
    )
    session.add(meeting)
    session.flush()
    record(
        session,
        actor=actor,
        action="meeting.schedule",
        objects=[f"meeting:{meeting.id}"],
        summary=f"scheduled a {plan.kind} meeting of {plan.organ} from {plan.starts_at.isoformat()}",
    )
    return meeting


def _get(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"no meeting {meeting_id}")
    return meeting


def plan_of(meeting: Meeting) -> Schedule:
    return Schedule(
        organ=meeting.organ_id,
        kind=meeting.kind,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        time_zone=meeting.time_zone,
        online=meeting.online,
        city=meeting.city,
        host=meeting.host_code,
        chair=meeting.chair_code,
        ordinal=meeting.ordinal,
        all_day=meeting.all_day,
        precision=meeting.precision,
        note=meeting.note,
    )


def plan_of_id(session: Session, meeting_id: int) -> Schedule:
    return plan_of(_get(session, meeting_id))


def update(
    session: Session,
    meeting_id: int,
    plan: Schedule,
    *,
    status: MeetingStatus | None = None,
    reason: str | None = None,
    actor: Actor,
) -> Meeting:
    """Reschedules, moves, or changes the status of a meeting; each change bumps its SEQUENCE."""
    authorization = authorize(session, actor, "meeting.schedule", objects=[f"meeting:{meeting_id}"])
    meeting = _get(session, meeting_id)
    if plan.organ != meeting.organ_id:
        raise InvalidInput("organ: a meeting stays with its organ; cancel it and schedule another")
    new_status = status or meeting.status
    with authorization.refusals():
        rules.check_transition(meeting.status, new_status)
        check(session, plan, meeting_id=meeting.id, status=new_status)
    before = plan_of(meeting)
    changed = before != plan or new_status is not meeting.status
    if not changed:
        return meeting
    now = clock.now(session)
    if new_status is not meeting.status:
        meeting.history.append(
            MeetingStatusChange(
                previous_status=meeting.status, status=new_status, at=now, actor=actor.label, reason=reason
            )
        )
    meeting.kind = plan.kind
    meeting.ordinal = plan.ordinal
    meeting.starts_at, meeting.ends_at = plan.starts_at.astimezone(UTC), plan.ends_at.astimezone(UTC)
    meeting.time_zone, meeting.online = plan.time_zone, plan.online
    meeting.city = dict(plan.city) if plan.city else None
    meeting.host_code, meeting.chair_code = plan.host, plan.chair
    meeting.all_day, meeting.precision, meeting.note = plan.all_day, plan.precision, plan.note
    meeting.status = new_status
    meeting.sequence = rules.changed_sequence(meeting.sequence, changed)
    meeting.updated_at = now
    session.flush()
    record(
        session,
        actor=actor,
        action="meeting.schedule",
        objects=[f"meeting:{meeting.id}"],
        summary=f"updated meeting {meeting.id} ({meeting.status}, sequence {meeting.sequence})",
    )
    return meeting


def cancel(session: Session, meeting_id: int, *, reason: str | None = None, actor: Actor) -> Meeting:
    """Cancels a meeting: it stays in the calendar, marked cancelled."""
    meeting = _get(session, meeting_id)
    return update(
        session, meeting_id, plan_of(meeting), status=MeetingStatus.CANCELLED, reason=reason, actor=actor
    )


def load_record(session: Session, meetings: Iterable[RecordedMeeting], *, actor: Actor) -> int:
    """Adds the historical meetings this database does not hold yet (by UID); returns how many."""
    authorize(session, actor, "meeting.schedule", objects=["meeting:record"])
    wanted = list(meetings)
    known = set(session.scalars(select(Meeting.uid).where(Meeting.uid.in_([m.uid for m in wanted]))))
    added = 0
    for item in wanted:
        if item.uid in known:
            continue
        meeting = schedule(
            session,
            Schedule(
                organ=item.organ,
                kind=item.kind,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                time_zone=item.time_zone,
                online=item.online,
                city=item.city,
                host=item.host,
                chair=item.chair,
                ordinal=item.ordinal,
                all_day=True,
                precision=item.precision,
                note=item.note,
            ),
            status=item.status,
            uid=item.uid,
            certainty=item.certainty,
            sources=item.sources,
            actor=actor,
        )
        for position, document in enumerate(item.documents, start=1):
            meeting.documents.append(
                MeetingDocument(
                    position=position,
                    title={"en": document.title},
                    adopted_on=document.adopted,
                    certainty=document.certainty,
                    note=document.note,
                    sources=list(document.sources),
                )
            )
        added += 1
    session.flush()
    return added
