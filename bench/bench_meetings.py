"""Meetings at the size of a full body (issue 11): 193 member delegations and 20 years of meetings
of both organs of a General-Assembly-shaped charter.

Figures, all from one generated database in one run:
- p95 server time (target ≤ 50 ms) of the calendar page in its three views (list, month, year),
  of the meeting page with a 193-delegation participants' list and one agenda item with 100
  speakers waiting (signed in: the live speakers' lists are for signed-in readers), and of the
  iCalendar feed, each beside the same bytes sent by a bare Starlette app (`bench.bare`). Both
  are called in-process through Starlette's test client, so the figure is what each app spends
  on a request, without a network; once with the answer cache (`core.answers`) on, as served,
  and once with it off, as after any write to the database (the feeds then come from the bodies
  kept by their version, `core.caching.BuiltByVersion`; each version is built once per worker).
- requests per second of the feed served by `cica serve` against the same bytes served by the
  bare app under uvicorn, loaded by `wrk` in `BENCH_ROUNDS` interleaved rounds (as
  `bench_http` does), so a slow moment of the machine falls on both alike; medians over rounds.
"""

from __future__ import annotations

import dataclasses
import os
import re
import statistics
import tempfile
from datetime import date
from pathlib import Path

import tomli_w
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from bench.bare import app_for
from bench.bench_deliberation import assembly_charter
from bench.common import Figure, Report, p95, sqlite_context, timings
from bench.servers import CURRENT, Instance, Recorded, bare_server, cica_server, wrk
from cica.access.actors import Actor
from cica.accounts.operations import add_user
from cica.app import create_app
from cica.core.context import Context
from cica.meetings import inputs, operations
from cica.registry import snapshot

YEARS = range(2006, 2026)  # 20 years
SPEAKERS = 100
SAMPLES = 60
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
EMAIL = "secretariat@bench.example"
PASSWORD = "bench secretariat password"
ZONE = "America/New_York"
# Each year: the plenary's regular session and a special one; the First Committee's sittings.
COMMITTEE_MONTHS = (1, 2, 4, 5, 6, 10, 11, 12)
YEARLY = (
    ("plenary", "regular", 9, 10, 5),
    ("plenary", "special", 3, 2, 3),
    *(("first_committee", "regular", month, 6, 2) for month in COMMITTEE_MONTHS),
)


def _history(context: Context) -> int:
    """Twenty years of meetings, then this year's plenary session with its participants and
    speakers; returns that meeting's id."""
    system = Actor.system()
    with context.unit_of_work() as session:
        for year in YEARS:
            for organ, kind, month, day, days in YEARLY:
                first = date(year, month, day)
                last = date(year, month, day + days - 1)
                plan = inputs.plan(
                    organ=organ, kind=kind, starts=first.isoformat(), ends=last.isoformat(), time_zone=ZONE,
                    seat_zone=ZONE, city="New York", host=None,
                )  # fmt: skip
                operations.schedule(session, plan, actor=system)
    with context.unit_of_work() as session:
        registry = snapshot.current(session)
        plan = inputs.plan(
            organ="plenary", kind="regular", starts="2026-09-08", ends="2026-09-12", time_zone=ZONE,
            seat_zone=ZONE, city="New York", host=None,
        )  # fmt: skip
        meeting = operations.schedule(session, plan, actor=system)
        item = operations.add_item(session, meeting.id, "General debate", actor=system)
        day = plan.starts_at.date()
        members = sorted(
            code
            for code in registry.participants
            if (category := registry.category_on(code, day)) is not None and category.kind == "member"
        )
        for code in members:
            operations.register(session, meeting.id, code, head=f"Head of {code}", actor=system)
        for code in members[:SPEAKERS]:
            operations.ask_floor(
                session, item.id, code, actor=Actor(None, f"d@{code.lower()}.example", "delegate", code)
            )
        add_user(session, email=EMAIL, role="secretariat", delegation=None,
                 password_hash=PasswordHasher().hash(PASSWORD), actor=Actor.command_line())  # fmt: skip
        return meeting.id


def _in_process(report: Report, context: Context, meeting_id: int) -> Recorded:
    """The p95 figures, with the answer cache on (as served) and off (what a request costs when
    the cache has let go of its answer: after any write); returns the feed's answer."""
    anonymous = {
        "calendar page, list view": "/calendar?view=list",
        "calendar page, month view": "/calendar?view=month&month=2025-09",
        "calendar page, year view": "/calendar?view=year&year=2025",
        "iCalendar feed": "/calendar.ics",
    }
    page = f"/meetings/{meeting_id}"
    signed_in = f"meeting page, 193 delegations, {SPEAKERS} speakers, signed in"
    paths = {**anonymous, signed_in: page}
    recorded: dict[str, Recorded] = {}
    measured: dict[tuple[str, str], list[float]] = {}
    uncached = Context.create(dataclasses.replace(context.settings, answer_cache_bytes=0))
    try:
        for cache, served in (("", context), (", answer cache off", uncached)):
            with TestClient(create_app(context=served), base_url="https://testserver") as client:
                for name, path in paths.items():
                    if path == page:
                        form = client.get("/signin").text
                        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
                        client.post("/signin", data=fields | {"email": EMAIL, "password": PASSWORD})
                    answer = client.get(path)
                    assert answer.status_code == 200, (path, answer.status_code)
                    recorded[path] = Recorded(path, 200, answer.headers["content-type"], answer.content)
                    measured[name, cache] = [
                        1000 * t for t in timings(lambda path=path: client.get(path), SAMPLES)
                    ]
    finally:
        uncached.close()
    feed = recorded["/calendar.ics"]
    assert feed.body.count(b"BEGIN:VEVENT") == len(YEARS) * len(YEARLY) + 1
    assert recorded[page].body.count(b"<li data-code=") >= 193 + SPEAKERS
    bodies = [
        {"path": r.path, "status": 200, "type": r.content_type or "", "body": r.body.hex()}
        for r in recorded.values()
    ]
    with TestClient(app_for(bodies)) as bare:
        baselines = {
            path: [1000 * t for t in timings(lambda path=path: bare.get(path), SAMPLES)]
            for path in paths.values()
        }
    for (label, cache), samples in measured.items():
        baseline = baselines[paths[label]]
        report.add(
            Figure(
                f"{label}, p95{cache}",
                p95(samples),
                "ms",
                baseline=f"bare Starlette, same bytes ({p95(baseline):.1f} ms)",
                ratio=p95(samples) / p95(baseline),
                target="≤ 50 ms",
            )
        )
    return feed


def _under_load(report: Report, database: Path, feed: Recorded) -> None:
    """The feed's requests per second, cica against the bare app, interleaved rounds."""
    instance = Instance(CURRENT, database.parent, database=database)
    rates: dict[str, list[float]] = {"cica": [], "bare": []}
    with cica_server(instance) as cica, bare_server([feed]) as bare:
        for _ in range(ROUNDS):
            for side, server in (("cica", cica), ("bare", bare)):
                rates[side].append(wrk(server.base + feed.path, {}, seconds=SECONDS).requests_per_second)
    served, baseline = statistics.median(rates["cica"]), statistics.median(rates["bare"])
    report.add(
        Figure(
            f"iCalendar feed ({len(feed.body) // 1024} KiB), requests/s, wrk -c10, median of {ROUNDS}",
            served,
            "req/s",
            baseline=f"bare Starlette, same bytes ({baseline:.0f} req/s)",
            ratio=served / baseline,
            target="beside the bare app",
        )
    )


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="cica-bench-meetings-") as folder:
        charter = Path(folder) / "assembly.toml"
        charter.write_text(tomli_w.dumps(assembly_charter()), encoding="utf-8")
        with sqlite_context(charter) as context:
            meeting_id = _history(context)
            feed = _in_process(report, context, meeting_id)
            database = Path(context.settings.database_url.removeprefix("sqlite:///"))
            _under_load(report, database, feed)
