"""Charter facts as plain values, the draft lifecycle and one open procedure per draft.

Charter facts. The rules never read storage: `Delegation` carries what a participant's category
lets it do on the day, `Competences` what each organ may adopt, recommend and forward to. Both
are built from a `Charter` here (`delegation_on`, `Competences.from_charter`) or by the storage
layer from its rows. Who sits in an organ and who sponsors a draft are in `participants`.

The draft lifecycle. A draft of one document kind moves along the charter's path:

    drafting ──OpenNegotiation──▶ under_negotiation(organ) ──Forward(to)──▶ forwarded(to)
    forwarded(to) ──OpenNegotiation──▶ under_negotiation(to)
    under_negotiation ──OpenProcedure──▶ under_negotiation + an open procedure
    open procedure ──CloseProcedure(adopted)──▶ adopted(organ), or forwarded(to) as a
                                                 recommendation, or back to negotiation
    under_negotiation ──Reject──▶ not_adopted
    drafting, under_negotiation or forwarded ──Withdraw──▶ withdrawn

`transition(state, event, competences)` returns the new state or refuses the event. Adoption and
recommendation are decisions of the holding organ, so they happen only by closing a procedure
(consensus in session or silence) opened for that purpose; opening it already checks that the
organ may adopt the kind, or recommend it to the organ named. `Revise` and `ProposeAmendment`
change no state but are refused when the text may not change (a closed draft, an open procedure).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cica.charter.schema import Category, Charter, Organ
from cica.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from cica.registry.rules import one_in_force

# --- Charter facts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Delegation:
    """A participant and what its category on the day lets it do in deliberation."""

    code: str
    category: str
    may_propose: bool = False
    may_object: bool = False
    may_break_silence: bool = False

    @classmethod
    def of(cls, code: str, category: Category) -> Delegation:
        return cls(
            code,
            category.id,
            may_propose=category.may_propose,
            may_object=category.may_object,
            may_break_silence=category.may_break_silence,
        )

    def check_may_propose(self) -> None:
        """Refuses an amendment proposed by a delegation whose category may not propose."""
        if not self.may_propose:
            raise PermissionDenied(
                f"{self.code} may not propose amendments: its category {self.category!r} does not "
                f"give that right (charter: categories.{self.category}.may_propose)"
            )


def delegation_on(charter: Charter, code: str, day: date) -> Delegation:
    """The delegation of participant `code` with the rights of its category in force on `day`."""
    participant = next((p for p in charter.participants if p.code == code), None)
    if participant is None:
        raise NotFound(f"{code!r} is not a participant in the charter (charter: participants)")
    status = one_in_force(participant.statuses, day)
    if status is None:
        raise Conflict(
            f"{code} has no status in force on {day.isoformat()}: it does not take part in "
            "deliberation that day (charter: participants.statuses)"
        )
    category = next(c for c in charter.categories if c.id == status.category)
    return Delegation.of(code, category)


@dataclass(frozen=True)
class OrganCompetence:
    """What one organ may do with drafts, by document kind (charter: organs)."""

    id: str
    name: str
    adopts: frozenset[str] = frozenset()
    recommends: frozenset[str] = frozenset()
    forwards_to: frozenset[str] = frozenset()

    def handles(self, kind: str) -> bool:
        """A draft of `kind` may sit in this organ only if the organ can act on it."""
        return kind in self.adopts or kind in self.recommends

    def recommends_to(self, kind: str) -> list[str]:
        """The organs a procedure here may recommend a draft of `kind` to: those it forwards to,
        when it recommends that kind at all (the lifecycle then checks the path, as for forwarding)."""
        return sorted(self.forwards_to) if kind in self.recommends else []


@dataclass(frozen=True)
class Competences:
    """Every organ's competences and the document kinds' display names, for the rules."""

    organs: Mapping[str, OrganCompetence]
    kind_names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_charter(cls, charter: Charter, *, on: date, lang: str = "en") -> Competences:
        """The charter's competences, with organ names as they were on `on` (for messages)."""
        organs = {
            organ.id: OrganCompetence(
                organ.id,
                _name_on(organ, lang, on),
                frozenset(organ.adopts),
                frozenset(organ.recommends),
                frozenset(organ.forwards_to),
            )
            for organ in charter.organs
        }
        kinds = {
            kind.id: kind.name.get(lang) or kind.name.get("en") or kind.id for kind in charter.document_kinds
        }
        return cls(organs, kinds)

    def organ(self, organ_id: str) -> OrganCompetence:
        found = self.organs.get(organ_id)
        if found is None:
            raise NotFound(
                f"{organ_id!r} is not an organ of the charter (charter: organs)",
                code="unknown_organ",
                field="organ",
            )
        return found

    def check_kind(self, kind: str) -> None:
        """Refuses a kind the charter does not define (any kind passes if no names were given)."""
        if self.kind_names and kind not in self.kind_names:
            raise NotFound(
                f"{kind!r} is not a document kind of the charter (charter: document_kinds)",
                code="unknown_kind",
                field="kind",
            )

    def a_kind(self, kind: str) -> str:
        """`a declaration`, `an action plan`: the kind's name with its article, for messages."""
        name = _lower_title_words(self.kind_names.get(kind, kind.replace("_", " ")))
        first = name.split(" ", 1)[0].lower()
        # Plural names take no article: "may not adopt rules of procedure" (but "a status report").
        if first.endswith("s") and not first.endswith(("ss", "us")):
            return name
        return f"{'an' if first[:1] in 'aeiou' else 'a'} {name}"


def _name_on(organ: Organ, lang: str, day: date) -> str:
    """The organ's name in force on `day` in `lang`, else in English, else its id."""
    for language in (lang, "en"):
        current = one_in_force([n for n in organ.names if n.lang == language], day)
        if current is not None:
            return current.name
    return organ.id


def _lower_title_words(name: str) -> str:
    # "Plan of Implementation of CBMs" -> "plan of implementation of CBMs": lower-case the
    # capitalised words for running text, keep acronyms as written.
    return re.sub(r"\w+", lambda match: _lower_if_title(match.group(0)), name)


def _lower_if_title(word: str) -> str:
    return word.lower() if word[:1].isupper() and word[1:].islower() else word


def _the(organ: OrganCompetence) -> str:
    return f"the {organ.name}"


def _and(items: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def _the_organ(competences: Competences, organ_id: str) -> str:
    """`the Summit` for a known organ; the id itself for one the charter does not define."""
    organ = competences.organs.get(organ_id)
    return _the(organ) if organ is not None else repr(organ_id)


# --- One open procedure per draft -------------------------------------------------------------


class ProcedureKind(StrEnum):
    CONSENSUS = "consensus"
    SILENCE = "silence"


class ProcedureStatus(StrEnum):
    """Where a procedure stands: open, or ended with the text adopted, not adopted (consensus not
    reached, or a silence procedure that could no longer adopt), or silence broken."""

    OPEN = "open"
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"
    BROKEN = "broken"


class Purpose(StrEnum):
    """What a procedure's success does: adopt the text, or recommend it to another organ."""

    ADOPT = "adopt"
    RECOMMEND = "recommend"

    @classmethod
    def of(cls, recommend_to: str | None) -> Purpose:
        return cls.RECOMMEND if recommend_to else cls.ADOPT


def check_session_day(held_on: date, today: date, text_of: date) -> None:
    """A session is recorded on a day that has come, and not before the text it adopts existed:
    otherwise a decision could be dated to any day."""
    if held_on > today:
        raise InvalidInput(
            f"a session on {held_on.isoformat()} has not been held yet: today is {today.isoformat()} "
            "(rule: a session is recorded on or after the day it is held)"
        )
    if held_on < text_of:
        raise InvalidInput(
            f"a session on {held_on.isoformat()} is before the text put to it existed "
            f"({text_of.isoformat()}) (rule: a session adopts a text that exists)"
        )


def refuse_second_procedure(open_now: Iterable[ProcedureKind], wanted: ProcedureKind) -> None:
    """Refuses a procedure on a draft that already has one open (consensus or silence).

    `open_now` is what storage says is open on the draft; the lifecycle passes its own record.
    """
    already = next(iter(open_now), None)
    if already is not None:
        raise Conflict(
            f"the draft already has a {already.value} procedure open; close it before opening "
            f"a {wanted.value} procedure (rule: one open procedure per draft)"
        )


# --- The draft lifecycle ----------------------------------------------------------------------


class Stage(StrEnum):
    DRAFTING = "drafting"
    UNDER_NEGOTIATION = "under_negotiation"
    FORWARDED = "forwarded"
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"
    WITHDRAWN = "withdrawn"

    @property
    def closed(self) -> bool:
        """Adopted, not adopted and withdrawn drafts are final."""
        return self in (Stage.ADOPTED, Stage.NOT_ADOPTED, Stage.WITHDRAWN)


@dataclass(frozen=True)
class PendingProcedure:
    """The procedure open on a draft: what kind, and what a successful close does."""

    kind: ProcedureKind
    recommend_to: str | None = None  # None: the procedure adopts; else it recommends to this organ


@dataclass(frozen=True)
class DraftState:
    """Where a draft of one document kind stands.

    `organ` holds the draft: the organ negotiating it, the organ it was forwarded to (which has
    yet to take it up), or the organ that adopted or dropped it.
    """

    kind: str
    stage: Stage
    organ: str
    procedure: PendingProcedure | None = None
    forwarded_by: str | None = None
    recommended: bool = False

    def __post_init__(self) -> None:
        if self.procedure is not None and self.stage is not Stage.UNDER_NEGOTIATION:
            raise ValueError("only a draft under negotiation can have an open procedure")
        if (self.forwarded_by is not None) != (self.stage is Stage.FORWARDED):
            raise ValueError("a forwarded draft, and only one, records the organ that forwarded it")
        if self.recommended and self.stage is not Stage.FORWARDED:
            raise ValueError("only a forwarded draft can carry a recommendation")


@dataclass(frozen=True)
class OpenNegotiation:
    """The holding organ starts negotiating: a new draft is circulated, or a forwarded one taken up."""


@dataclass(frozen=True)
class Revise:
    """A new revision of the text (the sponsor's, or amendments accepted by the chair)."""


@dataclass(frozen=True)
class ProposeAmendment:
    """A delegation proposes an amendment to the text under negotiation."""


@dataclass(frozen=True)
class Forward:
    """The holding organ passes the draft on to `to` without a recommendation."""

    to: str


@dataclass(frozen=True)
class OpenProcedure:
    """The chair puts the text to a procedure, to adopt it or (with `recommend_to`) to recommend it."""

    kind: ProcedureKind
    recommend_to: str | None = None


@dataclass(frozen=True)
class CloseProcedure:
    """The open procedure ends: `adopted` says whether consensus or silence held."""

    adopted: bool


@dataclass(frozen=True)
class Reject:
    """The holding organ ends work on the draft without adopting it."""


@dataclass(frozen=True)
class Withdraw:
    """The sponsor withdraws the draft."""


Event = (
    OpenNegotiation | Revise | ProposeAmendment | Forward | OpenProcedure | CloseProcedure | Reject | Withdraw
)


def new_draft(kind: str, organ: str, competences: Competences) -> DraftState:
    """A new draft of `kind` in `organ`, which must be able to adopt or recommend that kind."""
    competences.check_kind(kind)
    holder = competences.organ(organ)
    if not holder.handles(kind):
        raise Conflict(
            f"{_the(holder)} neither adopts nor recommends {competences.a_kind(kind)}, so such a "
            f"draft cannot start there (charter: organs.{organ}.adopts, organs.{organ}.recommends)",
            code="organ_kind",
            field="organ",
        )
    return DraftState(kind, Stage.DRAFTING, organ)


def transition(state: DraftState, event: Event, competences: Competences) -> DraftState:
    """The state after `event`, or a domain error naming the rule the event breaks."""
    _refuse_on_closed(state, event, competences)
    match event:
        case OpenNegotiation():
            return _open_negotiation(state, competences)
        case Revise() | ProposeAmendment():
            _refuse_under_procedure(state, event, competences)
            if isinstance(event, ProposeAmendment) and state.stage is not Stage.UNDER_NEGOTIATION:
                raise Conflict(
                    f"amendments are proposed while the draft is under negotiation, and it is "
                    f"{_stage_label(state, competences)} (rule: drafting → negotiation → amendments)"
                )
            if state.stage is Stage.FORWARDED:
                raise Conflict(
                    f"the draft is {_stage_label(state, competences)}: the receiving organ takes it "
                    "up before its text changes (rule: a forwarded text is revised only in negotiation)"
                )
            return state
        case Forward(to=to):
            _require_negotiation(state, event, competences)
            return _forward(state, to, competences, recommended=False)
        case OpenProcedure(kind=kind, recommend_to=recommend_to):
            _require_negotiation(state, event, competences)
            _check_outcome_competence(state, recommend_to, competences)
            return DraftState(state.kind, state.stage, state.organ, PendingProcedure(kind, recommend_to))
        case CloseProcedure(adopted=adopted):
            return _close_procedure(state, adopted, competences)
        case Reject():
            _require_negotiation(state, event, competences)
            return DraftState(state.kind, Stage.NOT_ADOPTED, state.organ)
        case Withdraw():
            _refuse_under_procedure(state, event, competences)
            return DraftState(state.kind, Stage.WITHDRAWN, state.organ)
    raise TypeError(f"not a draft event: {event!r}")  # pragma: no cover - exhaustive match


def permits(state: DraftState, event: Event, competences: Competences) -> bool:
    """Whether `transition` would accept `event` now: for offering only the steps that can be taken."""
    try:
        transition(state, event, competences)
    except (Conflict, NotFound, PermissionDenied, InvalidInput):
        return False
    return True


def _verb(event: Event, competences: Competences) -> str:
    """What the event would do to the draft, as a past participle for messages."""
    match event:
        case OpenNegotiation():
            return "put under negotiation"
        case Revise():
            return "revised"
        case ProposeAmendment():
            return "amended"
        case Forward(to=to):
            return f"forwarded to {_the_organ(competences, to)}"
        case OpenProcedure(kind=kind, recommend_to=None):
            return f"put to adoption by {kind.value} procedure"
        case OpenProcedure(kind=kind, recommend_to=str() as to):
            return f"put to a recommendation to {_the_organ(competences, to)} by {kind.value} procedure"
        case CloseProcedure(adopted=True):
            return "adopted"
        case CloseProcedure(adopted=False):
            return "closed as not adopted"
        case Reject():
            return "rejected"
        case Withdraw():
            return "withdrawn"
    raise TypeError(f"not a draft event: {event!r}")  # pragma: no cover - exhaustive match


def _stage_label(state: DraftState, competences: Competences) -> str:
    name = _the_organ(competences, state.organ)
    match state.stage:
        case Stage.DRAFTING:
            return f"being drafted in {name}"
        case Stage.UNDER_NEGOTIATION:
            return f"under negotiation in {name}"
        case Stage.FORWARDED:
            return f"forwarded to {name}, which has not yet taken it up"
        case _:
            return state.stage.value.replace("_", " ")


def _refuse_on_closed(state: DraftState, event: Event, competences: Competences) -> None:
    if state.stage.closed:
        raise Conflict(
            f"the draft is {state.stage.value.replace('_', ' ')}: it cannot be {_verb(event, competences)} "
            "(rule: adopted, not adopted and withdrawn drafts are final)"
        )


def _refuse_under_procedure(state: DraftState, event: Event, competences: Competences) -> None:
    if state.procedure is not None:
        raise Conflict(
            f"the draft is under an open {state.procedure.kind.value} procedure: it cannot be "
            f"{_verb(event, competences)} until the procedure is closed (rule: the text under a procedure is "
            "frozen)"
        )


def _require_negotiation(state: DraftState, event: Event, competences: Competences) -> None:
    if isinstance(event, OpenProcedure) and state.procedure is not None:
        refuse_second_procedure([state.procedure.kind], event.kind)
    _refuse_under_procedure(state, event, competences)
    if state.stage is not Stage.UNDER_NEGOTIATION:
        raise Conflict(
            f"the draft is {_stage_label(state, competences)}: it cannot be {_verb(event, competences)} before "
            "the organ holding it has negotiated it (rule: drafting → negotiation → forwarding "
            "or adoption)"
        )


def _open_negotiation(state: DraftState, competences: Competences) -> DraftState:
    if state.stage not in (Stage.DRAFTING, Stage.FORWARDED):
        raise Conflict(
            f"the draft is already {_stage_label(state, competences)} (rule: negotiation opens "
            "on a new draft or on one forwarded to the organ)"
        )
    return DraftState(state.kind, Stage.UNDER_NEGOTIATION, state.organ)


def _forward(state: DraftState, to: str, competences: Competences, *, recommended: bool) -> DraftState:
    sender = competences.organ(state.organ)
    receiver = competences.organ(to)
    if to not in sender.forwards_to:
        allowed = _and([_the_organ(competences, o) for o in sorted(sender.forwards_to)])
        raise Conflict(
            f"{_the(sender)} may not forward drafts to {_the(receiver)}; "
            + (f"it forwards only to {allowed} " if allowed else "it forwards nowhere ")
            + f"(charter: organs.{sender.id}.forwards_to)"
        )
    if not receiver.handles(state.kind):
        raise Conflict(
            f"{_the(receiver)} neither adopts nor recommends {competences.a_kind(state.kind)}, so "
            f"the draft cannot go there (charter: organs.{to}.adopts, organs.{to}.recommends)"
        )
    return DraftState(state.kind, Stage.FORWARDED, to, forwarded_by=state.organ, recommended=recommended)


def _check_outcome_competence(state: DraftState, recommend_to: str | None, competences: Competences) -> None:
    """The holding organ must be competent for what a successful procedure will do."""
    organ = competences.organ(state.organ)
    kind = competences.a_kind(state.kind)
    if recommend_to is None:
        if state.kind in organ.adopts:
            return
        if state.kind in organ.recommends:
            raise Conflict(
                f"{_the(organ)} may only recommend {kind}, not adopt "
                f"{'it' if kind.startswith(('a ', 'an ')) else 'them'} (charter: organs.{organ.id}.adopts)"
            )
        raise Conflict(f"{_the(organ)} may not adopt {kind} (charter: organs.{organ.id}.adopts)")
    if state.kind not in organ.recommends:
        raise Conflict(f"{_the(organ)} may not recommend {kind} (charter: organs.{organ.id}.recommends)")
    # Recommending is forwarding with the organ's endorsement: the same path rules apply.
    _forward(state, recommend_to, competences, recommended=True)


def _close_procedure(state: DraftState, adopted: bool, competences: Competences) -> DraftState:
    if state.procedure is None:
        raise Conflict(
            f"the draft has no open procedure to close; it is {_stage_label(state, competences)} "
            "(rule: only an open procedure can be closed)"
        )
    if not adopted:
        # Consensus failed or silence was broken: the text goes back to the negotiating table.
        return DraftState(state.kind, Stage.UNDER_NEGOTIATION, state.organ)
    recommend_to = state.procedure.recommend_to
    # Competences are checked again: the charter may have changed while the procedure ran.
    _check_outcome_competence(state, recommend_to, competences)
    if recommend_to is None:
        return DraftState(state.kind, Stage.ADOPTED, state.organ)
    return _forward(state, recommend_to, competences, recommended=True)
