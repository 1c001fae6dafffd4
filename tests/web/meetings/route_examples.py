"""Example requests of the meetings' API routes, for the route × role test (tests/web/routes.py).

Each example schedules what it needs through the operations (as the system), on a day of its own
so that no two examples' meetings of the SOC overlap."""

from __future__ import annotations

from datetime import date, timedelta

from cica.access.actors import Actor
from cica.meetings import operations
from tests.factories import make_draft, make_meeting
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


def _sitting(c: Caller, *, speaker: bool = False) -> int:
    """An agenda item of a meeting the caller's delegation presides and attends (waiting to speak
    with `speaker`); returns the item's id."""
    with c.context.unit_of_work() as session:
        meeting = make_meeting(session, day=_day(), chair=c.home)
        item = operations.add_item(session, meeting.id, "Item", actor=Actor.system())
        operations.register(session, meeting.id, c.home, actor=Actor.system())
        if speaker:
            operations.ask_floor(
                session, item.id, c.home, actor=Actor(None, "d@example.org", "delegate", c.home)
            )
        return item.id


def _item_of(c: Caller) -> tuple[int, int]:
    item_id = _sitting(c)
    with c.context.unit_of_work(write=False) as session:
        return operations.agenda_item(session, item_id).meeting_id, item_id


def _circulated(c: Caller) -> int:
    meeting_id, _item = _item_of(c)
    return meeting_id


def _linkable(c: Caller) -> tuple[int, int]:
    """An agenda item and a draft of the SOC under consideration."""
    item_id = _sitting(c)
    with c.context.unit_of_work() as session:
        return item_id, make_draft(session, organ="soc").id


EXAMPLES.update({
    ("GET", "/api/v1/agenda-items/{item_id}/drafts"): lambda c: (f"{API}/agenda-items/{_sitting(c)}/drafts", None),
    ("POST", "/api/v1/agenda-items/{item_id}/drafts"): lambda c: (
        (lambda i, d: (f"{API}/agenda-items/{i}/drafts", {"draft_id": d}))(*_linkable(c))
    ),
    ("GET", "/api/v1/meetings/{meeting_id}/participants"): lambda c: (f"{API}/meetings/{_meeting(c)}/participants", None),
    ("POST", "/api/v1/meetings/{meeting_id}/participants"): lambda c: (
        f"{API}/meetings/{_meeting(c)}/participants", {"delegation": c.home, "head": "H", "members": ["M"]},
    ),
    ("GET", "/api/v1/meetings/{meeting_id}/agenda"): lambda c: (f"{API}/meetings/{_meeting(c)}/agenda", None),
    ("POST", "/api/v1/meetings/{meeting_id}/agenda/items"): lambda c: (
        f"{API}/meetings/{_meeting(c)}/agenda/items", {"title": "Opening"},
    ),
    ("PUT", "/api/v1/meetings/{meeting_id}/agenda/order"): lambda c: (
        (lambda m, i: (f"{API}/meetings/{m}/agenda/order", {"order": [i]}))(*_item_of(c))
    ),
    ("POST", "/api/v1/meetings/{meeting_id}/agenda/state"): lambda c: (
        f"{API}/meetings/{_circulated(c)}/agenda/state", {"state": "circulated"},
    ),
    ("GET", "/api/v1/agenda-items/{item_id}/speakers"): lambda c: (f"{API}/agenda-items/{_sitting(c)}/speakers", None),
    ("POST", "/api/v1/agenda-items/{item_id}/speakers"): lambda c: (
        f"{API}/agenda-items/{_sitting(c)}/speakers", {"delegation": c.home},
    ),
    ("POST", "/api/v1/agenda-items/{item_id}/floor"): lambda c: (
        f"{API}/agenda-items/{_sitting(c, speaker=True)}/floor", {},
    ),
    ("PUT", "/api/v1/agenda-items/{item_id}/speakers/order"): lambda c: (
        f"{API}/agenda-items/{_sitting(c)}/speakers/order", {"order": []},
    ),
    ("POST", "/api/v1/agenda-items/{item_id}/close"): lambda c: (f"{API}/agenda-items/{_sitting(c)}/close", None),
})  # fmt: skip

EXAMPLES.update({
    ("PUT", "/api/v1/meetings/{meeting_id}/classification"): lambda c: (
        f"{API}/meetings/{_meeting(c)}/classification", {"classification": "restricted"},
    ),
    ("POST", "/api/v1/delegations/{code}/feed-token"): lambda c: (f"{API}/delegations/{c.home}/feed-token", None),
    ("DELETE", "/api/v1/delegations/{code}/feed-token"): lambda c: (f"{API}/delegations/{c.home}/feed-token", None),
})  # fmt: skip
