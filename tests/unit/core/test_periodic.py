"""The background thread of the scheduler and the indexer: a round at once, then one every
interval; a failing round is logged and the next one still runs; `stop` ends the thread."""

from __future__ import annotations

import logging
import threading

import pytest

from cica.core.periodic import Periodic


def test_a_failing_round_is_logged_and_the_next_round_runs(caplog: pytest.LogCaptureFixture) -> None:
    rounds: list[int] = []
    third = threading.Event()

    def task() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise RuntimeError("database unreachable")
        if len(rounds) >= 3:
            third.set()

    periodic = Periodic("test-periodic", task, 0.01, log=logging.getLogger("test"), failure="round failed")
    with caplog.at_level(logging.ERROR, logger="test"):
        periodic.start()
        assert third.wait(5), rounds
        periodic.stop()
    assert [r.getMessage() for r in caplog.records] == ["round failed"]
    assert not periodic._thread.is_alive()


def test_the_first_round_runs_at_once_and_stop_ends_the_wait() -> None:
    ran = threading.Event()
    periodic = Periodic("test-periodic", ran.set, 3600, log=logging.getLogger("test"), failure="-").start()
    assert ran.wait(5)  # not an hour later
    periodic.stop(timeout=5)  # the hour's wait is cut short
    assert not periodic._thread.is_alive()
