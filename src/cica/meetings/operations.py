"""Writes of meetings: schedule, update, cancel, and the historical record's loading.

Each verb checks the permission table (`authorize`), applies the pure rules inside the
authorization's refusals, writes, and records its audit entry in the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access import rules as access_rules
from cica.access.actors import Actor
from cica.access.guard import allowed, authorize
from cica.audit.operations import record
from cica.core import clock
from cica.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from cica.meetings import rules
from cica.meetings.drafts import drafts
from cica.meetings.models import (
    AgendaItem,
    AgendaItemDraft,
    FeedToken,
    Meeting,
    MeetingDocument,
    MeetingStatusChange,
    Participation,
    Speaker,
)
from cica.meetings.record import RecordedMeeting
from cica.meetings.rules import (
    AgendaState,
    FloorKind,
    MeetingStatus,
    MeetingType,
    Precision,
    Slot,
    SpeakerState,
)
from cica.registry import snapshot
from cica.registry.snapshot import RegistrySnapshot

_Row = TypeVar("_Row")


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
    session.flush()  # the meeting's id, which its audit entry names
    summary = f"scheduled a {plan.kind} meeting of {plan.organ} from {plan.starts_at.isoformat()}"
    _audited(session, actor, "meeting.schedule", [f"meeting:{meeting.id}"], summary)
    return meeting


def _get(session: Session, meeting_id: int) -> Meeting:
    return _found(session.get(Meeting, meeting_id), f"no meeting {meeting_id}")


def _found(row: _Row | None, missing: str) -> _Row:
    if row is None:
        raise NotFound(missing)
    return row


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


def plan_of_record(item: RecordedMeeting) -> Schedule:
    """A recorded meeting's time and place: the record names them as `Schedule` does, and dates
    every meeting by the day (all day)."""
    named = {field.name: getattr(item, field.name) for field in fields(Schedule) if field.name != "all_day"}
    return Schedule(**named, all_day=True)


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
    summary = f"updated meeting {meeting.id} ({meeting.status}, sequence {meeting.sequence})"
    _audited(session, actor, "meeting.schedule", [f"meeting:{meeting.id}"], summary)
    return meeting


def status_choices(session: Session, actor: Actor | None, meeting_id: int) -> list[MeetingStatus]:
    """The statuses `actor` may give this meeting now: the table and the status rule, as `update`
    checks them (for the meeting page's buttons)."""
    if actor is None or not allowed(session, actor, "meeting.schedule"):
        return []
    current = _get(session, meeting_id).status
    return [status for status in MeetingStatus if status in rules.NEXT_STATUS[current]]


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
            plan_of_record(item),
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


# --- Participation, the agenda and the speakers' lists ----------------------------------------


def _audited(session: Session, actor: Actor, action: str, objects: list[str], summary: str) -> None:
    """Writes what the act changed and its audit entry, in the same transaction."""
    session.flush()
    record(session, actor=actor, action=action, objects=objects, summary=summary)


def _place(rows: Mapping[int, AgendaItem] | Mapping[int, Speaker], order: Sequence[int]) -> list[int]:
    """Gives `rows` the positions of `order` (each of them exactly once); returns the order."""
    wanted = rules.reordered(list(rows), order)
    for position, row_id in enumerate(wanted, start=1):
        rows[row_id].position = position
    return wanted


def meeting_day(registry: RegistrySnapshot, meeting: Meeting) -> date:
    """The meeting's first day at its venue: the day the registry is asked about."""
    return rules.first_day(meeting.starts_at, rules.venue_zone(meeting.time_zone, _seat_zone(registry)))


def presiding(registry: RegistrySnapshot, meeting: Meeting) -> str | None:
    """Who presides: the chair the meeting names, else the charter's chairmanship on its first day."""
    return meeting.chair_code or registry.chair_code_on(meeting_day(registry, meeting))


def register(
    session: Session,
    meeting_id: int,
    delegation: str,
    *,
    head: str | None = None,
    members: Sequence[str] = (),
    actor: Actor,
) -> Participation:
    """Registers (or updates) a delegation's participation: its own, or any by the Secretariat."""
    meeting = _get(session, meeting_id)
    code = delegation.upper()
    registry = snapshot.current(session)
    day = meeting_day(registry, meeting)
    authorization = authorize(
        session,
        actor,
        "meeting.attend",
        delegation=code,
        objects=[f"meeting:{meeting_id}", f"participant:{code}"],
    )
    if code not in registry.participants:
        raise NotFound(f"delegation: no participant {code!r}")
    category = registry.category_on(code, day)
    with authorization.refusals():
        rules.check_not_cancelled(meeting.status)
        rules.check_attendee(
            code, day, category.id if category else None, bool(category and category.may_attend)
        )
    assert category is not None  # check_attendee refused otherwise
    now = clock.now(session)
    row = session.get(Participation, (meeting_id, code))
    if row is None:
        row = Participation(meeting_id=meeting_id, participant_code=code, registered_at=now)
        session.add(row)
    row.category_id, row.grouping = category.id, rules.group_of(category.kind)
    row.head, row.members = head, list(members)
    row.registered_at, row.registered_by = now, actor.label
    _audited(
        session,
        actor,
        "meeting.attend",
        [f"meeting:{meeting_id}", f"participant:{code}"],
        f"registered {code} for meeting {meeting_id} as {category.id}",
    )
    return row


def _items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
        )
    )


def add_item(session: Session, meeting_id: int, title: str, *, actor: Actor) -> AgendaItem:
    """Adds an item at the end of a meeting's agenda (before its adoption only)."""
    meeting = _get(session, meeting_id)
    authorization = authorize(session, actor, "meeting.agenda", objects=[f"meeting:{meeting_id}"])
    with authorization.refusals():
        rules.check_not_cancelled(meeting.status)
        rules.check_agenda_open(meeting.agenda_state)
        if not title.strip():
            raise InvalidInput("title: an agenda item needs a title")
    items = _items(session, meeting_id)
    item = AgendaItem(
        meeting_id=meeting_id,
        position=len(items) + 1,
        title=title.strip(),
        speakers_closed=False,
        created_at=clock.now(session),
    )
    session.add(item)
    _audited(
        session,
        actor,
        "meeting.agenda",
        [f"meeting:{meeting_id}", f"agenda_item:{item.id}"],
        f"added item {item.position} to the agenda of meeting {meeting_id}",
    )
    return item


def reorder_items(
    session: Session, meeting_id: int, order: Sequence[int], *, actor: Actor
) -> list[AgendaItem]:
    """Puts a meeting's agenda items in the order given (every item once; before adoption only)."""
    meeting = _get(session, meeting_id)
    authorization = authorize(session, actor, "meeting.agenda", objects=[f"meeting:{meeting_id}"])
    items = {item.id: item for item in _items(session, meeting_id)}
    with authorization.refusals():
        rules.check_agenda_open(meeting.agenda_state)
        wanted = _place(items, order)
    _audited(
        session,
        actor,
        "meeting.agenda",
        [f"meeting:{meeting_id}"],
        f"reordered the agenda of meeting {meeting_id}: {', '.join(map(str, wanted))}",
    )
    return [items[item_id] for item_id in wanted]


def advance_agenda(session: Session, meeting_id: int, to: AgendaState, *, actor: Actor) -> Meeting:
    """Circulates the provisional agenda, or records its adoption (the steps in order only)."""
    meeting = _get(session, meeting_id)
    authorization = authorize(session, actor, "meeting.agenda", objects=[f"meeting:{meeting_id}"])
    with authorization.refusals():
        rules.check_not_cancelled(meeting.status)
        rules.check_agenda_step(meeting.agenda_state, to, len(_items(session, meeting_id)))
    now = clock.now(session)
    meeting.agenda_state = to
    if to is AgendaState.CIRCULATED:
        meeting.agenda_circulated_at = now
    else:
        meeting.agenda_adopted_at = now
    meeting.updated_at = now
    _audited(
        session,
        actor,
        "meeting.agenda",
        [f"meeting:{meeting_id}"],
        f"the agenda of meeting {meeting_id} is {to}",
    )
    return meeting


def link_draft(session: Session, item_id: int, draft_id: int, *, actor: Actor) -> AgendaItemDraft:
    """Puts a draft under consideration under an agenda item: a draft of the meeting's organ,
    not closed, once."""
    item = agenda_item(session, item_id)
    meeting = _get(session, item.meeting_id)
    authorization = authorize(session, actor, "meeting.agenda", objects=[f"agenda_item:{item_id}"])
    draft = drafts().visible(session, actor, [draft_id], "en").get(draft_id)
    if draft is None:
        raise NotFound(f"draft_id: no draft {draft_id}")
    with authorization.refusals():
        rules.check_not_cancelled(meeting.status)
        rules.check_draft_for_item(
            draft.organ_id,
            meeting.organ_id,
            closed=draft.closed,
            linked=session.get(AgendaItemDraft, (item_id, draft_id)) is not None,
        )
    link = AgendaItemDraft(
        agenda_item_id=item_id, draft_id=draft_id, linked_at=clock.now(session), linked_by=actor.label
    )
    session.add(link)
    _audited(
        session,
        actor,
        "meeting.agenda",
        [f"agenda_item:{item_id}", f"draft:{draft_id}"],
        f"linked draft {draft_id} to agenda item {item_id} of meeting {meeting.id}",
    )
    return link


def unlink_draft(session: Session, item_id: int, draft_id: int, *, actor: Actor) -> AgendaItem:
    """Takes a draft off an agenda item (what was decided under the item stays recorded)."""
    item = agenda_item(session, item_id)
    authorization = authorize(session, actor, "meeting.agenda", objects=[f"agenda_item:{item_id}"])
    link = session.get(AgendaItemDraft, (item_id, draft_id))
    with authorization.refusals():
        if link is None:
            raise Conflict(
                f"draft_id: rule 'only a linked draft is unlinked': draft {draft_id} is not linked"
            )
    session.delete(link)
    _audited(
        session,
        actor,
        "meeting.agenda",
        [f"agenda_item:{item_id}", f"draft:{draft_id}"],
        f"unlinked draft {draft_id} from agenda item {item_id} of meeting {item.meeting_id}",
    )
    return item


def agenda_item(session: Session, item_id: int) -> AgendaItem:
    return _found(session.get(AgendaItem, item_id), f"item: no agenda item {item_id}")


def _waiting(session: Session, item_id: int) -> list[Speaker]:
    return list(
        session.scalars(
            select(Speaker)
            .where(Speaker.agenda_item_id == item_id, Speaker.state == SpeakerState.WAITING)
            .order_by(Speaker.position, Speaker.id)
        )
    )


def _bump(meeting: Meeting) -> None:
    meeting.live_version += 1


def ask_floor(
    session: Session, item_id: int, delegation: str, *, kind: FloorKind = FloorKind.FLOOR, actor: Actor
) -> Speaker:
    """A delegation asks for the floor (or a right of reply) on an agenda item, for itself only.
    Its place follows the charter's rule: members before observers, replies after both."""
    item = agenda_item(session, item_id)
    meeting = _get(session, item.meeting_id)
    registry = snapshot.current(session)
    day = meeting_day(registry, meeting)
    code = delegation.upper()
    authorization = authorize(
        session, actor, "meeting.floor", delegation=code, day=day, objects=[f"agenda_item:{item_id}"]
    )
    waiting = _waiting(session, item_id)
    with authorization.refusals():
        if session.get(Participation, (meeting.id, code)) is None:
            raise Conflict(
                f"delegation: rule 'only a registered participant asks for the floor': {code} is not registered"
            )
        rules.check_may_ask(item.speakers_closed, any(s.participant_code == code for s in waiting), code)
    category = registry.category_on(code, day)
    rank = rules.speaking_rank(kind, category is not None and category.kind == "member")
    index = rules.insertion_index([s.rank for s in waiting], rank)
    waiting.insert(index, speaker := Speaker(
        agenda_item_id=item_id, participant_code=code, kind=kind, rank=rank, position=0,
        state=SpeakerState.WAITING, requested_at=clock.now(session), requested_by=actor.label,
    ))  # fmt: skip
    session.add(speaker)
    for position, entry in enumerate(waiting, start=1):
        entry.position = position
    _bump(meeting)
    _audited(
        session,
        actor,
        "meeting.floor",
        [f"agenda_item:{item_id}", f"participant:{code}"],
        f"{code} asked for the {kind} on agenda item {item_id}",
    )
    return speaker


@dataclass(frozen=True)
class Sitting:
    """Where an in-session decision is taken: a meeting, one of its agenda items, who attends."""

    meeting_id: int
    item_id: int
    attending: tuple[str, ...]


def sitting(session: Session, item_id: int, organ: str, day: date | None) -> tuple[Sitting, date]:
    """The agenda item a text of `organ` is taken under on `day` (default: the meeting's first
    day), refused unless it is an item of that organ's meeting on one of its days."""
    item = agenda_item(session, item_id)
    meeting = _get(session, item.meeting_id)
    registry = snapshot.current(session)
    zone = rules.venue_zone(meeting.time_zone, _seat_zone(registry))
    first, last = rules.first_day(meeting.starts_at, zone), rules.last_day(meeting.ends_at, zone)
    chosen = day or first
    rules.check_not_cancelled(meeting.status)
    rules.check_sitting(organ, chosen, meeting.organ_id, first, last)
    attending = session.scalars(
        select(Participation.participant_code)
        .where(Participation.meeting_id == meeting.id)
        .order_by(Participation.participant_code)
    )
    return Sitting(meeting.id, item.id, tuple(attending)), chosen


def _check_presides(registry: RegistrySnapshot, meeting: Meeting, actor: Actor) -> None:
    if actor.delegation is not None:  # the Secretariat runs any list; a delegation only presiding
        rules.check_presiding(actor.delegation, presiding(registry, meeting))


def may_preside(session: Session, actor: Actor | None, meeting_id: int) -> bool:
    """Whether `actor` may run this meeting's speakers' lists now: the table and the presiding
    rule, as the acts check them (for the page's buttons)."""
    if actor is None or not allowed(session, actor, "meeting.preside"):
        return False
    try:
        _check_presides(snapshot.current(session), _get(session, meeting_id), actor)
    except PermissionDenied:
        return False
    return True


def _presiding_act(session: Session, item_id: int, actor: Actor) -> AgendaItem:
    """The check every act of the presiding chair on a speakers' list makes first."""
    item = agenda_item(session, item_id)
    meeting = _get(session, item.meeting_id)
    registry = snapshot.current(session)
    authorization = authorize(session, actor, "meeting.preside", objects=[f"agenda_item:{item_id}"])
    with authorization.refusals():
        _check_presides(registry, meeting, actor)
    _bump(meeting)
    return item


def _end_current(session: Session, item_id: int, now: datetime) -> None:
    for current in session.scalars(
        select(Speaker).where(Speaker.agenda_item_id == item_id, Speaker.state == SpeakerState.SPEAKING)
    ):
        current.state, current.ended_at = SpeakerState.SPOKEN, now


def give_floor(session: Session, item_id: int, speaker_id: int | None = None, *, actor: Actor) -> Speaker:
    """The presiding chair gives the floor to the next speaker waiting (or to `speaker_id`); the
    one speaking ends, timed (the charter's limit, if any, is shown against it)."""
    _presiding_act(session, item_id, actor)
    waiting = _waiting(session, item_id)
    chosen = next((s for s in waiting if speaker_id is None or s.id == speaker_id), None)
    if chosen is None:
        raise Conflict(
            "speaker: rule 'the floor goes to someone waiting': "
            + ("no one is waiting" if speaker_id is None else f"speaker {speaker_id} is not waiting")
        )
    now = clock.now(session)
    _end_current(session, item_id, now)
    chosen.state, chosen.started_at = SpeakerState.SPEAKING, now
    for position, entry in enumerate((s for s in waiting if s is not chosen), start=1):
        entry.position = position
    _audited(
        session,
        actor,
        "meeting.preside",
        [f"agenda_item:{item_id}", f"participant:{chosen.participant_code}"],
        f"gave the floor to {chosen.participant_code} on agenda item {item_id}",
    )
    return chosen


def end_intervention(session: Session, item_id: int, *, actor: Actor) -> AgendaItem:
    """The presiding chair ends the intervention under way (its time is kept)."""
    item = _presiding_act(session, item_id, actor)
    _end_current(session, item_id, clock.now(session))
    _audited(
        session,
        actor,
        "meeting.preside",
        [f"agenda_item:{item_id}"],
        f"ended the intervention on agenda item {item_id}",
    )
    return item


def reorder_speakers(session: Session, item_id: int, order: Sequence[int], *, actor: Actor) -> list[Speaker]:
    """The presiding chair puts the waiting speakers in another order (every one of them once)."""
    _presiding_act(session, item_id, actor)
    waiting = {s.id: s for s in _waiting(session, item_id)}
    wanted = _place(waiting, order)
    _audited(
        session,
        actor,
        "meeting.preside",
        [f"agenda_item:{item_id}"],
        f"reordered the speakers' list of agenda item {item_id}",
    )
    return [waiting[speaker_id] for speaker_id in wanted]


def close_list(session: Session, item_id: int, *, actor: Actor) -> AgendaItem:
    """The presiding chair closes the speakers' list: those waiting still speak, no one is added."""
    item = _presiding_act(session, item_id, actor)
    if item.speakers_closed:
        raise Conflict("speakers: rule 'a list is closed once': it is closed")
    item.speakers_closed = True
    _audited(
        session,
        actor,
        "meeting.preside",
        [f"agenda_item:{item_id}"],
        f"closed the speakers' list of agenda item {item_id}",
    )
    return item


# --- Classification and the delegations' calendar feeds ---------------------------------------


def classify(
    session: Session,
    meeting_id: int,
    classification: str,
    *,
    named: Iterable[str] = (),
    actor: Actor,
) -> Meeting:
    """Sets who may see a meeting: everyone, the members' delegations, or the named delegations.
    SEQUENCE is bumped so that subscribed calendars take the change."""
    meeting = _get(session, meeting_id)
    authorization = authorize(session, actor, "meeting.classify", objects=[f"meeting:{meeting_id}"])
    with authorization.refusals():
        chosen = access_rules.parse_classification(classification)
        codes = access_rules.encode_named(named) if chosen == "confidential" else ""
        if chosen == "confidential" and not codes:
            raise InvalidInput("named: a confidential meeting names the delegations that may see it")
        unknown = sorted(access_rules.decode_named(codes) - set(snapshot.current(session).participants))
        if unknown:
            raise InvalidInput(f"named: no participant {', '.join(unknown)}")
    if (meeting.classification, meeting.named) != (chosen, codes):
        meeting.classification, meeting.named = chosen, codes
        meeting.sequence += 1
        meeting.updated_at = clock.now(session)
    _audited(
        session,
        actor,
        "meeting.classify",
        [f"meeting:{meeting_id}"],
        f"classified meeting {meeting_id} {chosen}" + (f" ({codes.strip(',')})" if codes else ""),
    )
    return meeting


def feed_digest(token: str) -> str:
    """What is stored of a feed token: its SHA-256, so a copy of the database opens no feed."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed_token(session: Session, delegation: str, *, actor: Actor) -> str:
    """A new read-only feed token for `delegation` (the one before it revoked), returned once:
    only its digest is kept."""
    code = delegation.upper()
    authorize(session, actor, "meeting.feed", delegation=code)
    if code not in snapshot.current(session).participants:
        raise NotFound(f"delegation: no participant {code!r}")
    now = clock.now(session)
    _revoke(session, code, now)
    token = secrets.token_urlsafe(32)
    session.add(
        FeedToken(delegation_code=code, digest=feed_digest(token), issued_at=now, issued_by=actor.label)
    )
    _audited(
        session, actor, "meeting.feed", [f"participant:{code}"], f"issued a calendar feed token for {code}"
    )
    return token


def revoke_feed_token(session: Session, delegation: str, *, actor: Actor) -> int:
    """Revokes `delegation`'s feed token: its calendar subscription stops at the next poll."""
    code = delegation.upper()
    authorize(session, actor, "meeting.feed", delegation=code)
    revoked = _revoke(session, code, clock.now(session))
    _audited(
        session, actor, "meeting.feed", [f"participant:{code}"], f"revoked the calendar feed token of {code}"
    )
    return revoked


def _revoke(session: Session, code: str, now: datetime) -> int:
    live = session.scalars(
        select(FeedToken).where(FeedToken.delegation_code == code, FeedToken.revoked_at.is_(None))
    ).all()
    for row in live:
        row.revoked_at = now
    return len(live)
