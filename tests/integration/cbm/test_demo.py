"""`cica demo`'s CBM example: this year's plan as events (past ones held, one cancelled), states in
the information exchange, and a late notification acknowledged by two recipients of three, all
through the audited operations; a second run adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from cica.access.actors import Actor
from cica.audit.models import AuditEntry
from cica.cbm import demo, queries, setup
from cica.cbm.models import Event
from cica.core.context import Context
from tests.factories import SECRETARIAT


def test_the_demo_gives_the_pages_and_figures_something_to_show(cica: Context) -> None:
    with cica.unit_of_work() as session:
        setup.load_catalogue(session, Actor.system())
    first = demo.demo_step(cica)
    assert first.lines and "notification" in first.lines[0]
    with cica.unit_of_work(write=False) as session:
        events = session.scalar(select(func.count()).select_from(Event))
        audited = session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like("cbm.%"))
        )
        (notification,) = queries.notifications(session, SECRETARIAT).items
        heatmap = queries.heatmap(session)
    assert events == 5
    assert notification.late and notification.sender == "KAZ"
    assert sorted(r.acknowledged_at is not None for r in notification.recipients) == [False, True, True]
    assert sum(cell.events for cell in heatmap.cells) > 0
    assert demo.demo_step(cica).lines == ()
    with cica.unit_of_work(write=False) as session:
        assert (
            session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like("cbm.%"))
            )
            == audited
        )
