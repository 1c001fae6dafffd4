"""Writes on drafts: create, revise, circulate, forward, withdraw, reject.

Each verb authorises first, applies the pure rules (`rules.transition`, the amendment and text
rules), writes, and records the audit entry in the same transaction; a refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access import rules as access_rules
from cica.access.actors import Actor
from cica.access.queries import viewer, visible_to
from cica.core import search
from cica.core.errors import InvalidInput, NotFound
from cica.deliberation import participants, rules
from cica.deliberation.models import Decision, Draft, DraftRevision, RevisionText
from cica.deliberation.narration import Event, EventKind, NoticeKind, RevisionOrigin, sponsor_param
from cica.deliberation.operations.common import (
    Entry,
    Notice,
    act_on_draft,
    add_change,
    add_event,
    announce,
    apply_state,
    authorized_moment,
    check_may_withdraw,
    check_version,
    load_draft,
    moment,
    record_on,
)
from cica.deliberation.texts import LanguageVersion, language_versions


def create_draft(
    session: Session,
    *,
    kind: str,
    organ: str,
    texts: Sequence[LanguageVersion],
    original_lang: str,
    sponsor: str,
    classification: str = "public",
    named: Sequence[str] = (),
    amends: str | None = None,
    supersedes: str | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> Draft:
    """A new draft of `kind` in `organ`, at revision 1, being drafted (not yet circulated)."""
    now, known, day = authorized_moment(session, actor, "draft.create", now, on=f"organ:{organ}")
    state = rules.new_draft(kind, organ, known.competences(day))
    who = viewer(session, actor, day)
    chosen_sponsor = participants.Sponsor.parse(sponsor)
    if chosen_sponsor.code is not None:
        participants.check_sponsor(chosen_sponsor, known.delegation(chosen_sponsor.code, day))
    level = access_rules.parse_classification(classification)
    encoded = access_rules.encode_named(named)
    if level == "confidential" and not encoded:
        raise InvalidInput("a confidential draft names the delegations it is shown to (rule: classification)")
    if level != "confidential" and encoded:
        raise InvalidInput("only a confidential draft names delegations; the others are shown by category")
    for code in access_rules.decode_named(encoded):
        known.delegation(code, day)
    versions = language_versions(texts, original_lang, number=1)
    draft = Draft(
        kind=kind,
        organ_id=state.organ,
        stage=state.stage,
        forwarded_by=None,
        recommended=False,
        sponsor_kind=chosen_sponsor.kind,
        sponsor_code=chosen_sponsor.code,
        classification=level,
        named=encoded,
        original_lang=original_lang,
        title=versions[0].title,
        current_revision=1,
        amends_id=_decision_id(session, amends, "amends", who),
        supersedes_id=_decision_id(session, supersedes, "supersedes", who),
        version=1,
        created_at=now,
        created_by=actor.email,
        updated_at=now,
    )
    session.add(draft)
    session.flush()
    add_revision(session, draft, 1, versions, origin={"kind": RevisionOrigin.FIRST}, actor=actor, now=now)
    sponsor_value = sponsor_param(chosen_sponsor.kind.value, chosen_sponsor.code)
    add_event(
        session,
        draft,
        actor=actor,
        now=now,
        revision=1,
        event=Event(EventKind.CREATED, {"sponsor": sponsor_value}),
    )
    record_on(
        session,
        draft,
        f"created draft {draft.id} ({kind}, {organ}): {draft.title}",
        action="draft.create",
        actor=actor,
    )
    return draft


def _decision_id(
    session: Session, symbol: str | None, link: str, who: access_rules.Viewer | None
) -> int | None:
    if not symbol:
        return None
    # A decision the actor may not see is answered as missing: its existence is not disclosed.
    found = session.scalar(
        select(Decision.id).where(
            Decision.symbol == symbol.strip(),
            visible_to(who, Decision.classification.expression, Decision.named.expression),
        )
    )
    if found is None:
        raise NotFound(f"no decision {symbol!r} in the register: a draft {link} an adopted decision")
    return found


def add_revision(
    session: Session,
    draft: Draft,
    number: int,
    versions: Sequence[LanguageVersion],
    *,
    origin: dict[str, Any],
    note: str = "",
    note_lang: str | None = None,
    actor: Actor,
    now: datetime,
) -> DraftRevision:
    """Revision `number` with its texts; `origin` says why the system made it, `note` is what the
    person who made it typed (in `note_lang`)."""
    revision = DraftRevision(
        draft_id=draft.id,
        number=number,
        note=note,
        note_lang=(note_lang or draft.original_lang) if note else None,
        origin=origin,
        created_at=now,
        created_by=actor.email,
    )
    session.add(revision)
    session.flush()
    session.add_all(
        RevisionText(
            revision_id=revision.id,
            lang=version.lang,
            original=version.lang == draft.original_lang,
            title=version.title,
            body=version.body,
        )
        for version in versions
    )
    draft.current_revision = number
    draft.title = next(v.title for v in versions if v.lang == draft.original_lang)
    search.index(session, search.Subject.DRAFT, [(draft.id, [v.title for v in versions])])
    return revision


def revise(
    session: Session,
    draft_id: int,
    *,
    texts: Sequence[LanguageVersion],
    note: str = "",
    note_lang: str | None = None,
    expected_version: int | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> DraftRevision:
    """A new revision with the texts given (the original language among them); a note is kept
    as typed, in `note_lang` (by default the draft's original language)."""
    now, known, day, draft, state = act_on_draft(session, draft_id, "draft.revise", actor=actor, now=now)
    check_version(draft, expected_version)
    rules.transition(state, rules.Revise(), known.competences(day))
    number = draft.current_revision + 1
    versions = language_versions(texts, draft.original_lang, number=number)
    revision = add_revision(
        session,
        draft,
        number,
        versions,
        origin={"kind": RevisionOrigin.REVISED},
        note=note.strip(),
        note_lang=note_lang,
        actor=actor,
        now=now,
    )
    revised = Event(EventKind.REVISED, {"revision": number, "langs": [v.lang for v in versions]})
    add_change(session, draft, revised, actor=actor, now=now, revision=number)
    langs = ", ".join(v.lang for v in versions)
    record_on(
        session,
        draft,
        f"draft {draft.id}: revision {number} ({langs})",
        f"revision:{revision.id}",
        action="draft.revise",
        actor=actor,
    )
    return revision


def circulate(session: Session, draft_id: int, *, actor: Actor, now: datetime | None = None) -> Draft:
    """Opens negotiation in the holding organ (a new draft, or one forwarded to it) and tells its
    members."""
    now, known, day, draft, state = act_on_draft(session, draft_id, "draft.circulate", actor=actor, now=now)
    competences = known.competences(day)
    apply_state(draft, rules.transition(state, rules.OpenNegotiation(), competences), now)
    circulated = Event(EventKind.CIRCULATED, {"organ": draft.organ_id, "revision": draft.current_revision})
    payload = {"draft": draft.id, "organ": draft.organ_id, "revision": draft.current_revision}
    # Everyone who sits in the organ follows its negotiations, observers included.
    sitting = [d.code for d in known.sitting(draft.organ_id, day)]
    summary = f"draft {draft.id} under negotiation in {draft.organ_id}"
    entry = Entry(action="draft.circulate", objects=[f"draft:{draft.id}"], summary=summary)
    notice = Notice(NoticeKind.CIRCULATED, payload, sitting)
    announce(session, draft, circulated, notice, entry, actor=actor, now=now, revision=draft.current_revision)
    return draft


def forward(session: Session, draft_id: int, *, to: str, actor: Actor, now: datetime | None = None) -> Draft:
    """Passes the draft on to organ `to`, where the charter allows, without a recommendation."""
    now, known, day, draft, state = act_on_draft(session, draft_id, "draft.forward", actor=actor, now=now)
    sender = draft.organ_id
    apply_state(draft, rules.transition(state, rules.Forward(to), known.competences(day)), now)
    add_event(
        session,
        draft,
        actor=actor,
        now=now,
        organ=sender,
        to_organ=to,
        revision=draft.current_revision,
        event=Event(EventKind.FORWARDED, {"from": sender, "to": to}),
    )
    record_on(
        session,
        draft,
        f"draft {draft.id} forwarded from {sender} to {to}",
        action="draft.forward",
        actor=actor,
    )
    return draft


def withdraw(session: Session, draft_id: int, *, actor: Actor, now: datetime | None = None) -> Draft:
    """Withdraws the draft: only its sponsor may, and never while a procedure is open."""
    now, known, day = moment(session, now)
    draft, state = load_draft(session, draft_id, actor, day)
    sponsor = participants.Sponsor(participants.SponsorKind(draft.sponsor_kind), draft.sponsor_code)
    check_may_withdraw(session, actor, sponsor, day, objects=[f"draft:{draft.id}"])
    apply_state(draft, rules.transition(state, rules.Withdraw(), known.competences(day)), now)
    withdrawn = Event(EventKind.WITHDRAWN, {"sponsor": sponsor_param(sponsor.kind.value, sponsor.code)})
    add_event(session, draft, actor=actor, now=now, event=withdrawn)
    record_on(
        session, draft, f"draft {draft.id} withdrawn by {sponsor.label}", action="draft.withdraw", actor=actor
    )
    return draft


def reject(session: Session, draft_id: int, *, actor: Actor, now: datetime | None = None) -> Draft:
    """The holding organ ends work on the draft without adopting it."""
    now, known, day, draft, state = act_on_draft(session, draft_id, "draft.reject", actor=actor, now=now)
    apply_state(draft, rules.transition(state, rules.Reject(), known.competences(day)), now)
    add_event(
        session, draft, actor=actor, now=now, event=Event(EventKind.NOT_ADOPTED, {"organ": draft.organ_id})
    )
    record_on(
        session,
        draft,
        f"draft {draft.id} not adopted by {draft.organ_id}",
        action="draft.reject",
        actor=actor,
    )
    return draft
