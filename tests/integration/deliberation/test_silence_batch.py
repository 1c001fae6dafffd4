"""Finalising silence procedures in bulk: the statements of a batch do not grow with the number of
procedures in it (every hook of the ending, minutes' included, gets the whole batch at once), and
the batch runs with the cyclic garbage collector paused, then back on (on SQLite and PostgreSQL)."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from cica.core.context import Context
from cica.deliberation import endings, operations
from tests.factories import make_silence


@contextmanager
def statements(context: Context) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(context.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(context.engine, "before_cursor_execute", count)


def finalise(context: Context, count: int, started: datetime) -> list[str]:
    """`count` silence procedures due at one deadline, finalised in one batch: its statements."""
    with context.unit_of_work() as session:
        for number in range(count):
            make_silence(session, started=started, title=f"Report {number}")
    deadline = started + timedelta(days=14)
    with statements(context) as seen, context.unit_of_work() as session:
        done = operations.finalise_due(session, now=deadline + timedelta(seconds=1), limit=1000)
    assert len(done) == count and all(item.adopted for item in done)
    return seen


def test_a_batch_takes_as_many_statements_for_forty_procedures_as_for_two(cica: Context) -> None:
    # All in one organ on one day, so the numbering scope and the tally's combination are one.
    started = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=15)
    finalise(cica, 1, started)  # the audit head and the registry snapshot are now known
    few = finalise(cica, 2, started + timedelta(seconds=1))
    many = finalise(cica, 40, started + timedelta(seconds=2))
    assert len(many) == len(few), [s.split("(")[0][:60] for s in many]


def test_a_batch_runs_with_the_collector_paused_and_leaves_it_as_it_found_it(
    cica: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    collecting: list[bool] = []

    def probe(_session: Session, ended: Sequence[endings.ProcedureEnded]) -> None:
        collecting.append(gc.isenabled())

    monkeypatch.setattr(endings, "_listeners", [*endings._listeners, probe])
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(days=15)
    assert gc.isenabled()
    finalise(cica, 3, started)
    assert collecting == [False]
    assert gc.isenabled()
    # A caller that had it off keeps it off.
    gc.disable()
    try:
        finalise(cica, 2, started + timedelta(seconds=1))
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert collecting == [False, False]
