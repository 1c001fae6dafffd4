"""Rules of confidence-building measures. Pure: no I/O.

Coordinator terms on a day
--------------------------
A term holds over the half-open period [start, end), as every dated fact of the charter does; a
partial date (a year, a month) counts from its first day. The sources give many terms no dates at
all (Azerbaijan for transport corridors, India for combating terrorism, Russia for ICT security):
such a term is *shown on every day* and flagged `dates_unconfirmed`, rather than given an invented
start. A term with only a start holds from it on; one with only an end holds until it. Either way
the answer says which terms rest on dates the sources do not give.

Notifications
-------------
A notification is checked against its form (`check_values`): every required field given, each
value of the field's type, numbers within the field's range and in its unit. It is late when it
was notified fewer days ahead of the activity than the form's lead time (`is_late`): late
notifications are accepted and marked, as the charter does not say to refuse them. A recipient's
acknowledgement is missing once the reply deadline (the day of submission plus the form's reply
deadline days) has passed without one (`missing_after`).

Events of the Plan of Implementation
------------------------------------
An event (a workshop, a seminar, …) of a priority area is planned for a year of the plan, or added
outside it (`plan_year` None). It may not be dated before its plan's year, nor end before it starts
(`check_event_dates`). It is planned until it is held or cancelled, and that is final
(`check_event_transition`).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from cica.charter.dates import PartialDate
from cica.core.errors import InvalidInput


class Role(StrEnum):
    COORDINATOR = "coordinator"
    CO_COORDINATOR = "co_coordinator"


class FieldType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"


class NotificationState(StrEnum):
    SUBMITTED = "submitted"


class EventKind(StrEnum):
    WORKSHOP = "workshop"
    SEMINAR = "seminar"
    EXPERT_MEETING = "expert_meeting"
    TRAINING = "training"
    EXERCISE = "exercise"
    VISIT = "visit"


class EventStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


# Held and cancelled are final: a cancelled event held after all is a new event.
EVENT_TRANSITIONS: Mapping[EventStatus, frozenset[EventStatus]] = {
    EventStatus.PLANNED: frozenset({EventStatus.HELD, EventStatus.CANCELLED}),
    EventStatus.HELD: frozenset(),
    EventStatus.CANCELLED: frozenset(),
}


def check_event_dates(starts: date, ends: date, plan_year: int | None) -> None:
    """Raises `InvalidInput` naming the rule an event's dates break."""
    if ends < starts:
        raise InvalidInput(
            f"ends: the event ends ({ends.isoformat()}) before it starts ({starts.isoformat()})",
            field="ends",
        )
    if plan_year is not None and starts.year < plan_year:
        raise InvalidInput(
            f"starts: an event of the plan for {plan_year} cannot be dated before that year "
            f"({starts.isoformat()})",
            field="starts",
        )


def check_event_transition(current: EventStatus, wanted: EventStatus) -> None:
    """Raises `InvalidInput` unless a planned event becomes held or cancelled."""
    if wanted not in EVENT_TRANSITIONS[current]:
        raise InvalidInput(
            f"status: an event {current.value} cannot become {wanted.value} "
            "(only a planned event is held or cancelled)",
            field="status",
        )


def check_held(starts: date, today: date) -> None:
    """An event is recorded as held once it has begun, not before."""
    if today < starts:
        raise InvalidInput(
            f"status: the event begins on {starts.isoformat()}: it is recorded as held once it has begun",
            field="status",
        )


def first_day(value: str | None) -> date | None:
    """The first day of an ISO 8601 (partial) date: "2022" → 2022-01-01."""
    return None if value is None else PartialDate.parse(value).first_day()


@dataclass(frozen=True)
class TermOn:
    """Whether a term holds on a day, and whether that rests on dates the sources give."""

    holds: bool
    dates_unconfirmed: bool


def term_on(start: str | None, end: str | None, day: date) -> TermOn:
    """Whether the term [start, end) holds on `day`; an undated side is open and flagged."""
    begins, ends = first_day(start), first_day(end)
    holds = (begins is None or begins <= day) and (ends is None or day < ends)
    return TermOn(holds=holds, dates_unconfirmed=begins is None or ends is None)


def overlapping(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Whether two dated terms share a day (open sides reach without end)."""
    a_start, a_end = first_day(a[0]) or date.min, first_day(a[1]) or date.max
    b_start, b_end = first_day(b[0]) or date.min, first_day(b[1]) or date.max
    return a_start < b_end and b_start < a_end


Term = tuple[str | None, str | None]


def _term_day(value: str | None, name: str) -> date | None:
    try:
        return first_day(value)
    except ValueError:
        raise InvalidInput(
            f"{name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", field=name
        ) from None


def check_new_term(held: Sequence[Term], new: Term, *, who: str, role: str, area: str) -> None:
    """A state holds one term at a time in a role of an area: a renewal begins where the term
    before it ends. Raises `InvalidInput` naming the rule when `new` shares a day with one of
    `held` (the terms the state already holds in that role of that area, undated ones aside), or
    ends before it starts."""
    starts, ends = _term_day(new[0], "from"), _term_day(new[1], "to")
    if starts is not None and ends is not None and ends <= starts:
        raise InvalidInput("to: a term ends after it starts", field="to")
    # A term the sources give no dates for (shown on every day, flagged) would overlap every
    # term: recording a dated one beside it is how its dates become known.
    for term in (t for t in held if t != (None, None)):
        if overlapping(term, new):
            shown = f"{term[0] or '…'} – {term[1] or '…'}"
            raise InvalidInput(
                f"from: {who} is {role.replace('_', '-')} of {area} already over {shown}: "
                "a state holds one term at a time in a role of an area",
                field="from",
            )


@dataclass(frozen=True)
class FormField:
    """One field of a notification form. `unit` is the only unit a number is accepted in."""

    key: str
    label: str
    type: FieldType
    required: bool = True
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    confidential: bool = False
    example: bool = False


@dataclass(frozen=True)
class Form:
    """A notification form: its fields, lead time, reply deadline and the thresholds above which a
    notification is obligatory (field key → value)."""

    key: str
    measure: str
    fields: tuple[FormField, ...]
    lead_time_days: int
    reply_deadline_days: int
    thresholds: Mapping[str, float] = field(default_factory=dict)

    def field_named(self, key: str) -> FormField | None:
        return next((f for f in self.fields if f.key == key), None)


def _value(spec: FormField, raw: Any) -> Any:
    if spec.type is FieldType.TEXT:
        if not isinstance(raw, str) or not raw.strip():
            raise InvalidInput(f"{spec.key}: a text is required", field=spec.key, code="required")
        return raw.strip()
    if spec.type is FieldType.DATE:
        try:
            return date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise InvalidInput(
                f"{spec.key}: {raw!r} is not a date (YYYY-MM-DD)", field=spec.key, code="not_a_date"
            ) from None
    if isinstance(raw, bool):
        raise InvalidInput(f"{spec.key}: {raw!r} is not a number", field=spec.key, code="not_a_decimal")
    try:
        number: float = int(str(raw), 10) if spec.type is FieldType.INTEGER else float(str(raw))
    except ValueError:
        whole = spec.type is FieldType.INTEGER
        kind, code = ("a whole number", "not_a_number") if whole else ("a number", "not_a_decimal")
        raise InvalidInput(f"{spec.key}: {raw!r} is not {kind}", field=spec.key, code=code) from None
    if not math.isfinite(number):
        raise InvalidInput(
            f"{spec.key}: {raw!r} is not a finite number", field=spec.key, code="not_a_decimal"
        )
    if spec.minimum is not None and number < spec.minimum:
        raise InvalidInput(
            f"{spec.key}: {number:g} is below the form's minimum {spec.minimum:g}",
            field=spec.key,
            code="out_of_range",
        )
    if spec.maximum is not None and number > spec.maximum:
        raise InvalidInput(
            f"{spec.key}: {number:g} is above the form's maximum {spec.maximum:g}",
            field=spec.key,
            code="out_of_range",
        )
    return number


def check_values(
    form: Form, values: Mapping[str, Any], units: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The values as the form types them; raises `InvalidInput` naming the first rule broken.
    `units` gives the unit each number was entered in: anything but the form's unit is refused."""
    unknown = sorted(set(values) - {f.key for f in form.fields})
    if unknown:
        raise InvalidInput(f"{unknown[0]}: the form {form.key} has no such field", field=unknown[0])
    checked: dict[str, Any] = {}
    for spec in form.fields:
        raw = values.get(spec.key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if spec.required:
                raise InvalidInput(
                    f"{spec.key}: required by the form {form.key}", field=spec.key, code="required"
                )
            continue
        given_unit = (units or {}).get(spec.key)
        if given_unit is not None and spec.unit is not None and given_unit != spec.unit:
            raise InvalidInput(
                f"{spec.key}: given in {given_unit}, the form asks for {spec.unit}",
                field=spec.key,
                code="wrong_unit",
            )
        checked[spec.key] = _value(spec, raw)
    return checked


def obligatory(form: Form, values: Mapping[str, Any]) -> bool:
    """Whether the values reach a threshold that makes notifying obligatory."""
    return any(
        isinstance(values.get(key), int | float) and values[key] >= limit
        for key, limit in form.thresholds.items()
    )


def days_ahead(notified_on: date, activity_starts: date) -> int:
    return (activity_starts - notified_on).days


def is_late(form: Form, notified_on: date, activity_starts: date) -> bool:
    """Late: notified fewer than the form's lead-time days before the activity begins."""
    return days_ahead(notified_on, activity_starts) < form.lead_time_days


def reply_deadline(form_reply_days: int, submitted_on: date) -> date:
    """The last day on which an acknowledgement is on time."""
    return submitted_on + timedelta(days=form_reply_days)


def missing_after(deadline: date, acknowledged: bool, today: date) -> bool:
    """An acknowledgement is missing once its deadline has passed without one."""
    return not acknowledged and today > deadline


def recipients(participants: Sequence[str], sender: str) -> list[str]:
    """Who a notification goes to: the states taking part in the measure, but the sender."""
    return sorted({code for code in participants if code != sender})


def awaits_acknowledgement(acknowledged: Mapping[str, bool], delegation: str | None) -> bool:
    """Whether `delegation` may acknowledge now: it is a recipient (`acknowledged` maps each
    recipient to whether it has acknowledged) and has not acknowledged yet."""
    return delegation is not None and acknowledged.get(delegation) is False


class MeasureStatus(StrEnum):
    """Where a state taking part in a measure stands (`measure_status`)."""

    DECLARED = "declared"
    ACTIVE = "active"
    LAPSED = "lapsed"


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day where that month is shorter)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def measure_status(last_event: date | None, today: date, active_months: int) -> MeasureStatus:
    """A state taking part in a measure: active while the last event of the measure's area it
    hosted or took part in (begun by `today`) began within the last `active_months` months,
    lapsed once it did not, declared before any."""
    if last_event is None:
        return MeasureStatus.DECLARED
    return MeasureStatus.ACTIVE if last_event > months_before(today, active_months) else MeasureStatus.LAPSED


class PaperKind(StrEnum):
    """The documents of the CBM process: per priority area (its coordinators' concept paper, action
    plan and annual report) or for the whole catalogue (the year's Plan of Implementation, the
    Secretariat's implementation report, the SOC's review of one dimension)."""

    CONCEPT_PAPER = "concept_paper"
    ACTION_PLAN = "action_plan"
    COORDINATOR_REPORT = "coordinator_report"
    PLAN_OF_IMPLEMENTATION = "plan_of_implementation"
    IMPLEMENTATION_REPORT = "implementation_report"
    DIMENSION_REVIEW = "dimension_review"


AREA_PAPERS = frozenset({PaperKind.CONCEPT_PAPER, PaperKind.ACTION_PLAN, PaperKind.COORDINATOR_REPORT})


def check_paper(kind: PaperKind, *, has_area: bool, has_dimension: bool, year: int | None) -> None:
    """A paper of an area names its area; a dimension's review names its dimension; the yearly
    papers (reports, the plan, the review) name their year."""
    if kind in AREA_PAPERS and not has_area:
        raise InvalidInput(f"area: a {kind.value.replace('_', ' ')} belongs to a priority area", field="area")
    if kind is PaperKind.DIMENSION_REVIEW and not has_dimension:
        raise InvalidInput("dimension: a review names the dimension reviewed", field="dimension")
    yearly = {PaperKind.COORDINATOR_REPORT, PaperKind.PLAN_OF_IMPLEMENTATION, PaperKind.IMPLEMENTATION_REPORT,
              PaperKind.DIMENSION_REVIEW}  # fmt: skip
    if kind in yearly and year is None:
        raise InvalidInput(f"year: a {kind.value.replace('_', ' ')} is of a year", field="year")
