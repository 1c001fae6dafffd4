"""API of meetings: the same answers as `cica meetings list|show --format json`, and the
Secretariat's writes (problem+json on refusal, from the shared handlers)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field

from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.core.deps import SessionDep
from cica.core.i18n import Language
from cica.core.inputs import Line, Natural, RecordId, Text
from cica.meetings import inputs, operations, queries
from cica.meetings.rules import MeetingStatus, MeetingType

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


@router.get("/meetings", response_model=queries.MeetingList, dependencies=[public("meeting.read")])
def meetings(session: SessionDep, organ: Organ = None, lang: Lang = "en") -> queries.MeetingList:
    """Every meeting, oldest first (of one organ with `organ`)."""
    return queries.meetings(session, organ=organ, lang=lang)


@router.get("/popolo/events", dependencies=[public("meeting.read")])
def popolo_events(session: SessionDep, organ: Organ = None, lang: Lang = "en") -> dict[str, Any]:
    """The meetings as Popolo `Event`s."""
    return queries.popolo_events(session, organ=organ, lang=lang)


@router.get(
    "/meetings/{meeting_id}", response_model=queries.MeetingDetail, dependencies=[public("meeting.read")]
)
def meeting(session: SessionDep, meeting_id: RecordId, lang: Lang = "en") -> queries.MeetingDetail:
    """One meeting, with its status history and the documents it adopted."""
    return queries.meeting(session, meeting_id, lang=lang)


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
