"""The scheduler: silence procedures are adopted once their deadline has passed.

`tick` finalises everything due, in batches of one transaction each; `cica tick` runs it once
(for cron) and `cica serve` runs it every few seconds in a background thread of each worker
(`core.periodic.Periodic`). Any number of them may run at once, in any number of processes:
which procedure each one adopts is decided by the database (see `operations.silence`), never by
the scheduler.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from cica.core.context import Context
from cica.core.periodic import Periodic
from cica.deliberation.operations.silence import BATCH, Finalised, due, finalise_due

log = logging.getLogger(__name__)


def any_due(context: Context, now: datetime) -> bool:
    """Whether some silence procedure is due, read without taking SQLite's write lock: most
    ticks find nothing, and several workers ticking must not queue for the lock for nothing."""
    with context.unit_of_work(write=False) as session:
        found = session.scalar(due(now).limit(1))
    return found is not None


def tick(context: Context, *, now: datetime | None = None, batch: int = BATCH) -> list[Finalised]:
    """Finalises every silence procedure due at `now` (the context's clock by default)."""
    done: list[Finalised] = []
    while any_due(context, now or context.clock.now()):
        with context.unit_of_work() as session:
            finalised = finalise_due(session, now=now, limit=batch)
        done += finalised
        if not finalised:
            # Everything due is being finalised by another process right now (locked rows are
            # skipped): leave it to them rather than spin.
            break
    return done


def _tick_and_log(context: Context) -> None:
    for finalised in tick(context):
        log.info("scheduler: %s", finalised.describe())


def run_in_worker(context: Context) -> Callable[[], None] | None:
    """Started by each web worker: adopts silence procedures whose deadline has passed. The
    database decides which worker adopts which, so any number of workers may run this."""
    interval = context.settings.scheduler_seconds
    if interval <= 0:
        return None
    # The first tick runs at once: after a restart, whatever fell due meanwhile is adopted
    # without waiting for the first interval. A failed tick is retried at the next: nothing was
    # half-written, each batch is one transaction.
    scheduler = Periodic(
        "cica-scheduler",
        lambda: _tick_and_log(context),
        interval,
        log=log,
        failure=f"scheduler: tick failed; retrying in {interval} s",
    )
    return scheduler.start().stop
