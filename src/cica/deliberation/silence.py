"""The silence procedure: a text circulated with a deadline, adopted unless silence is broken.

Times are timezone-aware datetimes, kept in UTC; the caller passes the clock (`now`, `at`), so
these rules never read it. A deadline is the instant it names, to the microsecond, and every
comparison with it is exact: against a 13:00:55.900 deadline a break at 13:00:55.5 is in time and
one at 13:00:55.900 is late.

- `start_silence`: the deadline is given outright or computed from a period ("P14D", "P2W"; the
  charter's `silence_procedure.default_period` when none is given) and must be in the future.
- `break_silence`: only a delegation whose category may break silence (member states) breaks it,
  by a written objection or a proposed amendment, strictly before the deadline. The
  procedure is then `broken`: not adopted; the caller closes the draft's procedure with
  `rules.CloseProcedure(adopted=False)`, which returns the draft to negotiation.
- `due` and `finalise`: once the deadline has come and nobody broke silence, the text is
  adopted at the deadline. Finalising an adopted procedure again is a no-op (`adopted_now` is
  false), so a scheduler that retries never adopts twice; the storage layer still has to make the
  write conditional, since two processes may each hold a copy that says "open".

`format_deadline` and `describe_period` show a deadline in the charter's and the reader's time
zones, and a period as words ("2 weeks").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cica.charter.schema import parse_duration
from cica.core.errors import Conflict, InvalidInput, PermissionDenied
from cica.deliberation.rules import Delegation, ProcedureKind, ProcedureStatus


class SilenceStatus(StrEnum):
    OPEN = "open"
    BROKEN = "broken"
    ADOPTED = "adopted"


def check_breakable_procedure(procedure_id: int, kind: ProcedureKind, status: ProcedureStatus) -> None:
    """Silence is broken only under a silence procedure that has not ended without adoption (a
    late or second break is refused by `break_silence` itself)."""
    if kind != ProcedureKind.SILENCE:
        raise Conflict(
            f"procedure {procedure_id} is a consensus procedure in session: there is no silence to break; "
            "object in session instead (rule: silence is broken only under a silence procedure)"
        )
    if status == ProcedureStatus.NOT_ADOPTED:
        raise Conflict(
            f"silence procedure {procedure_id} has ended without adoption (rule: a procedure ends once)"
        )


class BreakKind(StrEnum):
    OBJECTION = "objection"
    AMENDMENT = "amendment"


@dataclass(frozen=True)
class SilenceBreak:
    """Who broke silence, how, when (UTC) and in what words."""

    by: str
    kind: BreakKind
    at: datetime
    text: str


@dataclass(frozen=True)
class SilenceProcedure:
    """One silence procedure on one revision.

    `ended_at` is when it ended: the moment silence was broken, or the deadline when the text was
    adopted. `finalised_at` is when the adoption was processed (at or after the deadline).
    """

    started_at: datetime
    deadline: datetime
    status: SilenceStatus = SilenceStatus.OPEN
    broken: SilenceBreak | None = None
    ended_at: datetime | None = None
    finalised_at: datetime | None = None

    def __post_init__(self) -> None:
        for name in ("started_at", "deadline", "ended_at", "finalised_at"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"{name} must be timezone-aware")
        if self.deadline <= self.started_at:
            raise ValueError("a silence procedure's deadline comes after its start")
        if (self.status is SilenceStatus.BROKEN) != (self.broken is not None):
            raise ValueError("a broken procedure, and only one, records its break")
        if (self.status is SilenceStatus.OPEN) != (self.ended_at is None):
            raise ValueError("an ended procedure, and only one, records when it ended")
        if (self.status is SilenceStatus.ADOPTED) != (self.finalised_at is not None):
            raise ValueError("an adopted procedure, and only one, records when it was finalised")


@dataclass(frozen=True)
class Finalisation:
    """The result of `finalise`: the procedure, and whether this call adopted the text."""

    procedure: SilenceProcedure
    adopted_now: bool


def _utc(value: datetime, what: str) -> datetime:
    if value.utcoffset() is None:
        raise InvalidInput(f"{what} {value.isoformat()} has no time zone: give it in UTC or with an offset")
    return value.astimezone(UTC)


def _stamp(value: datetime) -> str:
    """`2026-12-11 13:00:55 UTC`, with the fraction of a second when there is one (`…:55.9 UTC`)."""
    moment = value.astimezone(UTC)
    fraction = f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else ""
    return moment.strftime("%Y-%m-%d %H:%M:%S") + fraction + " UTC"


def parse_period(value: str | timedelta, *, charter_default: bool = False) -> timedelta:
    """A silence period: a timedelta, or an ISO 8601 duration in weeks, days or hours."""
    if isinstance(value, timedelta):
        period = value
    else:
        try:
            period = parse_duration(value.strip())
        except ValueError as error:
            where = " (charter: silence_procedure.default_period)" if charter_default else ""
            raise InvalidInput(f"{error}{where}") from None
    if period <= timedelta(0):
        raise InvalidInput(f"a silence period must be longer than zero, got {value!r}")
    return period


def silence_deadline(
    now: datetime,
    *,
    default_period: str,
    deadline: datetime | None = None,
    period: str | timedelta | None = None,
) -> datetime:
    """The deadline of a procedure started at `now`: `deadline`, or `now` plus the period.

    A computed deadline is rounded up to the whole second, so the period is never cut short; a
    given deadline is kept to the microsecond, exactly as given, and must be after `now`.
    """
    if deadline is not None and period is not None:
        raise InvalidInput("give a deadline or a period for the silence procedure, not both")
    now = _utc(now, "the start time")
    if deadline is not None:
        exact = _utc(deadline, "the deadline")
        if exact <= now:
            raise InvalidInput(
                f"the deadline {_stamp(exact)} is not in the future (now: {_stamp(now)}) (rule: "
                "silence runs from now to a later deadline)"
            )
        return exact
    length = parse_period(default_period, charter_default=True) if period is None else parse_period(period)
    end = now + length
    return end.replace(microsecond=0) + (timedelta(seconds=1) if end.microsecond else timedelta(0))


def start_silence(
    now: datetime,
    *,
    default_period: str,
    deadline: datetime | None = None,
    period: str | timedelta | None = None,
) -> SilenceProcedure:
    """A new open procedure started at `now` (see `silence_deadline` for the deadline)."""
    end = silence_deadline(now, default_period=default_period, deadline=deadline, period=period)
    return SilenceProcedure(started_at=_utc(now, "the start time"), deadline=end)


def check_may_call_silence(role: str, called_by: Collection[str]) -> None:
    """Refuses a procedure called by someone the charter does not name (chair, secretariat)."""
    if role not in called_by:
        allowed = " or the ".join(sorted(called_by)) or "nobody"
        raise PermissionDenied(
            f"a silence procedure is called by the {allowed}, not by the {role} "
            "(charter: silence_procedure.called_by)"
        )


def is_late(procedure: SilenceProcedure, at: datetime) -> bool:
    """Whether `at` is at or after the deadline: the exact instant, to the microsecond."""
    return _utc(at, "the time") >= procedure.deadline


def break_silence(
    procedure: SilenceProcedure,
    by: Delegation,
    kind: BreakKind | str,
    at: datetime,
    text: str,
) -> SilenceProcedure:
    """The procedure broken by `by` at `at`: ended, not adopted.

    Refused if the procedure has ended, if `by`'s category may not break silence, if the written
    objection or amendment is empty, or if `at` is at or after the deadline.
    """
    try:
        kind = BreakKind(kind)
    except ValueError:
        raise InvalidInput(f"silence is broken by an objection or an amendment, not {kind!r}") from None
    _refuse_ended(procedure, "broken")
    if not by.may_break_silence:
        raise PermissionDenied(
            f"{by.code} may not break silence: its category {by.category!r} does not give that "
            f"right (charter: categories.{by.category}.may_break_silence)"
        )
    if not text.strip():
        raise InvalidInput(
            f"silence is broken in writing: the {kind.value} needs its text (rule: a break is a "
            "written objection or a proposed amendment)"
        )
    at = _utc(at, "the time of the break")
    if is_late(procedure, at):
        raise Conflict(
            f"too late to break silence: the deadline was {_stamp(procedure.deadline)} and this "
            f"{kind.value} came at {_stamp(at)} (rule: silence is broken only before the deadline; "
            "a break at the deadline's instant is late)"
        )
    if at < procedure.started_at:
        raise Conflict(
            f"silence cannot be broken at {_stamp(at)}, before the procedure started at "
            f"{_stamp(procedure.started_at)}"
        )
    return SilenceProcedure(
        procedure.started_at,
        procedure.deadline,
        SilenceStatus.BROKEN,
        SilenceBreak(by.code, kind, at, text.strip()),
        ended_at=at,
    )


def due(procedure: SilenceProcedure, now: datetime) -> bool:
    """Whether the procedure should be finalised now: open, and its deadline has come."""
    return procedure.status is SilenceStatus.OPEN and is_late(procedure, now)


def finalise(procedure: SilenceProcedure, now: datetime) -> Finalisation:
    """Adopts the text at the deadline if it is due; an adopted procedure is returned unchanged."""
    if procedure.status is SilenceStatus.ADOPTED:
        return Finalisation(procedure, adopted_now=False)
    _refuse_ended(procedure, "finalised")
    if not due(procedure, now):
        raise Conflict(
            f"the silence procedure runs until {_stamp(procedure.deadline)}; it cannot be finalised "
            f"at {_stamp(now)} (rule: silence is finalised only once its deadline has passed)"
        )
    adopted = SilenceProcedure(
        procedure.started_at,
        procedure.deadline,
        SilenceStatus.ADOPTED,
        ended_at=procedure.deadline,
        finalised_at=_utc(now, "the time"),
    )
    return Finalisation(adopted, adopted_now=True)


def _refuse_ended(procedure: SilenceProcedure, verb: str) -> None:
    if procedure.status is SilenceStatus.BROKEN:
        assert procedure.broken is not None
        raise Conflict(
            f"silence was already broken by {procedure.broken.by} at {_stamp(procedure.broken.at)}: "
            f"the procedure ended without adoption and cannot be {verb} (rule: a procedure ends once)"
        )
    if procedure.status is SilenceStatus.ADOPTED:
        raise Conflict(
            f"the silence procedure ended with adoption at {_stamp(procedure.deadline)} and cannot be "
            f"{verb} (rule: a procedure ends once)"
        )


# --- Showing deadlines and periods ------------------------------------------------------------


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"{name!r} is not an IANA time zone such as 'Asia/Almaty'") from None


_UTC_NAMES = ("UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu")


def format_deadline(deadline: datetime, charter_zone: str, reader_zone: str | None = None) -> str:
    """`2026-12-11 18:00 Asia/Almaty (13:00 UTC)`, with the reader's zone too if it differs.

    Seconds (and their fraction) are shown only when the deadline has some. The UTC part carries its date when that
    differs from the first local date shown.
    """
    moment = _utc(deadline, "the deadline")
    pattern = "%Y-%m-%d %H:%M:%S" if moment.second or moment.microsecond else "%Y-%m-%d %H:%M"
    if moment.microsecond:
        pattern += "." + f"{moment.microsecond:06d}".rstrip("0")
    zones = [charter_zone]
    # A reader in UTC needs no third rendering of the same instant: the UTC part shows it.
    if reader_zone and reader_zone not in (charter_zone, *_UTC_NAMES):
        zones.append(reader_zone)
    local_parts = []
    for name in zones:
        local = moment.astimezone(_zone(name))
        local_parts.append(f"{local.strftime(pattern)} {name}")
    first_date = moment.astimezone(_zone(charter_zone)).date()
    utc_pattern = pattern[len("%Y-%m-%d ") :] if moment.date() == first_date else pattern
    return "; ".join(local_parts) + f" ({moment.strftime(utc_pattern)} UTC)"


def period_of(procedure: SilenceProcedure) -> timedelta:
    """How long the procedure runs, counted as its deadline was: from its start rounded up to the
    second, so that a period of two weeks reads as 2 weeks, not 2 weeks less a fraction."""
    start = procedure.started_at.astimezone(UTC)
    whole = start.replace(microsecond=0) + (timedelta(seconds=1) if start.microsecond else timedelta(0))
    return procedure.deadline - whole


def describe_period(period: str | timedelta) -> str:
    """A period in words: `2 weeks`, `10 days`, `1 day 12 hours`."""
    length = parse_period(period)
    days, rest = divmod(int(length.total_seconds()), 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    if days and days % 7 == 0 and not (hours or minutes or seconds):
        return _count(days // 7, "week")
    units = ((days, "day"), (hours, "hour"), (minutes, "minute"), (seconds, "second"))
    return " ".join(_count(value, unit) for value, unit in units if value) or "less than a second"


def _count(value: int, unit: str) -> str:
    return f"{value} {unit}{'' if value == 1 else 's'}"
