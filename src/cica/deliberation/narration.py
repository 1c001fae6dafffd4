"""What happened, as structured events, and the sentence that tells it in the reader's language.

The operations store events as a kind and parameters (organ ids, participant codes, revision
numbers, counts, the deadline as an instant), never as a sentence. Pages, the API and the CLI
render them here, at read time, through Babel: plural forms with `ngettext`, organ and
participant names in the reader's language (given by the caller from the registry), durations
with `format_timedelta` and instants with `format_datetime` in the seat's zone and the reader's.

Pure: no I/O; the names come in as a `Names`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_timedelta
from babel.lists import format_list

from cica.core.i18n import translations


class EventKind(StrEnum):
    """A step in a draft's history; the notices use the same kinds."""

    CREATED = "created"
    REVISED = "revised"
    CIRCULATED = "circulated"
    FORWARDED = "forwarded"
    WITHDRAWN = "withdrawn"
    NOT_ADOPTED = "not_adopted"
    AMENDMENT_PROPOSED = "amendment_proposed"
    AMENDMENT_ACCEPTED = "amendment_accepted"
    AMENDMENT_REJECTED = "amendment_rejected"
    AMENDMENT_WITHDRAWN = "amendment_withdrawn"
    CONSENSUS_OPENED = "consensus_opened"
    SILENCE_STARTED = "silence_started"
    SILENCE_BROKEN = "silence_broken"
    ADOPTED = "adopted"
    RECOMMENDED = "recommended"
    RETURNED = "returned"


class NoticeKind(StrEnum):
    """What a notice announces (stored in `notification.kind`): mostly its event's kind, except
    that a text returned by a procedure is announced as not adopted."""

    CIRCULATED = "circulated"
    SILENCE_STARTED = "silence_started"
    SILENCE_BROKEN = "silence_broken"
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"
    RECOMMENDED = "recommended"


class Ending(StrEnum):
    """How a silence procedure ended (a consensus procedure's ending is its stored outcome)."""

    BROKEN = "broken"
    ADOPTED_AT_DEADLINE = "adopted_at_deadline"
    FAILED_AT_DEADLINE = "failed_at_deadline"


class RevisionOrigin(StrEnum):
    """Why a revision was made."""

    FIRST = "first"
    REVISED = "revised"
    AMENDMENTS = "amendments"


SYSTEM_ACTOR = "system"


@dataclass(frozen=True)
class Event:
    """A kind and its parameters, as stored (JSON) and as the API returns it."""

    kind: EventKind
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, **self.params}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        params = {key: value for key, value in data.items() if key != "kind"}
        return cls(EventKind(data["kind"]), params)


@dataclass(frozen=True)
class Names:
    """The names of organs and participants in the reader's language, and the zones to show."""

    lang: str
    organ: Callable[[str], str] = str
    participant: Callable[[str], str] = str
    seat_zone: str = "UTC"
    reader_zone: str | None = None


def sponsor_param(kind: str, code: str | None) -> str:
    """A sponsor as events store it: `secretariat`, `chair` or a participant code."""
    return code if kind == "delegation" and code else kind


class Narrator:
    """Renders events, outcomes and notes in one language."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.lang = names.lang
        catalogue = translations(names.lang)
        self._ = catalogue.gettext
        self.ngettext = catalogue.ngettext
        self.locale = Locale.parse(names.lang)

    # -- the pieces of a sentence --------------------------------------------------------------

    def organ(self, organ_id: str | None) -> str:
        return self.names.organ(organ_id) if organ_id else ""

    def participant(self, code: str) -> str:
        return self.names.participant(code)

    def participants(self, codes: Sequence[str]) -> str:
        return format_list([self.participant(code) for code in codes], locale=self.locale)

    def sponsor(self, value: str) -> str:
        if value == "secretariat":
            return self._("the Secretariat")
        if value == "chair":
            return self._("the Chair")
        return self.participant(value)

    def actor(self, email: str) -> str:
        """Who acted: an e-mail address, or the system itself in words."""
        return self._("the system") if email == SYSTEM_ACTOR else email

    def language(self, lang: str) -> str:
        try:
            return Locale.parse(lang.replace("-", "_")).get_display_name(self.locale) or lang
        except (ValueError, LookupError):
            return lang

    def languages(self, langs: Sequence[str]) -> str:
        return format_list([self.language(lang) for lang in langs], locale=self.locale)

    def moment(self, value: datetime | str) -> str:
        """An instant in the seat's zone, and in the reader's when it differs."""
        instant = datetime.fromisoformat(value) if isinstance(value, str) else value
        zones = [self.names.seat_zone]
        if self.names.reader_zone and self.names.reader_zone not in zones:
            zones.append(self.names.reader_zone)
        shown = [
            format_datetime(instant, "medium", tzinfo=ZoneInfo(zone), locale=self.locale) + f" {zone}"
            for zone in zones
        ]
        return "; ".join(shown)

    def day(self, value: str) -> str:
        return format_date(datetime.fromisoformat(value).date(), "long", locale=self.locale)

    def duration(self, seconds: float) -> str:
        """`2 weeks`, `10 days`, `1 day 12 hours`: exact, in the reader's language.

        Each part is formatted by `format_timedelta` with the part's own value as threshold, so
        that Babel keeps the unit chosen here instead of rounding 10 days to "1 week".
        """
        rest = int(seconds)
        parts: list[tuple[int, int]] = []
        if rest and rest % 604_800 == 0:
            parts.append((rest // 604_800, 604_800))
            rest = 0
        for size in (86_400, 3_600, 60, 1):
            value, rest = divmod(rest, size)
            if value:
                parts.append((value, size))
        if not parts:
            return format_timedelta(timedelta(0), locale=self.locale, format="long")
        return " ".join(
            format_timedelta(
                timedelta(seconds=value * size), threshold=value, locale=self.locale, format="long"
            )
            for value, size in parts
        )

    def numbers(self, numbers: Sequence[int]) -> str:
        """`paragraph 3`, `paragraphs 2–4` or `paragraphs 2, 5 and 7`."""
        ordered = sorted(set(numbers))
        if len(ordered) == 1:
            return self._("paragraph %(number)d") % {"number": ordered[0]}
        if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
            return self._("paragraphs %(first)d–%(last)d") % {"first": ordered[0], "last": ordered[-1]}
        listed = format_list([str(n) for n in ordered], locale=self.locale)
        return self._("paragraphs %(numbers)s") % {"numbers": listed}

    def amendment(self, kind: str, paragraphs: Sequence[int], after: int | None, revision: int | None) -> str:
        """`replace paragraph 3 (revision 1)`, `insert at the start`, `delete paragraphs 2–4` …"""
        if kind == "insert":
            what = (
                self._("insert at the start")
                if not after
                else self._("insert after paragraph %(number)d") % {"number": after}
            )
        elif kind == "replace":
            what = self._("replace %(paragraphs)s") % {"paragraphs": self.numbers(paragraphs)}
        else:
            what = self._("delete %(paragraphs)s") % {"paragraphs": self.numbers(paragraphs)}
        if revision is None:
            return what
        return self._("%(change)s (revision %(revision)d)") % {"change": what, "revision": revision}

    def purpose(self, to: str | None) -> str:
        if to:
            return self._("a recommendation to the %(organ)s") % {"organ": self.organ(to)}
        return self._("adoption")

    # -- whole sentences -----------------------------------------------------------------------

    def outcome(self, outcome: Mapping[str, Any], *, recommending: bool = False) -> str:
        """A consensus procedure's outcome (`ConsensusOutcome.to_dict()`) in one sentence; a round
        that recommends the text to another organ reads "recommended" rather than "adopted"."""
        if outcome.get("adopted"):
            reservations = len(outcome.get("reservations") or [])
            if recommending:
                if not reservations:
                    return self._("recommended by consensus")
                return self.ngettext(
                    "recommended by consensus with %(num)d reservation",
                    "recommended by consensus with %(num)d reservations",
                    reservations,
                ) % {"num": reservations}
            if not reservations:
                return self._("adopted by consensus")
            return self.ngettext(
                "adopted by consensus with %(num)d reservation",
                "adopted by consensus with %(num)d reservations",
                reservations,
            ) % {"num": reservations}
        quorum = outcome.get("quorum")
        present = int(outcome.get("members_present") or 0)
        if not outcome.get("quorum_met", True) or present == 0:
            if quorum is None or (present == 0 and not quorum):
                return self._("not adopted: no member present")
            return self.ngettext(
                "not adopted: quorum of %(num)d member not met (%(present)d present)",
                "not adopted: quorum of %(num)d members not met (%(present)d present)",
                int(quorum),
            ) % {"num": int(quorum), "present": present}
        objectors = [remark["participant"] for remark in outcome.get("objections") or []]
        return self.ngettext(
            "not adopted: objection by %(names)s", "not adopted: objections by %(names)s", len(objectors)
        ) % {"names": self.participants(objectors)}

    def ending(self, ending: Mapping[str, Any]) -> str:
        """How a silence procedure ended."""
        kind = Ending(ending["kind"])
        if kind is Ending.BROKEN:
            return self._("silence broken by %(participant)s (%(kind)s)") % {
                "participant": self.participant(ending["by"]),
                "kind": self.break_kind(ending["break"]),
            }
        if kind is Ending.ADOPTED_AT_DEADLINE:
            return self._("adopted by silence at the deadline")
        return self._("not adopted at the deadline: %(reason)s") % {"reason": ending.get("reason", "")}

    def break_kind(self, kind: str) -> str:
        return self._("written objection") if kind == "objection" else self._("proposed amendment")

    def revision_note(self, origin: Mapping[str, Any] | None) -> str:
        """Why a revision was made, when the system knows it (a note typed by someone is shown as typed)."""
        if not origin:
            return ""
        kind = RevisionOrigin(origin["kind"])
        if kind is RevisionOrigin.FIRST:
            return self._("first revision")
        if kind is RevisionOrigin.REVISED:
            return self._("revised")
        accepted = [
            self._("A-%(number)d (%(proposer)s)") % {"number": a["number"], "proposer": a["proposer"]}
            for a in origin.get("amendments", [])
        ]
        return self.ngettext("%(list)s accepted", "%(list)s accepted", len(accepted)) % {
            "list": format_list(accepted, locale=self.locale)
        }

    def event(self, event: Event) -> str:
        """One step of a draft's history."""
        p = event.params
        kind = event.kind
        if kind is EventKind.CREATED:
            return self._("Created by %(sponsor)s") % {"sponsor": self.sponsor(p["sponsor"])}
        if kind is EventKind.REVISED:
            return self._("Revision %(revision)d (%(languages)s)") % {
                "revision": p["revision"],
                "languages": self.languages(p.get("langs", [])),
            }
        if kind is EventKind.CIRCULATED:
            return self._("Circulated for negotiation in the %(organ)s") % {"organ": self.organ(p["organ"])}
        if kind is EventKind.FORWARDED:
            return self._("Forwarded from the %(sender)s to the %(receiver)s") % {
                "sender": self.organ(p["from"]),
                "receiver": self.organ(p["to"]),
            }
        if kind is EventKind.WITHDRAWN:
            return self._("Withdrawn by %(sponsor)s") % {"sponsor": self.sponsor(p["sponsor"])}
        if kind is EventKind.NOT_ADOPTED:
            return self._("Not adopted by the %(organ)s") % {"organ": self.organ(p["organ"])}
        if kind is EventKind.AMENDMENT_PROPOSED:
            return self._("A-%(number)d proposed by %(proposer)s: %(change)s") % {
                "number": p["number"],
                "proposer": self.participant(p["proposer"]),
                "change": self.amendment(
                    p["change"], p.get("paragraphs", []), p.get("after"), p.get("revision")
                ),
            }
        if kind is EventKind.AMENDMENT_ACCEPTED:
            return self._("A-%(number)d accepted into revision %(revision)d") % {
                "number": p["number"],
                "revision": p["revision"],
            }
        if kind is EventKind.AMENDMENT_REJECTED:
            return self._("A-%(number)d rejected") % {"number": p["number"]}
        if kind is EventKind.AMENDMENT_WITHDRAWN:
            return self._("A-%(number)d withdrawn") % {"number": p["number"]}
        if kind is EventKind.CONSENSUS_OPENED:
            return self.ngettext(
                "Revision %(revision)d put to %(purpose)s by consensus at the session of %(day)s "
                "(%(num)d delegation present)",
                "Revision %(revision)d put to %(purpose)s by consensus at the session of %(day)s "
                "(%(num)d delegations present)",
                p["present"],
            ) % {
                "revision": p["revision"],
                "purpose": self.purpose(p.get("to")),
                "day": self.day(p["held_on"]),
                "num": p["present"],
            }
        if kind is EventKind.SILENCE_STARTED:
            return self._(
                "Revision %(revision)d circulated for %(purpose)s under silence until %(deadline)s (%(period)s)"
            ) % {
                "revision": p["revision"],
                "purpose": self.purpose(p.get("to")),
                "deadline": self.moment(p["deadline"]),
                "period": self.duration(p["period_seconds"]),
            }
        if kind is EventKind.SILENCE_BROKEN:
            return self._("Silence broken by %(participant)s (%(kind)s)") % {
                "participant": self.participant(p["by"]),
                "kind": self.break_kind(p["break"]),
            }
        if kind is EventKind.ADOPTED:
            if p.get("procedure") == "silence":
                return self._("Adopted by silence procedure as %(symbol)s") % {"symbol": p["symbol"]}
            return self._("Adopted by consensus as %(symbol)s") % {"symbol": p["symbol"]}
        if kind is EventKind.RECOMMENDED:
            if p.get("procedure") == "silence":
                return self._("Recommended by silence procedure to the %(organ)s") % {
                    "organ": self.organ(p["to"])
                }
            return self._("Recommended by consensus to the %(organ)s") % {"organ": self.organ(p["to"])}
        # RETURNED: a procedure ended without adoption and the draft is negotiated again.
        if p.get("procedure") == "silence":
            return self._("Not adopted at the deadline (%(reason)s); back to negotiation") % {
                "reason": p["reason"]
            }
        return self._("Not adopted (%(outcome)s); back to negotiation") % {
            "outcome": self.outcome(p["outcome"])
        }


# The audit trail's and the command line's one-line English, with ids and codes as they are.
ENGLISH = Narrator(Names("en"))
