"""The only code that writes minutes: `verb(session, meeting_id, …, *, actor)`.

Each verb authorises against the permission table, applies the pure rules (`rules.transition`
and the text and approval rules), writes, and records its audit entry in the same transaction.
Approval by silence runs through deliberation's engine: the minutes' text becomes a draft report
of the organ under a silence procedure, and `settle` (deliberation's `endings` hook) approves and
freezes them when it ends adopted, or sends them back for correction when silence is broken.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import authorize
from cica.audit import operations as audit
from cica.core import clock
from cica.core.db import get_or_not_found
from cica.core.errors import NotFound
from cica.core.i18n import as_language, translations
from cica.deliberation import operations as deliberation
from cica.deliberation.endings import ProcedureEnded
from cica.deliberation.models import Procedure
from cica.deliberation.texts import LanguageVersion
from cica.meetings import queries as meeting_queries
from cica.meetings.models import Meeting
from cica.meetings.rules import MeetingStatus
from cica.minutes import rules
from cica.minutes.models import Minutes, MinutesStep, MinutesVersion
from cica.minutes.rules import Approval, MinutesAct, MinutesState

SYSTEM = Actor.system()


def _meeting(session: Session, meeting_id: int) -> Meeting:
    return get_or_not_found(session, Meeting, meeting_id, "meeting")


def _begin(
    session: Session, meeting_id: int, action: str, actor: Actor, now: datetime | None, *objects: str
) -> tuple[datetime, Minutes]:
    """Every verb's start: the permission check, then the minutes locked for the change."""
    authorize(session, actor, action, objects=[f"meeting:{meeting_id}", *objects])
    found = session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id).with_for_update())
    if found is None:
        raise NotFound(f"meeting {meeting_id} has no minutes yet")
    return now or clock.now(session), found


def _record(session: Session, minutes: Minutes, actor: Actor, action: str, what: str, *objects: str) -> None:
    audit.record(
        session,
        actor=actor,
        action=action,
        objects=[f"minutes:{minutes.id}", f"meeting:{minutes.meeting_id}", *objects],
        summary=f"the minutes of meeting {minutes.meeting_id} (version {minutes.current_version}) {what}",
    )


def _body(session: Session, minutes: Minutes) -> MinutesVersion:
    return session.scalars(
        select(MinutesVersion).where(
            MinutesVersion.minutes_id == minutes.id, MinutesVersion.number == minutes.current_version
        )
    ).one()


def _step(
    session: Session, minutes: Minutes, act: MinutesAct, *, by: Actor, now: datetime, **link: int
) -> None:
    """The step of the lifecycle `act` takes (refused by the rules where it is not allowed);
    `link`: the meeting that approved them or the procedure it concerns."""
    if act is not MinutesAct.DRAFT:
        minutes.state = rules.transition(minutes.state, act)
    minutes.updated_at = now
    step = MinutesStep(
        minutes_id=minutes.id, act=act, state=minutes.state, version=minutes.current_version, **link
    )
    step.at, step.by = now, by.email
    session.add(step)


def _add_version(
    session: Session, minutes: Minutes, *, lang: str, body: str, note: str, actor: Actor, now: datetime
) -> None:
    minutes.current_version += 1
    version = MinutesVersion(minutes_id=minutes.id, number=minutes.current_version, lang=lang, body=body)
    version.note, version.created_at, version.created_by = note.strip(), now, actor.email
    session.add(version)


def draft_minutes(
    session: Session,
    meeting_id: int,
    *,
    text: str,
    lang: str,
    note: str = "",
    actor: Actor,
    now: datetime | None = None,
) -> Minutes:
    """The minutes of a meeting at version 1, being drafted (seen by the Secretariat only)."""
    authorize(session, actor, "minutes.draft", objects=[f"meeting:{meeting_id}"])
    now = now or clock.now(session)
    meeting = _meeting(session, meeting_id)
    rules.check_new(session.scalar(select(Minutes.id).where(Minutes.meeting_id == meeting_id)) is not None)
    tag, paragraphs = rules.check_language(lang), rules.paragraphs(text)
    minutes = Minutes(meeting_id=meeting.id, organ_id=meeting.organ_id, state=MinutesState.DRAFTED)
    minutes.current_version, minutes.created_at, minutes.created_by, minutes.updated_at = (
        0,
        now,
        actor.email,
        now,
    )
    session.add(minutes)
    session.flush()
    _add_version(session, minutes, lang=tag, body="\n\n".join(paragraphs), note=note, actor=actor, now=now)
    _step(session, minutes, MinutesAct.DRAFT, by=actor, now=now)
    _record(session, minutes, actor, "minutes.draft", f"drafted ({tag})")
    return minutes


def circulate_minutes(
    session: Session, meeting_id: int, *, actor: Actor, now: datetime | None = None
) -> Minutes:
    """The current version goes to the delegations: they read it and every version after it."""
    now, minutes = _begin(session, meeting_id, "minutes.circulate", actor, now)
    _step(session, minutes, MinutesAct.CIRCULATE, by=actor, now=now)
    minutes.first_circulated = minutes.current_version
    _record(session, minutes, actor, "minutes.circulate", "circulated to the delegations")
    return minutes


def correct_minutes(
    session: Session,
    meeting_id: int,
    *,
    text: str,
    note: str = "",
    lang: str | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> Minutes:
    """A correction is a new version; the ones before it are kept. Frozen minutes refuse it."""
    now, minutes = _begin(session, meeting_id, "minutes.correct", actor, now)
    rules.transition(minutes.state, MinutesAct.CORRECT)
    current = _body(session, minutes)
    tag, new = (rules.check_language(lang) if lang else current.lang), rules.paragraphs(text)
    if tag == current.lang:
        rules.check_changed(rules.paragraphs(current.body), new)
    _add_version(session, minutes, lang=tag, body="\n\n".join(new), note=note, actor=actor, now=now)
    _step(session, minutes, MinutesAct.CORRECT, by=actor, now=now)
    _record(session, minutes, actor, "minutes.correct", f"written as a correction ({tag})")
    return minutes


def _facts(meeting: Meeting) -> rules.MeetingFacts:
    cancelled = meeting.status is MeetingStatus.CANCELLED
    return rules.MeetingFacts(meeting.id, meeting.organ_id, meeting.starts_at, cancelled)


def _approve(
    session: Session, minutes: Minutes, act: MinutesAct, *, by: Actor, now: datetime, **link: int
) -> None:
    """Approved, then frozen: the approved version is the record, never changed again."""
    _step(session, minutes, act, by=by, now=now, **link)
    minutes.approved_at = now
    _step(session, minutes, MinutesAct.FREEZE, by=by, now=now)
    minutes.frozen_at = now


def approve_at_meeting(
    session: Session, meeting_id: int, *, at_meeting: int, actor: Actor, now: datetime | None = None
) -> Minutes:
    """Records that a later meeting of the same organ approved the minutes; they are frozen."""
    now, minutes = _begin(session, meeting_id, "minutes.approve", actor, now, f"meeting:{at_meeting}")
    rules.transition(minutes.state, MinutesAct.APPROVE)
    rules.check_approving_meeting(
        _facts(_meeting(session, meeting_id)), _facts(_meeting(session, at_meeting)), now
    )
    minutes.approval, minutes.approved_at_meeting_id = Approval.AT_MEETING, at_meeting
    _approve(session, minutes, MinutesAct.APPROVE, by=actor, now=now, meeting_id=at_meeting)
    _record(
        session,
        minutes,
        actor,
        "minutes.approve",
        f"approved at meeting {at_meeting}, and frozen",
        f"meeting:{at_meeting}",
    )
    return minutes


def submit_to_silence(
    session: Session,
    meeting_id: int,
    *,
    period: str | timedelta | None = None,
    deadline: datetime | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> Procedure:
    """Puts the current version to the organ under a silence procedure of the deliberation engine:
    the text becomes a report of the organ (a new revision of the same draft when it is sent
    again after a broken silence). The charter decides whether the organ may adopt it so."""
    now, minutes = _begin(session, meeting_id, "minutes.approve", actor, now)
    rules.transition(minutes.state, MinutesAct.SUBMIT_TO_SILENCE)
    version = _body(session, minutes)
    texts = [LanguageVersion(version.lang, _title(session, meeting_id, version.lang), version.body)]
    if minutes.draft_id is None:
        sponsor = "secretariat" if actor.is_secretariat else "chair"
        draft = deliberation.create_draft(
            session, kind="report", organ=minutes.organ_id, texts=texts, original_lang=version.lang,
            sponsor=sponsor, actor=actor, now=now,
        )  # fmt: skip
        deliberation.circulate(session, draft.id, actor=actor, now=now)
        minutes.draft_id = draft.id
    else:
        note = f"minutes version {version.number}"
        deliberation.revise(session, minutes.draft_id, texts=texts, note=note, actor=actor, now=now)
    procedure = deliberation.start_silence(
        session, minutes.draft_id, period=period, deadline=deadline, actor=actor, now=now
    )
    minutes.procedure_id = procedure.id
    _step(session, minutes, MinutesAct.SUBMIT_TO_SILENCE, by=actor, now=now, procedure_id=procedure.id)
    until = procedure.deadline.isoformat() if procedure.deadline else ""
    _record(
        session,
        minutes,
        actor,
        "minutes.approve",
        f"put to silence until {until}",
        f"procedure:{procedure.id}",
    )
    return procedure


def _title(session: Session, meeting_id: int, lang: str) -> str:
    """The draft's title in the minutes' own language (English where cica has no such UI language)."""
    language = as_language(lang.split("-")[0])
    meeting = meeting_queries.meeting(session, meeting_id, lang=language)
    return translations(language).gettext("Minutes of the %(meeting)s") % {"meeting": meeting.title}


def settle(session: Session, ended: Sequence[ProcedureEnded]) -> None:
    """Deliberation's hook, in the transaction that ended the procedures: minutes whose silence
    procedure was adopted are approved and frozen; broken ones go back to the delegations."""
    outcome = {end.procedure_id: end.adopted for end in ended}
    found = session.scalars(
        select(Minutes)
        .where(Minutes.procedure_id.in_(outcome), Minutes.state == MinutesState.UNDER_SILENCE)
        .with_for_update()
    ).all()
    if not found:
        return
    now = clock.now(session)
    authorize(session, SYSTEM, "minutes.settle", objects=[f"minutes:{m.id}" for m in found])
    for minutes in found:
        procedure_id = minutes.procedure_id
        assert procedure_id is not None
        if outcome[procedure_id]:
            minutes.approval = Approval.BY_SILENCE
            _approve(
                session, minutes, MinutesAct.SILENCE_ADOPTED, by=SYSTEM, now=now, procedure_id=procedure_id
            )
            what = "approved by silence procedure, and frozen"
        else:
            minutes.procedure_id = None
            _step(session, minutes, MinutesAct.SILENCE_BROKEN, by=SYSTEM, now=now, procedure_id=procedure_id)
            what = "not approved (silence broken): back to the delegations for correction"
        _record(session, minutes, SYSTEM, "minutes.settle", what, f"procedure:{procedure_id}")
