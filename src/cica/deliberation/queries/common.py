"""What the deliberation queries share: who may see what, names in a language, shown times."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement
from sqlalchemy.orm import QueryableAttribute, Session

from cica.access import rules as access_rules
from cica.access.actors import Actor
from cica.access.queries import viewer, visible_to
from cica.core import clock
from cica.core.errors import NotFound
from cica.deliberation import rules
from cica.deliberation.facts import Facts, facts
from cica.deliberation.models import Procedure
from cica.deliberation.narration import Event, EventKind, Names, Narrator
from cica.deliberation.silence import format_deadline
from cica.registry.collation import sort_key


class Classified(Protocol):
    @property
    def classification(self) -> str: ...
    @property
    def named(self) -> str: ...


C = TypeVar("C", bound=Classified)


class Told(BaseModel):
    """A sentence the system composed, and the language it is in (the element's `lang`)."""

    text: str
    lang: str


@dataclass(frozen=True)
class Reader:
    """Who reads, on which day, in which language: everything a query needs besides its filters."""

    facts: Facts
    viewer: access_rules.Viewer | None
    day: date
    lang: str
    zone: str | None = None  # the reader's own time zone, when known

    def may_see(self, classification: str, named: str) -> bool:
        return access_rules.may_see_stored(self.viewer, classification, named)

    def shown(self, row: C | None, what: str) -> C:
        """`row` if it exists and the reader may see it; otherwise "no <what>", the same answer for
        both, so that a hidden record's existence is not disclosed."""
        if row is None or not self.may_see(row.classification, row.named):
            raise hidden(what)
        return row

    def where_visible(
        self, classification: QueryableAttribute[str], named: QueryableAttribute[str]
    ) -> ColumnElement[bool]:
        """The SQL twin of `may_see`: lists and counts never include what the reader may not see."""
        return visible_to(self.viewer, classification.expression, named.expression)

    def competences(self) -> rules.Competences:
        return self.facts.competences(self.day, self.lang)

    def organ_name(self, organ_id: str | None) -> str:
        if organ_id is None:
            return ""
        return self.facts.organ_names(self.day, self.lang).get(organ_id, organ_id)

    def kind_name(self, kind: str) -> str:
        return self.facts.kind_name(kind, self.lang)

    def deadline(self, moment: datetime) -> str:
        return format_deadline(moment, self.facts.time_zone, self.zone)


def reader(
    session: Session,
    actor: Actor | None,
    lang: str = "en",
    zone: str | None = None,
    *,
    day: date | None = None,
) -> Reader:
    """Who reads (the actor's classification view), in which language and time zone, on which
    day (today at the seat by default): the one way every edge builds a reader."""
    known = facts(session)
    today = day or known.day_of(clock.now(session))
    return Reader(known, viewer(session, actor, today), today, lang, zone)


def names(session: Session, who: Reader) -> Mapping[str, str]:
    """Every participant's name in the reader's language on the day."""
    return who.facts.participant_names(session, who.day, who.lang)


class Named(Protocol):
    @property
    def name(self) -> str: ...


NamedItem = TypeVar("NamedItem", bound=Named)


def by_name(items: list[NamedItem], lang: str) -> list[NamedItem]:
    """People and states sorted by their name as readers of `lang` expect (registry.collation)."""
    return sorted(items, key=lambda item: sort_key(item.name, lang))


@dataclass(frozen=True)
class Seat:
    """A delegation sitting in an organ, named in the reader's language."""

    code: str
    name: str
    may_object: bool


def seats(session: Session, who: Reader, organ_id: str) -> list[Seat]:
    """Who sits in the organ on the reader's day, sorted by name in the reader's language."""
    known = names(session, who)
    found = [
        Seat(d.code, known.get(d.code, d.code), d.may_object) for d in who.facts.sitting(organ_id, who.day)
    ]
    return by_name(found, who.lang)


def narrator(session: Session, who: Reader) -> Narrator:
    """Sentences in the reader's language, with organ and participant names from the registry."""
    named = names(session, who)
    return Narrator(
        Names(
            who.lang,
            organ=who.organ_name,
            participant=lambda code: named.get(code, code),
            seat_zone=who.facts.time_zone,
            reader_zone=who.zone,
        )
    )


def told_event(narrating: Narrator, action: str, params: dict[str, Any] | None, legacy: str | None) -> Told:
    """A history step in the reader's language; a line stored before events were structured
    (migration 0004i could not parse it) stays English and says so."""
    if params is not None:
        return Told(text=narrating.event(Event(EventKind(action), params)), lang=narrating.lang)
    return Told(text=legacy or "", lang="en")


def told_ending(narrating: Narrator, procedure: Procedure) -> Told | None:
    """How a procedure ended, in the reader's language (None while it is open)."""
    if procedure.ending is not None:
        return Told(text=narrating.ending(procedure.ending), lang=narrating.lang)
    if procedure.outcome is not None:
        recommending = procedure.recommend_to is not None
        return Told(text=narrating.outcome(procedure.outcome, recommending=recommending), lang=narrating.lang)
    if procedure.summary:
        return Told(text=procedure.summary, lang="en")
    return None


def hidden(what: str) -> NotFound:
    """The answer for something the reader may not see: the same as for something missing."""
    return NotFound(f"no {what}")


@dataclass(frozen=True)
class OrganChoice:
    id: str
    name: str
    kinds: tuple[str, ...]  # the document kinds a draft of which may start here


@dataclass(frozen=True)
class NewDraftChoices:
    """What the new-draft form offers: only choices the rules accept (the operation checks again)."""

    kinds: list[tuple[str, str]]
    organs: list[OrganChoice]
    sponsors: list[tuple[str, str]]  # (value, label): the Secretariat, the Chair, delegations
    sponsor: str  # the default: the reader's own delegation when it may sponsor
    languages: list[str]  # the charter's languages, official first


def new_draft_choices(session: Session, who: Reader, own_delegation: str | None) -> NewDraftChoices:
    competences = who.competences()
    kinds = who.facts.kinds
    organs = [
        OrganChoice(organ_id, who.organ_name(organ_id), tuple(k for k in kinds if organ.handles(k)))
        for organ_id in who.facts.organ_ids
        if (organ := competences.organs[organ_id]).adopts or organ.recommends
    ]
    proposers = {
        seat.code: seat
        for organ in organs
        for seat in seats(session, who, organ.id)
        if who.facts.delegation(seat.code, who.day).may_propose
    }
    ordered = by_name(list(proposers.values()), who.lang)
    languages = who.facts.charter.organisation.languages
    return NewDraftChoices(
        kinds=[(k, who.kind_name(k)) for k in kinds],
        organs=organs,
        sponsors=[("secretariat", ""), ("chair", "")] + [(s.code, s.name) for s in ordered],
        sponsor=own_delegation if own_delegation in proposers else "secretariat",
        languages=list(dict.fromkeys([*languages.official, *languages.working])),
    )
