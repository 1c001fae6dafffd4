"""The minutes' lifecycle and who sees which version. Pure: values in, values out.

DRAFTED → CIRCULATED → (CORRECTED …) → APPROVED → FROZEN; approval by silence passes through
UNDER_SILENCE, and a broken silence sends the minutes back to CIRCULATED for correction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cica.core.errors import Conflict, InvalidInput
from cica.deliberation.texts import split_paragraphs


class MinutesState(StrEnum):
    DRAFTED = "drafted"
    CIRCULATED = "circulated"
    CORRECTED = "corrected"
    UNDER_SILENCE = "under_silence"
    APPROVED = "approved"
    FROZEN = "frozen"


class MinutesAct(StrEnum):
    """What moves the minutes from one state to the next."""

    DRAFT = "draft"
    CIRCULATE = "circulate"
    CORRECT = "correct"
    SUBMIT_TO_SILENCE = "submit_to_silence"
    SILENCE_BROKEN = "silence_broken"
    SILENCE_ADOPTED = "silence_adopted"
    APPROVE = "approve"
    FREEZE = "freeze"


class Approval(StrEnum):
    """How the minutes were approved."""

    AT_MEETING = "at_meeting"
    BY_SILENCE = "by_silence"


class Audience(StrEnum):
    """Who reads: the Secretariat sees every version, delegations the circulated ones, the
    public only the approved, frozen text."""

    SECRETARIAT = "secretariat"
    DELEGATION = "delegation"
    PUBLIC = "public"


S = MinutesState
A = MinutesAct
# The one table of allowed transitions: (state, act) → the state it leads to.
TRANSITIONS: dict[tuple[MinutesState, MinutesAct], MinutesState] = {
    (S.DRAFTED, A.CORRECT): S.DRAFTED,
    (S.DRAFTED, A.CIRCULATE): S.CIRCULATED,
    (S.CIRCULATED, A.CORRECT): S.CORRECTED,
    (S.CORRECTED, A.CORRECT): S.CORRECTED,
    (S.CIRCULATED, A.APPROVE): S.APPROVED,
    (S.CORRECTED, A.APPROVE): S.APPROVED,
    (S.CIRCULATED, A.SUBMIT_TO_SILENCE): S.UNDER_SILENCE,
    (S.CORRECTED, A.SUBMIT_TO_SILENCE): S.UNDER_SILENCE,
    (S.UNDER_SILENCE, A.SILENCE_ADOPTED): S.APPROVED,
    (S.UNDER_SILENCE, A.SILENCE_BROKEN): S.CIRCULATED,
    (S.APPROVED, A.FREEZE): S.FROZEN,
}

_WHY: dict[MinutesState, str] = {
    S.DRAFTED: "the minutes are still being drafted: circulate them to the delegations first "
    "(rule: minutes are circulated before they are approved)",
    S.CIRCULATED: "the minutes are circulated: approve them first (rule: only approved minutes are frozen)",
    S.CORRECTED: "the minutes are circulated: approve them first (rule: only approved minutes are frozen)",
    S.UNDER_SILENCE: "the minutes are under a silence procedure: they cannot be changed or approved "
    "otherwise until it ends (rule: a text under silence is not changed)",
    S.APPROVED: "the minutes are already approved (rule: minutes are approved once)",
    S.FROZEN: "the minutes are approved and frozen: the approved version cannot be changed or approved "
    "again (rule: frozen minutes are immutable)",
}


def transition(state: MinutesState, act: MinutesAct) -> MinutesState:
    """The state `act` leads to from `state`; refused, naming the rule, where it is not allowed."""
    reached = TRANSITIONS.get((state, act))
    if reached is None:
        if act is A.CIRCULATE and state in (S.CIRCULATED, S.CORRECTED):
            raise Conflict("the minutes are already circulated (rule: minutes are circulated once)")
        raise Conflict(_WHY[state])
    return reached


def may(state: MinutesState, act: MinutesAct) -> bool:
    """Whether `act` is allowed from `state`: what the pages offer, the same table as `transition`."""
    return (state, act) in TRANSITIONS


def check_new(existing: bool) -> None:
    if existing:
        raise Conflict(
            "this meeting already has minutes: correct them instead (rule: one set of minutes per meeting)"
        )


# --- Texts ------------------------------------------------------------------------------------

_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$")
MAX_PARAGRAPHS = 2000


def check_language(tag: str) -> str:
    """A BCP 47 tag as the charter writes them (`en`, `ru`, `zh-Hans`, `fr-CH`)."""
    cleaned = tag.strip()
    if not _LANGUAGE_TAG.match(cleaned):
        raise InvalidInput(
            f"lang: {tag!r} is not a language tag such as 'en', 'ru' or 'zh-Hans'", field="lang"
        )
    return cleaned


def paragraphs(text: str) -> tuple[str, ...]:
    """The numbered paragraphs of a version (blank lines separate them, as in drafts); at least one."""
    found = tuple(paragraph.text for paragraph in split_paragraphs(text))
    if not found:
        raise InvalidInput("text: the minutes need at least one paragraph", field="text")
    if len(found) > MAX_PARAGRAPHS:
        raise InvalidInput(f"text: the minutes have more than {MAX_PARAGRAPHS} paragraphs", field="text")
    return found


def check_changed(previous: tuple[str, ...], new: tuple[str, ...]) -> None:
    if previous == new:
        raise InvalidInput("text: the correction changes nothing: it is the current version", field="text")


# --- Approval at a meeting --------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingFacts:
    """What the approval rule needs of a meeting."""

    id: int
    organ: str
    starts_at: datetime
    cancelled: bool


def check_approving_meeting(minutes_of: MeetingFacts, at: MeetingFacts, now: datetime) -> None:
    """Minutes are approved at a later meeting of the same organ, once it has begun."""
    if at.organ != minutes_of.organ:
        raise Conflict(
            f"meeting: meeting {at.id} is of another organ ({at.organ}); minutes are approved by the organ "
            f"that met ({minutes_of.organ}) (rule: approved at the next meeting of the same organ)",
            field="meeting",
        )
    if at.starts_at <= minutes_of.starts_at:
        raise Conflict(
            f"meeting: meeting {at.id} is not later than meeting {minutes_of.id} "
            "(rule: approved at the next meeting of the same organ)",
            field="meeting",
        )
    if at.cancelled:
        raise Conflict(
            f"meeting: meeting {at.id} was cancelled (rule: approved at a meeting held)", field="meeting"
        )
    if at.starts_at > now:
        raise Conflict(
            f"meeting: meeting {at.id} has not begun: record the approval once it has (rule: approved at a meeting held)",
            field="meeting",
        )


# --- Who sees what ----------------------------------------------------------------------------


def visible_versions(
    audience: Audience, state: MinutesState, numbers: tuple[int, ...], first_circulated: int | None
) -> tuple[int, ...]:
    """The version numbers `audience` may read, oldest first: every one for the Secretariat; for
    delegations those from the one first circulated on; for the public, once frozen, the last."""
    if audience is Audience.SECRETARIAT:
        return numbers
    if audience is Audience.DELEGATION:
        if first_circulated is None:
            return ()
        return tuple(number for number in numbers if number >= first_circulated)
    if state is S.FROZEN and numbers:
        return (numbers[-1],)
    return ()
