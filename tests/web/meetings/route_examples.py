"""Example requests of the meetings' API routes, for the route × role test (tests/web/routes.py).

Each example schedules what it needs through the operations (as the system), on a day of its own
so that no two examples' meetings of the SOC overlap."""

from __future__ import annotations

from datetime import date, timedelta

from tests.factories import make_meeting
from tests.web.routes import Caller, Example, unique

API = "/api/v1"


def _day() -> str:
    return (date(2030, 1, 1) + timedelta(days=next(unique))).isoformat()


def _meeting(c: Caller) -> int:
    with c.context.unit_of_work() as session:
        return make_meeting(session, day=_day()).id


EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", "/api/v1/meetings"): lambda c: (f"{API}/meetings?organ=soc", None),
    ("GET", "/api/v1/popolo/events"): lambda c: (f"{API}/popolo/events", None),
    ("GET", "/api/v1/meetings/{meeting_id}"): lambda c: (f"{API}/meetings/{_meeting(c)}", None),
    ("POST", "/api/v1/meetings"): lambda c: (
        f"{API}/meetings",
        {"organ": "soc", "starts_at": _day(), "time_zone": "Asia/Almaty", "city": "Astana", "host": "KAZ"},
    ),
    ("PATCH", "/api/v1/meetings/{meeting_id}"): lambda c: (
        f"{API}/meetings/{_meeting(c)}",
        {"status": "confirmed"},
    ),
}
