"""Runs every `bench/bench_*.py` module's `run(report)` and prints the figures as a table.

`python -m bench` runs all; `python -m bench registry access` runs those named.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

from rich.console import Console

from bench.common import Report


def main(names: list[str]) -> None:
    console = Console(highlight=False, width=220)
    modules = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )
    chosen = [m for m in modules if not names or m.removeprefix("bench_") in names]
    report = Report()
    for name in chosen:
        console.print(f"[bold]{name}[/bold]")
        start = time.perf_counter()
        importlib.import_module(f"bench.{name}").run(report)
        console.print(f"  ({time.perf_counter() - start:.1f} s)")
    console.print(report.table())
    saved = Path(__file__).parent / "results" / "latest.json"
    report.save(saved)
    console.print(f"figures saved in {saved}")


if __name__ == "__main__":
    main(sys.argv[1:])
