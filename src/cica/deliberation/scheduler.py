"""The scheduler: silence procedures are adopted once their deadline has passed.

`tick` finalises everything due, in batches of one transaction each; `cica tick` runs it once
(for cron) and `cica serve` runs it every few seconds in a background thread of each worker
(`Scheduler`). Any number of them may run at once, in any number of processes: which procedure
each one adopts is decided by the database (see `operations.silence`), never by the scheduler.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from cica.core.context import Context
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


class Scheduler:
    """Ticks every `interval` seconds in a daemon thread, until stopped."""

    def __init__(self, context: Context, interval: float) -> None:
        self.context = context
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cica-scheduler", daemon=True)

    def start(self) -> Scheduler:
        self._thread.start()
        return self

    def stop(self, timeout: float = 30) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        # The first tick runs at once: after a restart, whatever fell due meanwhile is adopted
        # without waiting for the first interval.
        while not self._stop.is_set():
            try:
                for finalised in tick(self.context):
                    log.info("scheduler: %s", finalised.describe())
            except Exception:
                # A failed tick (the database briefly unreachable) must not end the thread: the
                # next tick retries, and nothing was half-written — each batch is one transaction.
                log.exception("scheduler: tick failed; retrying in %s s", self.interval)
            self._stop.wait(self.interval)


def run_in_worker(context: Context) -> Callable[[], None] | None:
    """Started by each web worker: adopts silence procedures whose deadline has passed. The
    database decides which worker adopts which, so any number of workers may run this."""
    interval = context.settings.scheduler_seconds
    if interval <= 0:
        return None
    return Scheduler(context, interval).start().stop
