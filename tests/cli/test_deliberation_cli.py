"""`cica drafts|consensus|silence|tick|decisions`, acting `--as` the Chair, the Secretariat and
delegates; `cica demo`'s example; refusals are one line and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.core.settings import Settings
from cica.deliberation.models import DraftEvent
from tests.conftest import RunCli
from tests.factories import make_silence, make_user

PEOPLE = {
    "chair": ("head_of_delegation", "AZE"),
    "secretariat": ("secretariat", None),
    "india": ("delegate", "IND"),
    "china": ("delegate", "CHN"),
}


@pytest.fixture
def people(run_cli: RunCli, settings: Settings) -> dict[str, str]:
    assert run_cli("init").exit_code == 0
    with Context.create(settings) as context, context.unit_of_work() as session:
        return {
            name: make_user(session, role=role, delegation=code).email
            for name, (role, code) in PEOPLE.items()
        }


def ok(run: RunCli, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_draft_is_negotiated_and_adopted_at_the_command_line(
    run_cli: RunCli, people: dict[str, str], tmp_path: Path
) -> None:
    text = tmp_path / "en.txt"
    text.write_text("Recalling the Act,\n\nWelcoming the report,\n\nDecide to meet.", encoding="utf-8")
    created = ok(
        run_cli, "drafts", "create", "--kind", "declaration", "--organ", "ministerial_council", "--title",
        "Draft Declaration", "--file", str(text), "--sponsor", "chair", "--circulate", "--as", people["secretariat"],
    )  # fmt: skip
    assert "draft 1 created (under negotiation)" in created
    proposed = ok(
        run_cli, "drafts", "amend", "1", "--replace", "2", "--text", "Welcoming the annual report,",
        "--justification", "precision", "--as", people["india"],
    )  # fmt: skip
    assert "amendment A-1 (id 1) proposed" in proposed
    assert "revision 2" in ok(run_cli, "drafts", "amendment", "accept", "1", "--as", people["chair"])
    diff = ok(run_cli, "drafts", "diff", "1")
    assert "§2 → §2 changed" in diff and "{+annual +}" in diff
    shown = json.loads(ok(run_cli, "drafts", "show", "1", "--format", "json"))
    assert shown["revision"] == 2 and shown["amendments"][0]["status"] == "accepted"
    assert "consensus procedure 1 open" in ok(
        run_cli, "consensus", "open", "1", "--present", "IND,CHN,KAZ,JPN", "--as", people["chair"]
    )
    assert "CHN: reservation" in ok(
        run_cli, "consensus", "position", "1", "--stance", "reservation", "--text", "On §3", "--paragraphs", "3",
        "--as", people["china"],
    )  # fmt: skip
    board = json.loads(ok(run_cli, "consensus", "board", "1", "--format", "json"))
    assert {row["code"]: row["stance"] for row in board["rows"]}["CHN"] == "reservation"
    closed = ok(run_cli, "consensus", "close", "1", "--as", people["chair"])
    year = datetime.now(UTC).year
    assert f"adopted by consensus with 1 reservation — decision CICA/MC/DEC/{year}/1" in closed
    listed = ok(run_cli, "decisions", "list", "--format", "csv")
    assert listed.splitlines()[0].startswith("symbol,adopted_on") and f"CICA/MC/DEC/{year}/1" in listed
    shown_decision = ok(run_cli, "decisions", "show", f"CICA/MC/DEC/{year}/1")
    assert "Reservation of China (CHN) (§ 3): On §3" in shown_decision
    exported = json.loads(ok(run_cli, "decisions", "export", "--format", "popolo"))
    assert exported["motions"][0]["identifier"] == f"CICA/MC/DEC/{year}/1"


def test_refusals_are_one_line_naming_the_rule(run_cli: RunCli, people: dict[str, str]) -> None:
    ok(
        run_cli, "drafts", "create", "--kind", "declaration", "--organ", "swg", "--title", "T", "--text", "One.",
        "--as", people["secretariat"],
    )  # fmt: skip
    as_admin = run_cli("drafts", "circulate", "1")
    assert as_admin.exit_code == 2 and "the role admin may not circulate a text" in as_admin.stderr
    forward = run_cli("drafts", "forward", "1", "--to", "soc", "--as", people["secretariat"])
    assert forward.exit_code == 2
    assert "being drafted in the Special Working Group: it cannot be forwarded" in forward.stderr
    assert "Traceback" not in forward.output


def test_silence_at_the_command_line_and_a_tick_adopts_what_is_due(
    run_cli: RunCli, people: dict[str, str], settings: Settings
) -> None:
    ok(
        run_cli, "drafts", "create", "--kind", "report", "--organ", "soc", "--title", "Report", "--text", "One.",
        "--circulate", "--as", people["secretariat"],
    )  # fmt: skip
    started = ok(run_cli, "silence", "start", "1", "--period", "P2W", "--as", people["secretariat"])
    assert "silence procedure 1 on draft 1 until" in started and "Asia/Almaty" in started and "UTC" in started
    past = run_cli(
        "silence", "start", "1", "--deadline", "2020-01-01T00:00+00:00", "--as", people["secretariat"]
    )
    assert past.exit_code == 2 and "one open procedure per draft" in past.stderr
    status = ok(run_cli, "silence", "status", "--format", "json")
    assert json.loads(status)["count"] == 1
    with Context.create(settings) as context, context.unit_of_work() as session:
        make_silence(session, started=datetime.now(UTC) - timedelta(days=15))
    ticked = ok(run_cli, "tick")
    assert "adopted as CICA/SOC/DEC/" in ticked and "1 silence procedure finalised" in ticked
    assert "0 silence procedures finalised" in ok(run_cli, "tick")
    broken = ok(run_cli, "silence", "break", "1", "--text", "We object", "--as", people["india"])
    assert "broken by IND" in broken


def test_two_cica_tick_processes_at_once_adopt_each_text_once(
    run_cli: RunCli, cli_env: dict[str, str], settings: Settings
) -> None:
    assert run_cli("init").exit_code == 0
    with Context.create(settings) as context, context.unit_of_work() as session:
        for number in range(20):
            make_silence(session, started=datetime.now(UTC) - timedelta(days=15), title=f"Report {number}")
    command = [sys.executable, "-m", "cica", "tick"]
    runs = [
        subprocess.Popen(command, env=cli_env | {"PATH": ""}, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    counts = [int(out.strip().splitlines()[-1].split()[0]) for out in outputs]
    assert sum(counts) == 20
    decisions = json.loads(ok(run_cli, "decisions", "list", "--format", "json"))
    assert decisions["count"] == 20 and len({d["symbol"] for d in decisions["items"]}) == 20


def test_the_demo_loads_the_example_once(run_cli: RunCli) -> None:
    first = ok(run_cli, "demo")
    assert "(swg → soc → ministerial_council), adopted as CICA/MC/DEC/" in first
    assert "adopted by a two-week silence procedure as CICA/SOC/DEC/" in first
    assert "chair.aze@example.org" in first
    assert "deliberation example: loaded already" in ok(run_cli, "demo")
    decisions = json.loads(ok(run_cli, "decisions", "list", "--format", "json"))
    assert decisions["count"] == 2
    council = next(d for d in decisions["items"] if d["organ"] == "ministerial_council")
    assert (council["reservations"], council["statements"], council["procedure_kind"]) == (1, 1, "consensus")
    drafts = json.loads(ok(run_cli, "drafts", "list", "--format", "json"))
    assert {d["stage"] for d in drafts["items"]} == {"adopted"}


def test_an_id_out_of_range_exits_2(run_cli: RunCli) -> None:
    assert run_cli("init").exit_code == 0
    result = run_cli("drafts", "show", "99999999999999999999")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


def test_the_demo_creates_an_account_for_everyone_its_history_names(run_cli: RunCli) -> None:
    ok(run_cli, "demo")
    users = {user["email"] for user in json.loads(ok(run_cli, "users", "list", "--format", "json"))["items"]}
    drafts = json.loads(ok(run_cli, "drafts", "list", "--format", "json"))
    named = set()
    for item in drafts["items"]:
        detail = json.loads(ok(run_cli, "drafts", "show", str(item["id"]), "--format", "json"))
        named |= {event["actor"] for event in detail["history"] if "@" in (event["actor"] or "")}
    assert "delegate.ind@example.org" in named  # India proposed the amendment
    missing = [email for email in sorted(named) if email not in users]
    assert not missing, missing


@pytest.mark.parametrize(
    "args",
    [
        ("drafts", "show", "2147483648"),
        ("drafts", "show", "1", "--revision", "99999999999999999999"),
        ("drafts", "diff", "1", "--old", "2147483648"),
        ("decisions", "list", "--year", "-99999999999999999999"),
        ("drafts", "show", "twelve"),
    ],
)
def test_numbers_beyond_storage_are_one_line_and_exit_2(run_cli: RunCli, args: tuple[str, ...]) -> None:
    assert run_cli("init").exit_code == 0
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr


def test_the_demo_dates_its_history_and_its_audit_entries_by_one_clock(
    run_cli: RunCli, settings: Settings
) -> None:
    ok(run_cli, "demo")
    with Context.create(settings) as context, context.unit_of_work(write=False) as session:
        trail = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars().all()
        events = session.execute(select(DraftEvent).order_by(DraftEvent.id)).scalars().all()
    times = [entry.at for entry in trail]
    assert times == sorted(times), "the trail's times go back and forth"
    # The story is told over two months that end now, not all at the moment the demo ran.
    assert times[-1] - times[0] > timedelta(days=50) and times[-1] <= datetime.now(UTC)
    entered = {(name, entry.at, entry.actor_email) for entry in trail for name in entry.objects}
    assert len(events) > 10
    unmatched = [
        (event.draft_id, event.action, event.at, event.actor)
        for event in events
        if (f"draft:{event.draft_id}", event.at, event.actor) not in entered
    ]
    assert not unmatched, unmatched
