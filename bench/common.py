"""What every benchmark shares: timing, percentiles, a throwaway database, and the report."""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from cica.capabilities import wire
from cica.charter.loader import load_charter
from cica.core.context import Context
from cica.core.settings import Settings
from cica.registry.operations import apply_charter

# The benchmarks call operations directly: fill the hooks the lower layers declare, as the app
# and the command line do when they start.
wire()


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    baseline: str = ""
    ratio: float | None = None
    target: str = ""


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        Console(highlight=False, width=220).print(
            f"  {figure.name}: {figure.value:.3f} {figure.unit}"
            + (f"  ({figure.ratio:.2f}× {figure.baseline})" if figure.ratio is not None else "")
            + (f"  target {figure.target}" if figure.target else ""),
            markup=False,
        )

    def save(self, path: Path) -> None:
        """The figures as JSON, for notes and for comparing runs."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([asdict(f) for f in self.figures], indent=1, ensure_ascii=False))

    def table(self) -> Table:
        table = Table(title="cica benchmarks", expand=False)
        for column in ("figure", "value", "unit", "ratio", "against", "target"):
            table.add_column(column)
        for f in self.figures:
            ratio = f"{f.ratio:.2f}×" if f.ratio is not None else ""
            table.add_row(f.name, f"{f.value:.3f}", f.unit, ratio, f.baseline, f.target)
        return table


def baseline_revision() -> str:
    """The commit "before" figures are measured against: BENCH_BASELINE, else bench/BASELINE."""
    return os.environ.get("BENCH_BASELINE") or (Path(__file__).parent / "BASELINE").read_text().split()[0]


def timings(action: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    """Seconds per call of `action`, `repeat` times, after a few warm-up calls."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)


def median(samples: list[float]) -> float:
    return statistics.median(samples)


@contextmanager
def sqlite_context(charter: Path | None = None) -> Iterator[Context]:
    """A migrated SQLite database in a temporary folder, with a charter (CICA's by default)."""
    with tempfile.TemporaryDirectory(prefix="cica-bench-") as folder:
        context = Context.create(Settings(database_url=f"sqlite:///{folder}/bench.db"), migrate=True)
        with context.unit_of_work() as session:
            apply_charter(session, load_charter(charter))
        try:
            yield context
        finally:
            context.close()
