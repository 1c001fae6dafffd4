"""A task repeated every few seconds in a daemon thread of a web worker, until stopped: the
scheduler's ticks and the search indexer's drains are each one."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable


class Periodic:
    """Runs `task` at once, then every `seconds`, in a daemon thread named `name`. A failing
    round (the database briefly unreachable) is logged with `failure` and does not end the
    thread: the next round tries again."""

    def __init__(
        self, name: str, task: Callable[[], object], seconds: float, *, log: logging.Logger, failure: str
    ) -> None:
        self._task, self._seconds, self._log, self._failure = task, seconds, log, failure
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Periodic:
        self._thread.start()
        return self

    def stop(self, timeout: float = 30) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._task()
            except Exception:
                self._log.exception(self._failure)
            self._stop.wait(self._seconds)
