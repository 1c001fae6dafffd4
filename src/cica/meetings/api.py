"""API of meetings: the same answers as `cica meetings list|show --format json`, and the
Secretariat's writes (problem+json on refusal, from the shared handlers)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from cica.access.actors import Actor
from cica.access.queries import viewer
from cica.access.rules import Classification
from cica.access.web import public, signed_in
from cica.core.deps import SessionDep
from cica.core.i18n import Language
from cica.core.inputs import Line, Natural, RecordId, Text
from cica.meetings import inputs, operations, queries
from cica.meetings.drafts import ItemDrafts, under_items
from cica.meetings.rules import AgendaState, FloorKind, MeetingStatus, MeetingType

router = APIRouter(tags=["meetings"])

Lang = Annotated[Language, Query(description="Language of names.")]
Organ = Annotated[Line | None, Query(max_length=64, description="Only this organ's meetings.")]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewMeeting(Body):
    organ: Line = Field(max_length=64, description="The organ that meets (its id).")
    kind: MeetingType = MeetingType.REGULAR
    starts_at: Line = Field(max_length=40, description="A day (YYYY-MM-DD) or a local time at the venue.")
    ends_at: Line | None = Field(None, max_length=40, description="The last day or the end time.")
    time_zone: Line | None = Field(None, max_length=64, description="The venue's IANA time zone.")
    online: bool = False
    city: Line | None = Field(None, max_length=200)
    host: Line | None = Field(None, max_length=16)
    chair: Line | None = Field(None, max_length=16)
    ordinal: Natural | None = None
    note: Text | None = Field(None, max_length=2000)


class MeetingChange(Body):
    starts_at: Line | None = Field(None, max_length=40)
    ends_at: Line | None = Field(None, max_length=40)
    time_zone: Line | None = Field(None, max_length=64)
    city: Line | None = Field(None, max_length=200)
    host: Line | None = Field(None, max_length=16)
    chair: Line | None = Field(None, max_length=16)
    status: MeetingStatus | None = None
    reason: Text | None = Field(None, max_length=2000)
    note: Text | None = Field(None, max_length=2000)


class Classifying(Body):
    classification: Classification = Field(description="public, restricted (members) or confidential.")
    named: list[Annotated[Line, Field(max_length=16)]] = Field(
        default_factory=list,
        max_length=200,
        description="The delegations a confidential meeting is shown to.",
    )


class FeedTokenIssued(BaseModel):
    delegation: str
    token: str = Field(description="Shown once: only its digest is kept. Read-only: it opens this feed only.")
    url: str = Field(description="The address calendar clients subscribe to.")


Reader = Annotated[Actor | None, public("meeting.read")]


@router.get("/meetings", response_model=queries.MeetingList)
def meetings(
    session: SessionDep, actor: Reader, organ: Organ = None, lang: Lang = "en"
) -> queries.MeetingList:
    """Every meeting you may see, oldest first (of one organ with `organ`)."""
    return queries.meetings(session, organ=organ, lang=lang, viewer=viewer(session, actor))


@router.get("/popolo/events")
def popolo_events(
    session: SessionDep, actor: Reader, organ: Organ = None, lang: Lang = "en"
) -> dict[str, Any]:
    """The meetings you may see as Popolo `Event`s."""
    return queries.popolo_events(session, organ=organ, lang=lang, viewer=viewer(session, actor))


@router.get("/meetings/{meeting_id}", response_model=queries.MeetingDetail)
def meeting(
    session: SessionDep, actor: Reader, meeting_id: RecordId, lang: Lang = "en"
) -> queries.MeetingDetail:
    """One meeting, with its status history and the documents it adopted (404 unless you may see it)."""
    return queries.meeting(session, meeting_id, lang=lang, viewer=viewer(session, actor))


Classifier = Annotated[Actor, signed_in("meeting.classify")]


@router.put("/meetings/{meeting_id}/classification", response_model=queries.MeetingDetail)
def classify(session: SessionDep, actor: Classifier, meeting_id: RecordId, body: Classifying) -> Any:
    """Who may see the meeting: everyone, the members' delegations, or the named delegations."""
    operations.classify(session, meeting_id, body.classification, named=body.named, actor=actor)
    return queries.meeting(session, meeting_id)


FeedKeeper = Annotated[Actor, signed_in("meeting.feed")]


@router.post("/delegations/{code}/feed-token", response_model=FeedTokenIssued, status_code=201)
def issue_feed_token(request: Request, session: SessionDep, code: Line, actor: FeedKeeper) -> FeedTokenIssued:
    """A new read-only token for the delegation's calendar feed (its own; the Secretariat any);
    the token before it stops working."""
    token = operations.issue_feed_token(session, code, actor=actor)
    url = f"{str(request.base_url).rstrip('/')}/delegations/{code.upper()}/calendar.ics?token={token}"
    return FeedTokenIssued(delegation=code.upper(), token=token, url=url)


@router.delete("/delegations/{code}/feed-token", status_code=204)
def revoke_feed_token(session: SessionDep, code: Line, actor: Actor = signed_in("meeting.feed")) -> Response:
    """Revoke the delegation's feed token: its subscription stops at the next poll."""
    operations.revoke_feed_token(session, code, actor=actor)
    return Response(status_code=204)


@router.post("/meetings", response_model=queries.MeetingDetail, status_code=status.HTTP_201_CREATED)
def create(
    session: SessionDep, body: NewMeeting, lang: Lang = "en", actor: Actor = signed_in("meeting.schedule")
) -> queries.MeetingDetail:
    """Schedule a meeting (the Secretariat)."""
    plan = inputs.plan(
        organ=body.organ, kind=body.kind, starts=body.starts_at, ends=body.ends_at, time_zone=body.time_zone,
        seat_zone=queries.seat_zone_name(session), online=body.online, city=body.city, host=body.host, chair=body.chair,
        ordinal=body.ordinal or None, note=body.note,
    )  # fmt: skip
    created = operations.schedule(session, plan, actor=actor)
    return queries.meeting(session, created.id, lang=lang)


@router.patch("/meetings/{meeting_id}", response_model=queries.MeetingDetail)
def change(
    session: SessionDep,
    meeting_id: RecordId,
    body: MeetingChange,
    lang: Lang = "en",
    actor: Actor = signed_in("meeting.schedule"),
) -> queries.MeetingDetail:
    """Move, reschedule, change the status of or cancel (`status: cancelled`) a meeting."""
    plan = operations.plan_of_id(session, meeting_id)
    if body.starts_at is not None or body.time_zone is not None:
        plan = inputs.plan(
            organ=plan.organ, kind=plan.kind, starts=body.starts_at or plan.starts_at.isoformat(),
            ends=body.ends_at if body.starts_at else plan.ends_at.isoformat(), time_zone=body.time_zone or plan.time_zone,
            seat_zone=queries.seat_zone_name(session), online=plan.online, city=plan.city, host=plan.host,
            chair=plan.chair, ordinal=plan.ordinal, note=plan.note,
        )  # fmt: skip
    plan = operations.Schedule(
        **{
            **plan.__dict__,
            "city": {"en": body.city} if body.city else plan.city,
            "host": body.host.upper() if body.host else plan.host,
            "chair": body.chair.upper() if body.chair else plan.chair,
            "note": body.note if body.note is not None else plan.note,
        }
    )
    operations.update(session, meeting_id, plan, status=body.status, reason=body.reason, actor=actor)
    return queries.meeting(session, meeting_id, lang=lang)


# --- Participation, the agenda, the speakers' lists -------------------------------------------


class Registration(Body):
    delegation: Line = Field(
        max_length=16, description="The delegation (its own, or any for the Secretariat)."
    )
    head: Line | None = Field(None, max_length=200, description="The head of the delegation.")
    members: list[Line] = Field(default_factory=list, max_length=200, description="The other members.")


class NewItem(Body):
    title: Line = Field(max_length=500)


class Order(Body):
    order: list[RecordId] = Field(max_length=1000, description="Every item's id once, in the new order.")


class AgendaStep(Body):
    state: Literal[AgendaState.CIRCULATED, AgendaState.ADOPTED]


class FloorRequest(Body):
    delegation: Line = Field(max_length=16, description="One's own delegation.")
    kind: FloorKind = FloorKind.FLOOR


class GiveFloor(Body):
    speaker_id: RecordId | None = Field(None, description="Who gets the floor; the next waiting by default.")


@router.get(
    "/meetings/{meeting_id}/participants",
    response_model=list[queries.Attendee],
)
def participants(
    session: SessionDep, actor: Reader, meeting_id: RecordId, lang: Lang = "en"
) -> list[queries.Attendee]:
    """The delegations registered: members, then observers, partners and guests."""
    queries.readable(session, meeting_id, viewer(session, actor))
    return queries.attendance(session, meeting_id, lang=lang)


@router.post("/meetings/{meeting_id}/participants", response_model=list[queries.Attendee], status_code=201)
def register(
    session: SessionDep,
    meeting_id: RecordId,
    body: Registration,
    lang: Lang = "en",
    actor: Actor = signed_in("meeting.attend"),
) -> list[queries.Attendee]:
    """Register a delegation's participation (one's own; the Secretariat any)."""
    operations.register(
        session, meeting_id, body.delegation, head=body.head, members=body.members, actor=actor
    )
    return queries.attendance(session, meeting_id, lang=lang)


@router.get("/meetings/{meeting_id}/agenda", response_model=queries.Agenda)
def agenda(session: SessionDep, actor: Reader, meeting_id: RecordId, lang: Lang = "en") -> queries.Agenda:
    """The meeting's agenda: its state and items in order."""
    queries.readable(session, meeting_id, viewer(session, actor))
    return queries.agenda(session, meeting_id, lang=lang)


@router.post("/meetings/{meeting_id}/agenda/items", response_model=queries.Agenda, status_code=201)
def add_item(
    session: SessionDep,
    meeting_id: RecordId,
    body: NewItem,
    lang: Lang = "en",
    actor: Actor = signed_in("meeting.agenda"),
) -> queries.Agenda:
    """Add an item at the end of the agenda (before its adoption only)."""
    operations.add_item(session, meeting_id, body.title, actor=actor)
    return queries.agenda(session, meeting_id, lang=lang)


@router.put("/meetings/{meeting_id}/agenda/order", response_model=queries.Agenda)
def reorder_items(
    session: SessionDep,
    meeting_id: RecordId,
    body: Order,
    lang: Lang = "en",
    actor: Actor = signed_in("meeting.agenda"),
) -> queries.Agenda:
    """Put the agenda's items in another order (before its adoption only)."""
    operations.reorder_items(session, meeting_id, body.order, actor=actor)
    return queries.agenda(session, meeting_id, lang=lang)


@router.post("/meetings/{meeting_id}/agenda/state", response_model=queries.Agenda)
def advance_agenda(
    session: SessionDep,
    meeting_id: RecordId,
    body: AgendaStep,
    lang: Lang = "en",
    actor: Actor = signed_in("meeting.agenda"),
) -> queries.Agenda:
    """Circulate the provisional agenda, or record its adoption."""
    operations.advance_agenda(session, meeting_id, body.state, actor=actor)
    return queries.agenda(session, meeting_id, lang=lang)


@router.get(
    "/agenda-items/{item_id}/speakers",
    response_model=queries.SpeakersList,
)
def speakers(
    session: SessionDep, actor: Reader, item_id: RecordId, lang: Lang = "en"
) -> queries.SpeakersList:
    """The item's speakers' list: who speaks, who waits in order, who spoke."""
    queries.readable(session, operations.agenda_item(session, item_id).meeting_id, viewer(session, actor))
    return queries.speakers(session, item_id, lang=lang)


@router.post("/agenda-items/{item_id}/speakers", response_model=queries.SpeakersList, status_code=201)
def ask_floor(
    session: SessionDep,
    item_id: RecordId,
    body: FloorRequest,
    lang: Lang = "en",
    actor: Actor = signed_in("meeting.floor"),
) -> queries.SpeakersList:
    """Ask for the floor (or a right of reply) for one's own delegation."""
    operations.ask_floor(session, item_id, body.delegation, kind=body.kind, actor=actor)
    return queries.speakers(session, item_id, lang=lang)


@router.post("/agenda-items/{item_id}/floor", response_model=queries.SpeakersList)
def give_floor(
    session: SessionDep,
    item_id: RecordId,
    body: GiveFloor,
    lang: Lang = "en",
    actor: Actor = signed_in("meeting.preside"),
) -> queries.SpeakersList:
    """The presiding chair gives the floor (the one speaking ends)."""
    operations.give_floor(session, item_id, body.speaker_id, actor=actor)
    return queries.speakers(session, item_id, lang=lang)


@router.put("/agenda-items/{item_id}/speakers/order", response_model=queries.SpeakersList)
def reorder_speakers(
    session: SessionDep,
    item_id: RecordId,
    body: Order,
    lang: Lang = "en",
    actor: Actor = signed_in("meeting.preside"),
) -> queries.SpeakersList:
    """The presiding chair reorders those waiting."""
    operations.reorder_speakers(session, item_id, body.order, actor=actor)
    return queries.speakers(session, item_id, lang=lang)


@router.post("/agenda-items/{item_id}/close", response_model=queries.SpeakersList)
def close_list(
    session: SessionDep, item_id: RecordId, lang: Lang = "en", actor: Actor = signed_in("meeting.preside")
) -> queries.SpeakersList:
    """The presiding chair closes the speakers' list."""
    operations.close_list(session, item_id, actor=actor)
    return queries.speakers(session, item_id, lang=lang)


# --- The drafts under consideration under an agenda item -----------------------------------


class DraftLink(Body):
    draft_id: RecordId = Field(description="A draft before the meeting's organ, under consideration.")
    linked: bool = Field(True, description="False: take the draft off the item.")


@router.get("/agenda-items/{item_id}/drafts", response_model=ItemDrafts)
def item_drafts(
    session: SessionDep, item_id: RecordId, lang: Lang = "en", actor: Actor | None = public("meeting.read")
) -> ItemDrafts:
    """The drafts the item takes up and the procedures opened under it (those the caller may see)."""
    operations.agenda_item(session, item_id)
    return under_items(session, [item_id], actor, lang)[item_id]


@router.post("/agenda-items/{item_id}/drafts", response_model=ItemDrafts)
def link_draft(
    session: SessionDep,
    item_id: RecordId,
    body: DraftLink,
    lang: Lang = "en",
    actor: Actor = signed_in("meeting.agenda"),
) -> ItemDrafts:
    """Link a draft of the meeting's organ to the item (refused for a draft of another organ), or
    with `linked: false` take it off."""
    act = operations.link_draft if body.linked else operations.unlink_draft
    act(session, item_id, body.draft_id, actor=actor)
    return under_items(session, [item_id], actor, lang)[item_id]
