"""The confidence-building measures `cica demo` loads, through the real operations (so each act is
checked and audited as in use): this year's Plan of Implementation as events (one per dimension,
in the first priority area of the latest catalogue, hosted by a coordinator of that area; those
already past recorded as held, one cancelled), states declaring that they take part in the
information exchange, and a notification round on the planned-military-activity form — notified
later than its lead time, acknowledged by two recipients of three. So the catalogue, the
notifications, the compliance panel and the dashboard's figures all have something to show.

Acts of a delegation are taken in the name of its demo delegate, as in the deliberation example.
A charter without the CBM catalogue gets no example; loading it again does nothing (it is
recognised by its first event)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.accounts.demo import DOMAIN
from cica.cbm import operations, rules
from cica.cbm.models import CatalogueVersion, Event, NotificationForm
from cica.core.capability import DemoResult
from cica.core.context import Context
from cica.registry.queries import members_on, seat_today

SECRETARIAT = Actor(None, f"secretariat@{DOMAIN}", "secretariat")
# The states of the demo's information exchange: the sender first, then its recipients.
EXCHANGE = ("KAZ", "IND", "CHN", "RUS")
KINDS = (
    rules.EventKind.WORKSHOP,
    rules.EventKind.SEMINAR,
    rules.EventKind.EXPERT_MEETING,
    rules.EventKind.TRAINING,
    rules.EventKind.VISIT,
)


def delegate(code: str) -> Actor:
    return Actor(None, f"delegate.{code.lower()}@{DOMAIN}", "delegate", code)


def demo_step(context: Context) -> DemoResult:
    with context.unit_of_work() as session:
        latest = session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.adopted.desc())).first()
        form = session.get(NotificationForm, "military_activity")
        if latest is None or form is None or session.scalar(select(Event.id).limit(1)) is not None:
            return DemoResult()
        today = seat_today(session)
        members = {item.code for item in members_on(session, today).items}
        exchange = [code for code in EXCHANGE if code in members]
        if len(exchange) < 2:
            return DemoResult()
        events = _plan(session, latest, today, sorted(members))
        for code in exchange:
            operations.declare(
                session, form.measure_id, code, since=today - timedelta(days=60), actor=delegate(code)
            )
        sender, *recipients = exchange
        starts = today + timedelta(days=30)  # the form asks for 42: late, as the compliance panel shows
        values = {
            "title": "Joint exercise",
            "starts_on": starts.isoformat(),
            "ends_on": (starts + timedelta(days=5)).isoformat(),
            "area": "Training ground",
            "troops": 3500,
        }
        notification = operations.notify(session, form.key, sender, values, actor=delegate(sender))
        for code in recipients[:2]:
            operations.acknowledge(session, notification.id, code, actor=delegate(code))
    return DemoResult(
        lines=(
            f"CBMs: {events} events of the {today.year} plan, {len(exchange)} states in the information "
            f"exchange, notification {notification.id} from {sender} ({len(recipients[:2])} of "
            f"{len(recipients)} acknowledged)",
        )
    )


def _plan(session: Session, version: CatalogueVersion, today: date, members: list[str]) -> int:
    """One event per dimension of this year's plan; those already past are held, one cancelled."""
    added = 0
    for position, dimension in enumerate(version.dimensions):
        if not dimension.areas:
            continue
        area = dimension.areas[0]
        hosts = [t.participant_code for t in area.terms if t.participant_code in members] or members
        starts = date(today.year, 1 + (2 * position) % 12, 10)
        event = operations.add_event(
            session,
            area.id,
            kind=KINDS[position % len(KINDS)],
            title=f"{area.name.get('en', area.key)}, {today.year}",
            host=hosts[0],
            starts=starts,
            ends=starts + timedelta(days=1),
            plan_year=today.year,
            measures=[m.number for m in area.measures[:1]],
            participants=[code for code in members if code != hosts[0]][: 3 + position],
            actor=SECRETARIAT,
        )
        if starts + timedelta(days=1) < today:
            held = position != 1
            operations.set_event_status(
                session,
                event.id,
                rules.EventStatus.HELD if held else rules.EventStatus.CANCELLED,
                outcome="Recommendations agreed for the coordinators' report." if held else None,
                actor=SECRETARIAT,
            )
        added += 1
    return added
