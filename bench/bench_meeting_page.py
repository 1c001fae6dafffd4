"""The meeting page at the size of a full body: 193 member delegations registered, one agenda
item with 100 speakers waiting. Figure: p95 server time of the page signed in (the live speakers'
lists are for signed-in readers), target ≤ 50 ms, beside the same bytes sent by a bare Starlette
app (`bench.bare`) in the same run. Both are called in-process through Starlette's test client,
so the figure is what each app spends on the request, without a network.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import tomli_w
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from bench.bare import app_for
from bench.bench_deliberation import assembly_charter
from bench.common import Figure, Report, p95, sqlite_context, timings
from cica.access.actors import Actor
from cica.accounts.operations import add_user
from cica.app import create_app
from cica.meetings import inputs, operations
from cica.registry import snapshot

SPEAKERS = 100
SAMPLES = 60
EMAIL = "secretariat@bench.example"
PASSWORD = "bench secretariat password"


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="cica-bench-meeting-") as folder:
        charter = Path(folder) / "assembly.toml"
        charter.write_text(tomli_w.dumps(assembly_charter()), encoding="utf-8")
        with sqlite_context(charter) as context:
            system = Actor.system()
            with context.unit_of_work() as session:
                registry = snapshot.current(session)
                plan = inputs.plan(
                    organ="plenary", kind="regular", starts="2030-09-09", ends=None, time_zone="America/New_York",
                    seat_zone="America/New_York", city="New York", host=None,
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
                    speaker = Actor(None, f"d@{code.lower()}.example", "delegate", code)
                    operations.ask_floor(session, item.id, code, actor=speaker)
                add_user(session, email=EMAIL, role="secretariat", delegation=None,
                         password_hash=PasswordHasher().hash(PASSWORD), actor=Actor.command_line())  # fmt: skip
                meeting_id, registered = meeting.id, len(members)
            path = f"/meetings/{meeting_id}"
            with TestClient(create_app(context=context), base_url="https://testserver") as client:
                form = client.get("/signin").text
                fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
                client.post("/signin", data=fields | {"email": EMAIL, "password": PASSWORD})
                answer = client.get(path)
                assert (
                    answer.status_code == 200 and answer.text.count("<li data-code=") >= registered + SPEAKERS
                )
                measured = [1000 * t for t in timings(lambda: client.get(path), SAMPLES)]
            recorded = [
                {
                    "path": path,
                    "status": 200,
                    "type": "text/html; charset=utf-8",
                    "body": answer.content.hex(),
                }
            ]
            with TestClient(app_for(recorded)) as bare:
                baseline = [1000 * t for t in timings(lambda: bare.get(path), SAMPLES)]
    report.add(
        Figure(
            f"meeting page, {registered} delegations, {SPEAKERS} speakers, signed in, p95",
            p95(measured),
            "ms",
            baseline=f"bare Starlette, same bytes ({p95(baseline):.1f} ms)",
            ratio=p95(measured) / p95(baseline),
            target="≤ 50 ms",
        )
    )
