"""API of minutes, under `/api/v1/meetings/{id}/minutes`: read (the versions the caller may see),
draft, circulate, correct, approve (at a meeting, or by silence) and the diff between versions.
Refusals answer problem+json from the shared handlers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.core.deps import SessionDep
from cica.core.i18n import Language
from cica.core.inputs import Line, Natural, RecordId, Text
from cica.minutes import operations, queries

router = APIRouter(tags=["minutes"])

Lang = Annotated[Language, Query(description="Language of names and labels.")]
PATH = "/meetings/{meeting_id}/minutes"


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MinutesText(Body):
    text: Text = Field(max_length=400_000, description="Numbered paragraphs, one blank line between each.")
    note: Text = Field("", max_length=2000, description="What this version changes.")


class NewMinutes(MinutesText):
    lang: Line = Field(max_length=35, description="The language of the text (BCP 47: en, ru, zh-Hans).")


class Correction(MinutesText):
    lang: Line | None = Field(None, max_length=35, description="Only if the language changes (BCP 47).")


class ApprovalRequest(Body):
    """Either `meeting` (approved at that later meeting of the organ) or `silence: true`
    (put to the organ under silence; `period` as ISO 8601, the charter's default otherwise)."""

    meeting: RecordId | None = None
    silence: bool = False
    period: Line | None = Field(None, max_length=20, description="ISO 8601 duration, e.g. P14D.")

    @model_validator(mode="after")
    def _one_way(self) -> ApprovalRequest:
        if (self.meeting is None) == (not self.silence):
            raise ValueError("give either meeting (approved at it) or silence: true")
        return self


def _view(session: SessionDep, meeting_id: int, lang: Language, actor: Actor | None) -> queries.MinutesView:
    return queries.minutes_of(session, meeting_id, lang=lang, actor=actor)


@router.get(PATH, response_model=queries.MinutesView)
def minutes(
    session: SessionDep, meeting_id: RecordId, lang: Lang = "en", actor: Actor | None = public("minutes.read")
) -> queries.MinutesView:
    """The minutes as you may read them: the Secretariat every version, delegations the
    circulated ones, everyone the approved, frozen text; with the meeting's decisions and attendance."""
    return _view(session, meeting_id, lang, actor)


@router.get(PATH + "/diff", response_model=queries.DiffView)
def diff(
    session: SessionDep,
    meeting_id: RecordId,
    old: Annotated[Natural, Query(alias="from")],
    new: Annotated[Natural, Query(alias="to")],
    actor: Actor | None = public("minutes.read"),
) -> queries.DiffView:
    """The paragraphs changed between two versions you may read."""
    found = queries.diff(session, meeting_id, old, new, actor=actor)
    return queries.DiffView.model_validate(found.to_dict())


@router.post(PATH, response_model=queries.MinutesView, status_code=status.HTTP_201_CREATED)
def draft(
    session: SessionDep,
    meeting_id: RecordId,
    body: NewMinutes,
    lang: Lang = "en",
    actor: Actor = signed_in("minutes.draft"),
) -> queries.MinutesView:
    """Draft the minutes of a meeting (the Secretariat): version 1, not yet circulated."""
    operations.draft_minutes(session, meeting_id, text=body.text, lang=body.lang, note=body.note, actor=actor)
    return _view(session, meeting_id, lang, actor)


@router.post(PATH + "/circulation", response_model=queries.MinutesView)
def circulate(
    session: SessionDep,
    meeting_id: RecordId,
    lang: Lang = "en",
    actor: Actor = signed_in("minutes.circulate"),
) -> queries.MinutesView:
    """Circulate the current version to the delegations."""
    operations.circulate_minutes(session, meeting_id, actor=actor)
    return _view(session, meeting_id, lang, actor)


@router.post(PATH + "/versions", response_model=queries.MinutesView, status_code=status.HTTP_201_CREATED)
def correct(
    session: SessionDep,
    meeting_id: RecordId,
    body: Correction,
    lang: Lang = "en",
    actor: Actor = signed_in("minutes.correct"),
) -> queries.MinutesView:
    """A correction: a new version (frozen minutes refuse it, 409)."""
    operations.correct_minutes(
        session, meeting_id, text=body.text, note=body.note, lang=body.lang, actor=actor
    )
    return _view(session, meeting_id, lang, actor)


@router.post(PATH + "/approval", response_model=queries.MinutesView)
def approve(
    session: SessionDep,
    meeting_id: RecordId,
    body: ApprovalRequest,
    lang: Lang = "en",
    actor: Actor = signed_in("minutes.approve"),
) -> queries.MinutesView:
    """Record the approval at a later meeting (the minutes are frozen), or put the minutes to the
    organ by silence procedure (frozen when it ends adopted). Approving twice is a 409."""
    if body.meeting is not None:
        operations.approve_at_meeting(session, meeting_id, at_meeting=body.meeting, actor=actor)
    else:
        operations.submit_to_silence(session, meeting_id, period=body.period, actor=actor)
    return _view(session, meeting_id, lang, actor)
