"""The command line's start-up: `cica --help` against `python -c pass` in the same environment, and
against the commit before this work (target: at most 0.3 s wall)."""

from __future__ import annotations

import subprocess
import sys
import time

from bench.common import Figure, Report, baseline_revision, median
from bench.servers import CURRENT, Code, older_commit

RUNS = 10


def _wall(command: list[str], code: Code) -> float:
    env = code.env()
    subprocess.run(command, env=env, capture_output=True, check=True)  # warm the file cache
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
    return median(samples)


def run(report: Report) -> None:
    interpreter = _wall([sys.executable, "-c", "pass"], CURRENT)
    help_now = _wall(CURRENT.cli("--help"), CURRENT)
    with older_commit(baseline_revision()) as old:
        help_before = _wall(old.cli("--help"), old)
    report.add(
        Figure(
            "cica --help, wall (median)",
            help_now,
            "s",
            baseline=f"python -c pass ({interpreter * 1000:.0f} ms)",
            ratio=help_now / interpreter,
            target="≤ 0.3 s",
        )
    )
    report.add(
        Figure(
            "cica --help, this tree vs before",
            help_now,
            "s",
            baseline=f"{old.label} ({help_before:.2f} s)",
            ratio=help_now / help_before,
        )
    )
