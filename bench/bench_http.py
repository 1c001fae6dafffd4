"""Requests per second of cica's hot GETs under load, against a bare Starlette app sending the same
bytes, and against the commit before this work (the "before" of issues 7, 8 and 9), in one run.

Method: `cica demo` prepares one SQLite database per version; each version is served by
`cica serve --workers 1`; its answer to each request is recorded and a bare Starlette app
(`bench.bare`, one uvicorn worker too) sends those bytes again with the same status and
content-type. This tree is served twice, with the answer cache on (its default) and off
(`CICA_ANSWER_CACHE_BYTES=0`, the same work without the feature). `wrk -t1 -c10` loads each server in turn for `BENCH_SECONDS` (default 3), in
`BENCH_ROUNDS` interleaved rounds (default 3), so a slow moment of the machine falls on all alike;
figures are medians over rounds. Then 200 sequential requests give each page's latency p95, and
the idle worker's resident memory is read from /proc.

The older commit is `BENCH_BASELINE` (default: the commit named in bench/BASELINE).
"""

from __future__ import annotations

import os
import re
import sqlite3
import statistics
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx

from bench.common import Figure, Report, baseline_revision, p95
from bench.servers import (
    CURRENT,
    Code,
    Instance,
    Load,
    Recorded,
    Server,
    bare_server,
    cica_server,
    demo_instance,
    new_token,
    older_commit,
    rss_mib,
    signed_in_cookie,
    wrk,
)

SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SEQUENTIAL = 200
HEAD = "head.ind@example.org"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    who: str  # "anonymous", "token" (head of India's delegation) or "cookie" (the same, signed in)
    target: float  # the least ratio to the bare app the issue asks for
    status: int = 200


@dataclass
class Caller:
    """What a request needs to be made as someone on one instance."""

    token: str
    cookie: str

    def headers(self, who: str) -> dict[str, str]:
        if who == "token":
            return {"Authorization": f"Bearer {self.token}"}
        if who == "cookie":
            return {"Cookie": self.cookie}
        return {}


def _caller(instance: Instance, server: Server) -> Caller:
    return Caller(new_token(instance, HEAD), signed_in_cookie(server.base, HEAD, instance.passwords[HEAD]))


def _targets(instance: Instance, server: Server, caller: Caller) -> list[Target]:
    with sqlite3.connect(instance.folder / "cica.db") as db:
        draft = db.execute("SELECT min(id) FROM draft").fetchone()[0]
        decision = db.execute("SELECT min(id) FROM decision").fetchone()[0]
        procedure = db.execute("SELECT min(id) FROM procedure WHERE kind = 'consensus'").fetchone()[0]
    board = f"/procedures/{procedure}/board"
    fragment = httpx.get(server.base + board, headers=caller.headers("cookie"))
    stamp = re.search(r'data-stamp="([^"]+)"', fragment.text)
    assert stamp, fragment.text[:300]
    return [
        Target("GET /api/v1/members", "/api/v1/members", "anonymous", 0.5),
        Target(
            "GET /api/v1/members?on=2014-05-21&lang=zh&kind=all",
            "/api/v1/members?on=2014-05-21&lang=zh&kind=all",
            "anonymous",
            0.5,
        ),
        Target("GET /api/v1/chair", "/api/v1/chair", "anonymous", 0.5),
        Target("GET /api/v1/decisions/{id}", f"/api/v1/decisions/{decision}", "anonymous", 0.5),
        Target("GET /api/v1/drafts/{id} (token)", f"/api/v1/drafts/{draft}", "token", 0.5),
        Target("GET / (page)", "/", "anonymous", 0.25),
        Target("GET /members (page)", "/members", "anonymous", 0.25),
        Target("GET /drafts/{id} signed in (page)", f"/drafts/{draft}", "cookie", 0.25),
        Target("consensus board fragment", board, "cookie", 0.25),
        Target("board poll, nothing changed (204)", f"{board}?since={stamp.group(1)}", "cookie", 0.25, 204),
    ]


@dataclass
class Side:
    """One version of cica, served, with who calls it and what it is asked."""

    code: Code
    instance: Instance
    server: Server
    caller: Caller
    targets: list[Target]
    idle_rss_mib: float
    uncached: Server | None = None  # the same instance served with the answer cache off


def _record(side: Side) -> list[Recorded]:
    answers = []
    for target in side.targets:
        answer = httpx.get(side.server.base + target.path, headers=side.caller.headers(target.who))
        assert answer.status_code == target.status, (target.path, answer.status_code, answer.text[:300])
        answers.append(
            Recorded(target.path, answer.status_code, answer.headers.get("content-type"), answer.content)
        )
    return answers


def _sequential_ms(base: str, target: Target, caller: Caller) -> list[float]:
    samples = []
    with httpx.Client(base_url=base, headers=caller.headers(target.who)) as client:
        for _ in range(5):
            client.get(target.path)
        for _ in range(SEQUENTIAL):
            start = time.perf_counter()
            client.get(target.path)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def run(report: Report) -> None:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cica-bench-http-")))
        old = stack.enter_context(older_commit(baseline_revision()))
        sides: list[Side] = []
        for code in (CURRENT, old):
            instance = demo_instance(code, folder / code.label.replace(" ", "-"))
            server = stack.enter_context(cica_server(instance))
            idle = rss_mib(server.pid)
            caller = _caller(instance, server)
            sides.append(Side(code, instance, server, caller, _targets(instance, server, caller), idle))
        new, before = sides
        new.uncached = stack.enter_context(cica_server(new.instance, CICA_ANSWER_CACHE_BYTES="0"))
        bare = stack.enter_context(bare_server(_record(new)))
        bare_idle = rss_mib(bare.pid)
        _throughput(report, new, before, bare)
        _latency(report, new, before)
    report.add(
        Figure(
            "idle RSS of one cica serve worker",
            new.idle_rss_mib,
            "MiB",
            baseline=f"bare Starlette {bare_idle:.0f} MiB; {before.code.label} {before.idle_rss_mib:.0f} MiB",
            ratio=new.idle_rss_mib / before.idle_rss_mib,
            target="≤ 120 MiB",
        )
    )


def _throughput(report: Report, new: Side, before: Side, bare: Server) -> None:
    for index, target in enumerate(new.targets):
        old_target = before.targets[index]
        rounds: dict[str, list[Load]] = {"new": [], "off": [], "bare": [], "old": []}
        assert new.uncached is not None
        for _ in range(ROUNDS):
            rounds["new"].append(
                wrk(new.server.base + target.path, new.caller.headers(target.who), seconds=SECONDS)
            )
            rounds["off"].append(
                wrk(new.uncached.base + target.path, new.caller.headers(target.who), seconds=SECONDS)
            )
            rounds["bare"].append(wrk(bare.base + target.path, {}, seconds=SECONDS))
            rounds["old"].append(
                wrk(before.server.base + old_target.path, before.caller.headers(target.who), seconds=SECONDS)
            )
        rate = {
            side: statistics.median(load.requests_per_second for load in loads)
            for side, loads in rounds.items()
        }
        report.add(
            Figure(
                f"{target.name} req/s",
                rate["new"],
                "req/s",
                baseline=f"bare Starlette, same bytes ({rate['bare']:.0f} req/s)",
                ratio=rate["new"] / rate["bare"],
                target=f"≥ {target.target}×",
            )
        )
        report.add(
            Figure(
                f"{target.name} req/s, answer cache off",
                rate["off"],
                "req/s",
                baseline=f"bare Starlette, same bytes ({rate['bare']:.0f} req/s); cache on {rate['new']:.0f}",
                ratio=rate["off"] / rate["bare"],
                target=f"≥ {target.target}× with the cache on (above)",
            )
        )
        report.add(
            Figure(
                f"{target.name} req/s, this tree vs before",
                rate["new"],
                "req/s",
                baseline=f"{before.code.label} ({rate['old']:.1f} req/s)",
                ratio=rate["new"] / rate["old"],
                target="≥ 1× (no slower)",
            )
        )


def _latency(report: Report, new: Side, before: Side) -> None:
    assert new.uncached is not None
    by_name = {t.name: (t, before.targets[i]) for i, t in enumerate(new.targets)}
    for name in ("GET /drafts/{id} signed in (page)", "consensus board fragment"):
        target, old_target = by_name[name]
        measured = _sequential_ms(new.server.base, target, new.caller)
        baseline = _sequential_ms(before.server.base, old_target, before.caller)
        report.add(
            Figure(
                f"{name} p95, {SEQUENTIAL} sequential requests",
                p95(measured),
                "ms",
                baseline=f"{before.code.label} ({p95(baseline):.1f} ms)",
                ratio=p95(measured) / p95(baseline),
                target="≤ 1× (no slower)",
            )
        )
        # The same with the answer cache off: what building the answer costs, against before.
        built = _sequential_ms(new.uncached.base, target, new.caller)
        report.add(
            Figure(
                f"{name} p95, {SEQUENTIAL} sequential requests, answer cache off",
                p95(built),
                "ms",
                baseline=f"{before.code.label} ({p95(baseline):.1f} ms)",
                ratio=p95(built) / p95(baseline),
                target="≤ 1× (no slower)",
            )
        )
    target, _ = by_name["GET /drafts/{id} signed in (page)"]
    anonymous = Target(target.name, target.path, "anonymous", target.target)
    # Server time of the page as built (answer cache off): a cache hit would compare two lookups.
    signed_in = statistics.median(_sequential_ms(new.uncached.base, target, new.caller))
    public = statistics.median(_sequential_ms(new.uncached.base, anonymous, new.caller))
    report.add(
        Figure(
            "draft page signed in, median, answer cache off",
            signed_in,
            "ms",
            baseline=f"the same page anonymous ({public:.1f} ms)",
            ratio=signed_in / public,
            target="≤ 1.5×",
        )
    )
