"""Example requests of the minutes' API routes, for the route × role test (tests/web/routes.py).

Each example makes the meeting (and minutes) it needs through the operations, on past days of
their own so that no two examples' meetings overlap and an approving meeting has begun."""

from __future__ import annotations

from datetime import date, timedelta

from cica.minutes import operations
from cica.minutes.rules import MinutesState
from tests.factories import SECRETARIAT, make_meeting
from tests.web.routes import Caller, Example, unique

API = "/api/v1"
TEXT = "The Committee met.\n\nThe agenda was adopted."


def _day() -> str:
    return (date(2019, 1, 1) + timedelta(days=2 * next(unique))).isoformat()


def _minutes(c: Caller, state: MinutesState | None) -> int:
    """A meeting of the SOC with minutes brought to `state` (none: no minutes yet)."""
    with c.context.unit_of_work() as session:
        meeting_id = make_meeting(session, day=_day()).id
        if state is None:
            return meeting_id
        operations.draft_minutes(session, meeting_id, text=TEXT, lang="en", actor=SECRETARIAT)
        if state is not MinutesState.DRAFTED:
            operations.circulate_minutes(session, meeting_id, actor=SECRETARIAT)
        if state is MinutesState.FROZEN:
            later = make_meeting(session, day=_day()).id
            operations.approve_at_meeting(session, meeting_id, at_meeting=later, actor=SECRETARIAT)
        return meeting_id


def _later(c: Caller) -> int:
    with c.context.unit_of_work() as session:
        return make_meeting(session, day=_day()).id


def _approval(c: Caller) -> tuple[str, dict[str, object]]:
    meeting_id = _minutes(c, MinutesState.CIRCULATED)
    return f"{API}/meetings/{meeting_id}/minutes/approval", {"meeting": _later(c)}


M = "/api/v1/meetings/{meeting_id}/minutes"
EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", M): lambda c: (f"{API}/meetings/{_minutes(c, MinutesState.FROZEN)}/minutes", None),
    ("GET", M + "/diff"): lambda c: (
        f"{API}/meetings/{_minutes(c, MinutesState.FROZEN)}/minutes/diff?from=1&to=1",
        None,
    ),
    ("POST", M): lambda c: (f"{API}/meetings/{_minutes(c, None)}/minutes", {"text": TEXT, "lang": "en"}),
    ("POST", M + "/circulation"): lambda c: (
        f"{API}/meetings/{_minutes(c, MinutesState.DRAFTED)}/minutes/circulation",
        None,
    ),
    ("POST", M + "/versions"): lambda c: (
        f"{API}/meetings/{_minutes(c, MinutesState.CIRCULATED)}/minutes/versions",
        {"text": TEXT + "\n\nThe meeting closed."},
    ),
    ("POST", M + "/approval"): _approval,
}
