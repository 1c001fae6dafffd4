"""Lists stay flat: at 193 members, with 10,000 drafts, decisions, notices and audit entries, the
first page of each list and the page 100 pages in, against the same list's first page at 50 rows
(target: each within 2×).

The rows are written in bulk as 10,000 silence procedures that `cica tick` then adopts (each with
its decision, notice and audit entry), on the 193-member body of `bench_deliberation`. A real
`cica serve` answers; each figure is the median of sequential requests by the Secretariat (who
sees every row), through the API with a token and through the pages signed in, with the answer
cache off (so each answer is built), the three requests of a list (50 rows, 10,000 rows, page
100) taken in turn. Page 100 is reached by following the list's own `next` links, as a client
would. Every list is asked for pages of 50 rows (`limit=50`), so the page at 10,000 rows and the
page at 50 rows hold the same number of rows whatever a list's default page size (the audit
trail's is 100): what is compared is the cost of the table's size, not of the page's.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx2 as httpx
import tomli_w

from bench.bench_deliberation import assembly_charter, due_procedures
from bench.common import Figure, Report
from bench.servers import CURRENT, Instance, Server, cica_server, new_token, signed_in_cookie
from cica.deliberation import scheduler

LARGE = 10_000
SMALL = 50
PAGES_IN = 100
SAMPLES = 20
SECRETARIAT = "secretariat@bench.example"
PASSWORD = "bench secretariat password"
API_LISTS = ("/api/v1/drafts", "/api/v1/decisions", "/api/v1/notifications", "/api/v1/audit")
PAGE_LISTS = ("/drafts", "/decisions", "/notifications", "/audit")


@dataclass
class Reader:
    server: Server
    token: str
    cookie: str

    def headers(self, path: str) -> dict[str, str]:
        return (
            {"Cookie": self.cookie}
            if not path.startswith("/api/")
            else {"Authorization": f"Bearer {self.token}"}
        )


@contextmanager
def _served(rows: int, folder: Path) -> Iterator[Reader]:
    charter = folder / "assembly.toml"
    charter.write_text(tomli_w.dumps(assembly_charter()), encoding="utf-8")
    with due_procedures(rows, charter, organ="plenary", kind="resolution") as (context, deadline):
        scheduler.tick(context, now=deadline + timedelta(seconds=1))
        database = Path(context.engine.url.database or "")
        instance = Instance(CURRENT, folder, database=database)
        instance.run(
            "users", "add", SECRETARIAT, "--secretariat", "--role", "secretariat", stdin=PASSWORD + "\n"
        )
        # The answer cache off: a list answered from memory is flat whatever its length; what is
        # measured here is what building the page costs.
        with cica_server(instance, CICA_ANSWER_CACHE_BYTES="0") as server:
            yield Reader(
                server, new_token(instance, SECRETARIAT), signed_in_cookie(server.base, SECRETARIAT, PASSWORD)
            )


def _next_link(answer: httpx.Response) -> str | None:
    link = answer.headers.get("link", "")
    match = re.search(r'<([^>]+)>;\s*rel="next"', link)
    if match:
        return match.group(1)
    tag = re.search(r'<a\b[^>]*\brel="next"[^>]*>', answer.text)
    href = re.search(r'href="([^"]+)"', tag.group(0)) if tag else None
    return href.group(1).replace("&amp;", "&") if href else None


def _deep_path(client: httpx.Client, path: str) -> str:
    """Page `PAGES_IN` of the list, reached by following its own `next` links."""
    target: str | None = path
    for _ in range(PAGES_IN - 1):
        assert target is not None
        target = _next_link(client.get(target))
        if target is None:
            raise RuntimeError(f"{path}: fewer than {PAGES_IN} pages")
    assert target is not None
    return target


def _medians_ms(requests: list[tuple[httpx.Client, str]]) -> list[float]:
    """The median time of each request, the requests taken in turn, one of each per round: on a
    shared machine a slow moment then falls on the list and on its baseline alike, instead of
    on whichever was being measured at the time."""
    samples: list[list[float]] = [[] for _ in requests]
    for _ in range(3):
        for client, path in requests:
            client.get(path)
    for _ in range(SAMPLES):
        for (client, path), taken in zip(requests, samples, strict=True):
            start = time.perf_counter()
            answer = client.get(path)
            taken.append((time.perf_counter() - start) * 1000)
            answer.raise_for_status()
    return [statistics.median(taken) for taken in samples]


def run(report: Report) -> None:
    with ExitStack() as stack:
        small_folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cica-bench-small-")))
        large_folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cica-bench-large-")))
        small = stack.enter_context(_served(SMALL, small_folder))
        large = stack.enter_context(_served(LARGE, large_folder))
        for path in API_LISTS + PAGE_LISTS:
            with (
                httpx.Client(base_url=small.server.base, headers=small.headers(path)) as at_50,
                httpx.Client(base_url=large.server.base, headers=large.headers(path)) as at_10k,
            ):
                sized = f"{path}?limit={SMALL}"
                deep_path = _deep_path(at_10k, sized)
                at_small, first, deep = _medians_ms([(at_50, sized), (at_10k, sized), (at_10k, deep_path)])
            for label, value in (("first page", first), (f"page {PAGES_IN}", deep)):
                report.add(
                    Figure(
                        f"{path} at {LARGE:,} rows, {label}",
                        value,
                        "ms",
                        baseline=f"first page at {SMALL} rows ({at_small:.1f} ms)",
                        ratio=value / at_small,
                        target="≤ 2×",
                    )
                )
