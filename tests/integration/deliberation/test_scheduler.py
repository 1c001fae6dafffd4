"""The scheduler adopts silence procedures at their deadline exactly once, however many processes
run it at the same moment, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import multiprocessing
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cica.app import create_app
from cica.audit.models import AuditEntry
from cica.capabilities import wire
from cica.core.context import Context
from cica.core.settings import Settings
from cica.deliberation import scheduler
from cica.deliberation.models import Decision, Procedure
from tests.factories import make_silence

PROCEDURES = 60


def due_procedures(context: Context, count: int) -> datetime:
    """`count` silence procedures that all expire at the same second, in the past; returns it."""
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(days=15)
    with context.unit_of_work() as session:
        for number in range(count):
            make_silence(session, started=started, title=f"Report {number}")
    return started + timedelta(days=14)


def _tick_in_a_process(settings: Settings, start: Any, results: Any) -> None:
    """One scheduler process: its own engine, released at the same moment as the other (the
    test's settings, so that it finds the database and its audit keys), assembled as `cica tick`
    would be."""
    wire()
    context = Context.create(settings)
    try:
        start.wait()
        done = scheduler.tick(context, batch=7)
        results.put([item.procedure_id for item in done])
    finally:
        context.close()


def test_two_scheduler_processes_at_the_same_deadline_adopt_each_text_exactly_once(cica: Context) -> None:
    due_procedures(cica, PROCEDURES)
    spawn = multiprocessing.get_context("spawn")
    start, results = spawn.Barrier(2), spawn.Queue()
    processes = [
        spawn.Process(target=_tick_in_a_process, args=(cica.settings, start, results)) for _ in range(2)
    ]
    for process in processes:
        process.start()
    claimed = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    every = claimed[0] + claimed[1]
    assert sorted(every) == sorted(set(every)) and len(every) == PROCEDURES
    with cica.unit_of_work(write=False) as session:
        decisions = session.scalar(select(func.count()).select_from(Decision))
        per_procedure = session.scalar(select(func.count(func.distinct(Decision.procedure_id))))
        symbols = session.scalar(select(func.count(func.distinct(Decision.symbol))))
        audited = session.scalar(select(func.count()).where(AuditEntry.action == "silence.finalise"))
        still_open = session.scalar(select(func.count()).where(Procedure.status == "open"))
    assert decisions == per_procedure == symbols == audited == PROCEDURES
    assert still_open == 0


def test_a_tick_finalises_everything_due_in_batches_and_a_second_tick_nothing(cica: Context) -> None:
    due_procedures(cica, 12)
    first = scheduler.tick(cica, batch=5)
    second = scheduler.tick(cica)
    assert len(first) == 12 and second == []
    assert len({item.symbol for item in first}) == 12


def test_nothing_is_finalised_before_the_deadlines_second(cica: Context) -> None:
    deadline = due_procedures(cica, 2)
    assert scheduler.tick(cica, now=deadline - timedelta(microseconds=1)) == []
    assert len(scheduler.tick(cica, now=deadline)) == 2


def test_the_server_adopts_due_texts_in_the_background(cica: Context) -> None:
    due_procedures(cica, 3)
    served = dataclasses.replace(cica.settings, scheduler_seconds=1)
    context = Context(served, cica.engine, cica.sessions)
    with TestClient(create_app(context=context)):
        limit = time.monotonic() + 10
        while time.monotonic() < limit:
            with cica.unit_of_work(write=False) as session:
                if session.scalar(select(func.count()).select_from(Decision)) == 3:
                    break
            time.sleep(0.1)
    with cica.unit_of_work(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 3
