"""Reads of minutes for pages, API and CLI, and their shapes: the versions the reader may see,
the lifecycle, and what is linked in from the meeting (decisions, attendance), named at read
time in the reader's language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.queries import viewer
from cica.access.rules import Viewer
from cica.core.errors import NotFound
from cica.core.i18n import Language, translations
from cica.deliberation.models import Decision
from cica.deliberation.texts import TextDiff, diff_texts
from cica.meetings import queries as meeting_queries
from cica.minutes import links, rules
from cica.minutes.models import Minutes, MinutesStep, MinutesVersion
from cica.minutes.rules import Approval, Audience, MinutesAct, MinutesState
from cica.registry import snapshot


class VersionView(BaseModel):
    number: int
    lang: str
    body: str
    paragraphs: list[str]
    note: str
    created_at: datetime
    created_by: str


class StepView(BaseModel):
    act: MinutesAct
    state: MinutesState
    version: int
    at: datetime
    by: str
    meeting: int | None
    procedure: int | None


class DecisionLink(BaseModel):
    id: int
    symbol: str
    title: str
    lang: str
    adopted_on: date


class AttendeeLink(BaseModel):
    code: str
    name: str
    category: str


class DiffView(BaseModel):
    """The paragraph diff between two versions, as deliberation's texts give it."""

    counts: dict[str, int]
    changes: list[dict[str, Any]]


class MinutesView(BaseModel):
    id: int
    meeting: int
    meeting_title: str
    organ: str
    state: MinutesState
    state_label: str
    approval: Approval | None
    approved_at_meeting: int | None
    procedure: int | None
    decision_symbol: str | None
    frozen_at: datetime | None
    current: VersionView
    versions: list[VersionView]
    steps: list[StepView]
    decisions: list[DecisionLink]
    attendance: list[AttendeeLink]


def state_label(state: MinutesState, lang: str) -> str:
    _ = translations(lang).gettext
    labels = {
        MinutesState.DRAFTED: _("being drafted"),
        MinutesState.CIRCULATED: _("circulated to the delegations"),
        MinutesState.CORRECTED: _("corrected and circulated"),
        MinutesState.UNDER_SILENCE: _("under silence procedure"),
        MinutesState.APPROVED: _("approved"),
        MinutesState.FROZEN: _("approved and frozen"),
    }
    return labels[state]


def audience_of(actor: Actor | None) -> Audience:
    if actor is None or actor.role == "system":
        return Audience.PUBLIC
    return Audience.SECRETARIAT if actor.is_secretariat else Audience.DELEGATION


def reader_view(session: Session, actor: Actor | None, audience: Audience | None = None) -> Viewer | None:
    """Which meetings the reader may see (their access classification): the same view for the
    minutes as for the meetings themselves."""
    if actor is not None:
        return viewer(session, actor)
    return Viewer(secretariat=(audience or audience_of(actor)) is Audience.SECRETARIAT)


def _found(session: Session, meeting_id: int, who: Viewer | None) -> Minutes:
    # Not even whether they exist, for a meeting the reader may not see (the same 404).
    meeting_queries.readable(session, meeting_id, who)
    found = session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
    if found is None:
        raise NotFound(f"meeting {meeting_id} has no minutes yet")
    return found


def _versions(session: Session, minutes: Minutes, audience: Audience) -> list[MinutesVersion]:
    rows = list(
        session.scalars(
            select(MinutesVersion)
            .where(MinutesVersion.minutes_id == minutes.id)
            .order_by(MinutesVersion.number)
        )
    )
    shown = set(
        rules.visible_versions(
            audience, minutes.state, tuple(r.number for r in rows), minutes.first_circulated
        )
    )
    visible = [row for row in rows if row.number in shown]
    if not visible:
        # Minutes the reader may not read yet are answered as missing: nothing is disclosed.
        raise NotFound(f"meeting {minutes.meeting_id} has no minutes yet that you may read")
    return visible


VERSION = ("number", "lang", "body", "note", "created_at", "created_by")
STEP = ("act", "state", "version", "at", "by")


def _fields(row: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def _version(row: MinutesVersion) -> VersionView:
    return VersionView(paragraphs=list(rules.paragraphs(row.body)), **_fields(row, VERSION))


def minutes_of(
    session: Session,
    meeting_id: int,
    *,
    lang: Language = "en",
    actor: Actor | None = None,
    audience: Audience | None = None,
) -> MinutesView:
    """The minutes of a meeting as `actor` (or `audience`) may read them; those of a meeting the
    reader may not see answer as those of no meeting."""
    audience = audience or audience_of(actor)
    who = reader_view(session, actor, audience)
    minutes = _found(session, meeting_id, who)
    versions = [_version(row) for row in _versions(session, minutes, audience)]
    meeting = meeting_queries.meeting(session, meeting_id, lang=lang, viewer=who)
    names = snapshot.current(session).participant_names(meeting.first_day, lang)
    steps = session.scalars(
        select(MinutesStep).where(MinutesStep.minutes_id == minutes.id).order_by(MinutesStep.id)
    )
    symbol = (
        session.scalar(select(Decision.symbol).where(Decision.procedure_id == minutes.procedure_id))
        if minutes.approval is Approval.BY_SILENCE
        else None
    )
    return MinutesView(
        id=minutes.id,
        meeting=meeting_id,
        meeting_title=meeting.title,
        organ=minutes.organ_id,
        state=minutes.state,
        state_label=state_label(minutes.state, lang),
        approval=minutes.approval,
        approved_at_meeting=minutes.approved_at_meeting_id,
        procedure=minutes.procedure_id if audience is not Audience.PUBLIC or symbol else None,
        decision_symbol=symbol,
        frozen_at=minutes.frozen_at,
        current=versions[-1],
        versions=versions,
        steps=[
            StepView(meeting=step.meeting_id, procedure=step.procedure_id, **_fields(step, STEP))
            for step in steps
        ],
        decisions=[
            DecisionLink(
                id=d.id, symbol=d.symbol, title=d.title, lang=d.original_lang, adopted_on=d.adopted_on
            )
            for d in links.decisions(session, meeting, who)
        ],
        attendance=[
            AttendeeLink(code=code, name=names.get(code, code), category=category)
            for code, category in links.attendance(session, meeting)
        ],
    )


def diff(
    session: Session,
    meeting_id: int,
    old: int,
    new: int,
    *,
    actor: Actor | None = None,
    audience: Audience | None = None,
) -> TextDiff:
    """The paragraphs changed between two versions `actor` (or `audience`) may see
    (deliberation's diff)."""
    audience = audience or audience_of(actor)
    minutes = _found(session, meeting_id, reader_view(session, actor, audience))
    bodies = {row.number: row.body for row in _versions(session, minutes, audience)}
    for number in (old, new):
        if number not in bodies:
            raise NotFound(
                f"version: the minutes of meeting {meeting_id} have no version {number} you may read"
            )
    return diff_texts(bodies[old], bodies[new])
