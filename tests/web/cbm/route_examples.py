"""Example requests of the CBM API routes, for the route × role test (tests/web/routes.py)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from cica.access.actors import Actor
from cica.cbm import operations, setup
from cica.cbm.models import Measure, NotificationForm, ParticipationDeclaration, PriorityArea
from cica.cbm.rules import EventKind
from cica.core import clock
from cica.registry.queries import seat_today
from tests.factories import SECRETARIAT, delegate, make_document
from tests.web.routes import Caller, Example

API = "/api/v1/cbm"


def _measure(c: Caller, *, with_home: bool) -> int:
    """The military-activity form's measure, India and Kazakhstan taking part (and the caller's
    own delegation when `with_home`), written as rows in force: the caller's role may not declare."""
    _loaded(c)
    with c.context.unit_of_work() as session:
        form = session.get(NotificationForm, "military_activity")
        assert form is not None
        codes = {"IND", "KAZ", c.home} if with_home else {"IND", "KAZ"}
        present = set(
            session.scalars(
                select(ParticipationDeclaration.participant_code).where(
                    ParticipationDeclaration.measure_id == form.measure_id,
                    ParticipationDeclaration.until.is_(None),  # in force: not withdrawn
                )
            )
        )
        for code in sorted(codes - present):
            session.add(
                ParticipationDeclaration(
                    measure_id=form.measure_id,
                    participant_code=code,
                    since=seat_today(session) - timedelta(days=1),
                    declared_at=clock.now(session),
                )
            )
        return form.measure_id


def _notified(c: Caller) -> int:
    """A notification from Kazakhstan (or India) that the caller's delegation received."""
    _measure(c, with_home=True)
    with c.context.unit_of_work() as session:
        sender = "KAZ" if c.home != "KAZ" else "IND"
        starts = (seat_today(session) + timedelta(days=60)).isoformat()
        values = {"title": "Exercise", "starts_on": starts, "ends_on": starts, "area": "North", "troops": 100}
        return operations.notify(session, "military_activity", sender, values, actor=delegate(sender)).id


def _loaded(c: Caller, url: str = "") -> str:
    """Loads the catalogue (as `cica init` does) if it is not yet; returns `url`."""
    with c.context.unit_of_work() as session:
        if session.scalar(select(NotificationForm.key)) is None:
            setup.load_catalogue(session, Actor.system())
    return url


def _new_measure(c: Caller) -> int:
    """A measure the caller's delegation does not take part in yet."""
    _loaded(c)
    with c.context.unit_of_work(write=False) as session:
        taken = set(
            session.scalars(
                select(ParticipationDeclaration.measure_id).where(
                    ParticipationDeclaration.participant_code == c.home
                )
            )
        )
        return max(set(session.scalars(select(Measure.id))) - taken)


def _notifying(c: Caller) -> dict[str, object]:
    _measure(c, with_home=True)
    with c.context.unit_of_work(write=False) as session:
        starts = (seat_today(session) + timedelta(days=60)).isoformat()
    return {
        "form": "military_activity",
        "delegation": c.home,
        "values": {
            "title": "Exercise",
            "starts_on": starts,
            "ends_on": starts,
            "area": "North",
            "troops": 100,
        },
    }


def _area(c: Caller) -> int:
    _loaded(c)
    with c.context.unit_of_work(write=False) as session:
        return max(session.scalars(select(PriorityArea.id)))


def _new_event(c: Caller) -> dict[str, object]:
    return {"area": _area(c), "kind": "workshop", "title": "Workshop", "host": c.home,
            "starts": "2026-05-01", "ends": "2026-05-02", "plan_year": 2026}  # fmt: skip


def _planned_event(c: Caller) -> int:
    area = _area(c)
    with c.context.unit_of_work() as session:
        return operations.add_event(
            session, area, kind=EventKind.SEMINAR, title="Seminar", host="KAZ",
            starts=date(2026, 6, 1), ends=date(2026, 6, 2), plan_year=2026, actor=SECRETARIAT,
        ).id  # fmt: skip


def _linking(c: Caller) -> dict[str, object]:
    area = _area(c)
    with c.context.unit_of_work() as session:
        symbol = make_document(session).symbol
    return {"document": symbol, "kind": "concept_paper", "area": area}


EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", "/api/v1/cbm/catalogue"): lambda c: (_loaded(c), f"{API}/catalogue?version=2021", None)[1:],
    ("GET", "/api/v1/cbm/coordinators"): lambda c: (_loaded(c), f"{API}/coordinators?on=2023-01-01", None)[
        1:
    ],
    ("GET", "/api/v1/cbm/forms"): lambda c: (f"{API}/forms", None),
    ("POST", "/api/v1/cbm/participation"): lambda c: (
        f"{API}/participation",
        {"measure": _new_measure(c), "delegation": c.home},
    ),
    ("POST", "/api/v1/cbm/participation/withdrawal"): lambda c: (
        f"{API}/participation/withdrawal",
        {"measure": _measure(c, with_home=True), "delegation": c.home},
    ),
    ("GET", "/api/v1/cbm/notifications"): lambda c: (f"{API}/notifications", None),
    ("POST", "/api/v1/cbm/notifications"): lambda c: (f"{API}/notifications", _notifying(c)),
    ("GET", "/api/v1/cbm/notifications/{notification_id}"): lambda c: (
        f"{API}/notifications/{_notified(c)}",
        None,
    ),
    ("POST", "/api/v1/cbm/notifications/{notification_id}/acknowledgements"): lambda c: (
        f"{API}/notifications/{_notified(c)}/acknowledgements",
        {"delegation": c.home},
    ),
    ("GET", "/api/v1/cbm/compliance"): lambda c: (f"{API}/compliance", None),
    ("GET", "/api/v1/cbm/standing"): lambda c: (f"{API}/standing?participant={c.home}", None),
    ("GET", "/api/v1/cbm/papers"): lambda c: (f"{API}/papers", None),
    ("POST", "/api/v1/cbm/papers"): lambda c: (f"{API}/papers", _linking(c)),
    ("GET", "/api/v1/cbm/events"): lambda c: (f"{API}/events?year=2026", None),
    ("POST", "/api/v1/cbm/events"): lambda c: (f"{API}/events", _new_event(c)),
    ("POST", "/api/v1/cbm/events/{event_id}/status"): lambda c: (
        f"{API}/events/{_planned_event(c)}/status",
        {"status": "held", "outcome": "Recommendations agreed."},
    ),
}
