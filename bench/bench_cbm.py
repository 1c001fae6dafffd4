"""The CBM dashboard at the size of a full body: 193 member states, the catalogue's 5 dimensions,
20 years of events (one event per state, dimension and year: 19,300, each with three other states
taking part) and 10 participation declarations per state.

Figures, from one generated database in one run, served by a real `cica serve` (one worker, on
loopback, the answer cache off so that every page is built), timed by sequential requests:
- p95 server time of the dashboard page `/cbm`, its counts from the cache (the data version read,
  the page rendered), and after a cbm write (the heatmap's two grouped statements run again);
- p95 of `/cbm/heatmap.png` from the figure cache (one single-row read of the data version),
  beside matplotlib drawing the same figure alone (`figure_bytes` called directly, in this
  process, on the same data) — what every request would cost without the cache;
- p95 of the PNG drawn afresh, each request after a cbm write (an event added), which
  invalidates the cache.
"""

from __future__ import annotations

import tempfile
import time
import tomllib
from collections.abc import Callable
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx2 as httpx
import tomli_w
from sqlalchemy import insert, select

from bench.bench_deliberation import assembly_charter
from bench.common import Figure, Report, median, p95, sqlite_context, timings
from bench.servers import CURRENT, Instance, cica_server
from cica.access.actors import Actor
from cica.cbm import operations, plots, queries
from cica.cbm.data import forms_data
from cica.cbm.models import Dimension, Event, Measure, ParticipationDeclaration, PriorityArea
from cica.cbm.rules import EventKind, EventStatus
from cica.core.context import Context
from cica.registry.models import Participant
from cica.registry.plots import figure_bytes

YEARS = range(2006, 2026)  # 20 years
TAKING_PART = 3  # other states at each event
DECLARED = 10  # measures each state declares
SAMPLES = 60
DRAWN_SAMPLES = 8
SECRETARIAT = Actor(None, "secretariat@bench.example", "secretariat")


def _catalogue() -> list[dict[str, Any]]:
    """The CICA charter's catalogue without its coordinators (states the benchmark's body lacks)."""
    text = files("cica.charter").joinpath("data/cica.toml").read_text(encoding="utf-8")
    catalogue: list[dict[str, Any]] = tomllib.loads(text)["catalogue"]
    for version in catalogue:
        for dimension in version.get("dimensions", []):
            for area in dimension.get("priority_areas", []):
                area.pop("coordinators", None)
    return catalogue


def _generate(context: Context) -> int:
    """The catalogue, the declarations and the events, written in bulk; the number of events."""
    with context.unit_of_work() as session:
        operations.load_catalogue(session, _catalogue(), forms_data(), actor=Actor.system())
    with context.unit_of_work() as session:
        codes = sorted(
            session.scalars(select(Participant.code).where(Participant.code.not_in(["VAT", "PSE"])))
        )
        latest = max(session.scalars(select(Dimension.version_id)))
        areas = {
            key: area_ids
            for key in session.scalars(
                select(Dimension.key).where(Dimension.version_id == latest).order_by(Dimension.position)
            )
            if (
                area_ids := list(
                    session.scalars(
                        select(PriorityArea.id)
                        .join(Dimension)
                        .where(Dimension.key == key, Dimension.version_id == latest)
                    )
                )
            )
        }
        measures = list(
            session.scalars(
                select(Measure.id).join(PriorityArea).join(Dimension).where(Dimension.version_id == latest)
            )
        )
        events = [
            {
                "area_id": area_ids[(s + year) % len(area_ids)],
                "kind": list(EventKind)[(s + d) % len(EventKind)],
                "title": f"Event {year} {code} {key}",
                "measures": [],
                "host_code": code,
                "organisers": [],
                "starts": date(year, 1 + (s % 12), 1 + (d % 28)),
                "ends": date(year, 1 + (s % 12), 2 + (d % 27)),
                "venue": None,
                "plan_year": year,
                "participants": [codes[(s + k * 37 + year) % len(codes)] for k in range(1, TAKING_PART + 1)],
                "status": EventStatus.HELD,
                "outcome": None,
            }
            for s, code in enumerate(codes)
            for d, (key, area_ids) in enumerate(areas.items())
            for year in YEARS
        ]
        session.execute(insert(Event), events)
        session.execute(
            insert(ParticipationDeclaration),
            [
                {
                    "measure_id": measures[(s * 7 + k) % len(measures)],
                    "participant_code": code,
                    "since": date(2010 + k, 1, 1),
                    "until": None,
                    "declared_at": context.clock.now(),
                }
                for s, code in enumerate(codes)
                for k in range(DECLARED)
            ],
        )
    return len(events)


def _add_event(context: Context) -> None:
    """A cbm write, as the Secretariat records one: the figures' data version changes."""
    with context.unit_of_work() as session:
        area = session.scalars(select(PriorityArea.id)).first()
        assert area is not None
        operations.add_event(
            session, area, kind=EventKind.VISIT, title="Visit", host="AFG", starts=date(2025, 6, 1),
            ends=date(2025, 6, 1), plan_year=None, actor=SECRETARIAT,
        )  # fmt: skip


def _ms(action: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    return [1000 * t for t in timings(action, repeat, warmup)]


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="cica-bench-cbm-") as folder:
        charter = Path(folder) / "assembly.toml"
        charter.write_text(tomli_w.dumps(assembly_charter()), encoding="utf-8")
        with sqlite_context(charter) as context:
            started = time.perf_counter()
            count = _generate(context)
            _add_event(context)
            print(f"  generated {count} events in {time.perf_counter() - started:.1f} s")
            with context.unit_of_work(write=False) as session:
                shown = queries.heatmap(session, lang="en")
            assert len(shown.participants) == 193 and len(shown.dimensions) == 5
            alone = _ms(
                lambda: figure_bytes(
                    lambda axes: plots.paint_heatmap(axes, shown, "en"), "png", size=plots.FIGURE_SIZE
                ),
                DRAWN_SAMPLES,
                warmup=1,
            )
            database = Path(context.settings.database_url.removeprefix("sqlite:///"))
            instance = Instance(CURRENT, database.parent, database=database)
            with (
                cica_server(instance, CICA_ANSWER_CACHE_BYTES="0") as server,
                httpx.Client(base_url=server.base, timeout=60) as client,
            ):

                def get(path: str) -> None:
                    answer = client.get(path)
                    assert answer.status_code == 200, (path, answer.status_code)

                page = _ms(lambda: get("/cbm?lang=en"), SAMPLES)
                counted: list[float] = []
                for _ in range(DRAWN_SAMPLES):
                    _add_event(context)
                    counted += _ms(lambda: get("/cbm?lang=en"), 1, warmup=0)
                cached = _ms(lambda: get("/cbm/heatmap.png?lang=en"), SAMPLES)
                drawn: list[float] = []
                for _ in range(DRAWN_SAMPLES):
                    _add_event(context)
                    drawn += _ms(lambda: get("/cbm/heatmap.png?lang=en"), 1, warmup=0)
    drawing = f"matplotlib drawing it alone ({p95(alone):.0f} ms p95, {median(alone):.0f} ms median)"
    report.add(Figure(f"/cbm dashboard page ({count} events), counts cached, p95", p95(page), "ms"))
    report.add(Figure("/cbm dashboard page after a cbm write (counted), p95", p95(counted), "ms"))
    report.add(
        Figure(
            "/cbm/heatmap.png cached, p95",
            p95(cached),
            "ms",
            baseline=drawing,
            ratio=p95(cached) / p95(alone),
        )
    )
    report.add(
        Figure("/cbm/heatmap.png after a cbm write (drawn), p95", p95(drawn), "ms", baseline=drawing,
               ratio=p95(drawn) / p95(alone))
    )  # fmt: skip
