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
    found = session.get(Meeting, meeting_id)
    if found is None:
        raise NotFound(f"no meeting {meeting_id}")
    return found


def _minutes(session: Session, meeting_id: int) -> Minutes:
    found = session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id).with_for_update())
    if found is None:
        raise NotFound(f"meeting {meeting_id} has no minutes yet")
    return found


def _body(session: Session, minutes: Minutes) -> MinutesVersion:
    return session.scalars(
        select(MinutesVersion).where(
            MinutesVersion.minutes_id == minutes.id, MinutesVersion.number == minutes.current_version
        )
    ).one()


def _step(
    session: Session,
    minutes: Minutes,
    act: MinutesAct,
    *,
    by: Actor,
    now: datetime,
    meeting_id: int | None = None,
    procedure_id: int | None = None,
) -> None:
    minutes.state = rules.transition(minutes.state, act)
    minutes.updated_at = now
    session.add(
        MinutesStep(
            minutes_id=minutes.id,
            act=act,
            state=minutes.state,
            version=minutes.current_version,
            meeting_id=meeting_id,
            procedure_id=procedure_id,
            at=now,
            by=by.email,
        )
    )


def _add_version(
    session: Session,
    minutes: Minutes,
    number: int,
    *,
    lang: str,
    body: str,
    note: str,
    actor: Actor,
    now: datetime,
) -> MinutesVersion:
    version = MinutesVersion(
        minutes_id=minutes.id,
        number=number,
        lang=lang,
        body=body,
        note=note.strip(),
        created_at=now,
        created_by=actor.email,
    )
    session.add(version)
    minutes.current_version = number
    return version


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
    now = now or clock.now(session)
    authorize(session, actor, "minutes.draft", objects=[f"meeting:{meeting_id}"])
    meeting = _meeting(session, meeting_id)
    rules.check_new(session.scalar(select(Minutes.id).where(Minutes.meeting_id == meeting_id)) is not None)
    tag = rules.check_language(lang)
    body = "\n\n".join(rules.paragraphs(text))
    minutes = Minutes(
        meeting_id=meeting.id,
        organ_id=meeting.organ_id,
        state=MinutesState.DRAFTED,
        current_version=0,
        created_at=now,
        created_by=actor.email,
        updated_at=now,
    )
    session.add(minutes)
    session.flush()
    _add_version(session, minutes, 1, lang=tag, body=body, note=note, actor=actor, now=now)
    session.add(
        MinutesStep(
            minutes_id=minutes.id,
            act=MinutesAct.DRAFT,
            state=minutes.state,
            version=1,
            at=now,
            by=actor.email,
        )
    )
    audit.record(
        session,
        actor=actor,
        action="minutes.draft",
        objects=[f"minutes:{minutes.id}", f"meeting:{meeting.id}"],
        summary=f"drafted the minutes of meeting {meeting.id} ({tag}, version 1)",
    )
    return minutes


def circulate_minutes(
    session: Session, meeting_id: int, *, actor: Actor, now: datetime | None = None
) -> Minutes:
    """The current version goes to the delegations: they read it and every version after it."""
    now = now or clock.now(session)
    authorize(session, actor, "minutes.circulate", objects=[f"meeting:{meeting_id}"])
    minutes = _minutes(session, meeting_id)
    _step(session, minutes, MinutesAct.CIRCULATE, by=actor, now=now)
    minutes.first_circulated = minutes.current_version
    audit.record(
        session,
        actor=actor,
        action="minutes.circulate",
        objects=[f"minutes:{minutes.id}", f"meeting:{meeting_id}"],
        summary=f"circulated the minutes of meeting {meeting_id} (version {minutes.current_version})",
    )
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
) -> MinutesVersion:
    """A correction is a new version; the ones before it are kept. Frozen minutes refuse it."""
    now = now or clock.now(session)
    authorize(session, actor, "minutes.correct", objects=[f"meeting:{meeting_id}"])
    minutes = _minutes(session, meeting_id)
    reached = rules.transition(minutes.state, MinutesAct.CORRECT)
    current = _body(session, minutes)
    tag = rules.check_language(lang) if lang else current.lang
    new = rules.paragraphs(text)
    if tag == current.lang:
        rules.check_changed(rules.paragraphs(current.body), new)
    version = _add_version(
        session,
        minutes,
        minutes.current_version + 1,
        lang=tag,
        body="\n\n".join(new),
        note=note,
        actor=actor,
        now=now,
    )
    _step(session, minutes, MinutesAct.CORRECT, by=actor, now=now)
    assert minutes.state is reached
    audit.record(
        session,
        actor=actor,
        action="minutes.correct",
        objects=[f"minutes:{minutes.id}", f"meeting:{meeting_id}"],
        summary=f"corrected the minutes of meeting {meeting_id}: version {version.number} ({tag})",
    )
    return version


def _facts(meeting: Meeting) -> rules.MeetingFacts:
    return rules.MeetingFacts(
        meeting.id, meeting.organ_id, meeting.starts_at, meeting.status is MeetingStatus.CANCELLED
    )


def _freeze(session: Session, minutes: Minutes, *, by: Actor, now: datetime) -> None:
    minutes.approved_at = now
    _step(session, minutes, MinutesAct.FREEZE, by=by, now=now)
    minutes.frozen_at = now


def approve_at_meeting(
    session: Session, meeting_id: int, *, at_meeting: int, actor: Actor, now: datetime | None = None
) -> Minutes:
    """Records that a later meeting of the same organ approved the minutes; they are frozen."""
    now = now or clock.now(session)
    authorize(session, actor, "minutes.approve", objects=[f"meeting:{meeting_id}", f"meeting:{at_meeting}"])
    minutes = _minutes(session, meeting_id)
    rules.transition(minutes.state, MinutesAct.APPROVE)
    rules.check_approving_meeting(
        _facts(_meeting(session, meeting_id)), _facts(_meeting(session, at_meeting)), now
    )
    minutes.approval = Approval.AT_MEETING
    minutes.approved_at_meeting_id = at_meeting
    _step(session, minutes, MinutesAct.APPROVE, by=actor, now=now, meeting_id=at_meeting)
    _freeze(session, minutes, by=actor, now=now)
    audit.record(
        session,
        actor=actor,
        action="minutes.approve",
        objects=[f"minutes:{minutes.id}", f"meeting:{meeting_id}", f"meeting:{at_meeting}"],
        summary=f"the minutes of meeting {meeting_id} (version {minutes.current_version}) approved at "
        f"meeting {at_meeting}, and frozen",
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
    now = now or clock.now(session)
    authorize(session, actor, "minutes.approve", objects=[f"meeting:{meeting_id}"])
    minutes = _minutes(session, meeting_id)
    rules.transition(minutes.state, MinutesAct.SUBMIT_TO_SILENCE)
    version = _body(session, minutes)
    texts = [LanguageVersion(version.lang, _title(session, meeting_id, version.lang), version.body)]
    if minutes.draft_id is None:
        draft = deliberation.create_draft(
            session,
            kind="report",
            organ=minutes.organ_id,
            texts=texts,
            original_lang=version.lang,
            sponsor="secretariat" if actor.is_secretariat else "chair",
            actor=actor,
            now=now,
        )
        deliberation.circulate(session, draft.id, actor=actor, now=now)
        minutes.draft_id = draft.id
    else:
        deliberation.revise(
            session,
            minutes.draft_id,
            texts=texts,
            note=f"minutes version {version.number}",
            actor=actor,
            now=now,
        )
    procedure = deliberation.start_silence(
        session, minutes.draft_id, period=period, deadline=deadline, actor=actor, now=now
    )
    minutes.procedure_id = procedure.id
    _step(session, minutes, MinutesAct.SUBMIT_TO_SILENCE, by=actor, now=now, procedure_id=procedure.id)
    audit.record(
        session,
        actor=actor,
        action="minutes.approve",
        objects=[f"minutes:{minutes.id}", f"meeting:{meeting_id}", f"procedure:{procedure.id}"],
        summary=f"the minutes of meeting {meeting_id} (version {minutes.current_version}) put to silence "
        f"procedure {procedure.id} until {procedure.deadline.isoformat() if procedure.deadline else '?'}",
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
            _step(session, minutes, MinutesAct.SILENCE_ADOPTED, by=SYSTEM, now=now, procedure_id=procedure_id)
            _freeze(session, minutes, by=SYSTEM, now=now)
            what = "approved by silence procedure, and frozen"
        else:
            minutes.procedure_id = None
            _step(session, minutes, MinutesAct.SILENCE_BROKEN, by=SYSTEM, now=now, procedure_id=procedure_id)
            what = "not approved (silence broken): back to the delegations for correction"
        audit.record(
            session,
            actor=SYSTEM,
            action="minutes.settle",
            objects=[f"minutes:{minutes.id}", f"meeting:{minutes.meeting_id}", f"procedure:{procedure_id}"],
            summary=f"the minutes of meeting {minutes.meeting_id} (version {minutes.current_version}) {what}",
        )
