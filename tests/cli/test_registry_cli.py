"""`cica init`, `members`, `chair`, `organs` and `charter validate`, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import RunCli
from tests.factories import charter_data, write_charter


@pytest.fixture
def initialised(run_cli: RunCli) -> RunCli:
    result = run_cli("init")
    assert result.exit_code == 0, result.output
    assert "charter 'cica' loaded" in result.output
    return run_cli


@pytest.mark.parametrize(
    ("day", "count"),
    [("2002-06-04", 16), ("2012-01-01", 24), ("2014-05-21", 26), ("2019-01-01", 27), (None, 28)],
)
def test_members_on_a_day(initialised: RunCli, day: str | None, count: int) -> None:
    args = ["members", "--format", "json"] + (["--on", day] if day else [])
    result = initialised(*args)
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert body["count"] == count == len(body["items"])
    # Without --on: today at the seat (Astana, Asia/Almaty), which may not be the server's day.
    assert body["on"] == (day or datetime.now(ZoneInfo("Asia/Almaty")).date().isoformat())
    china = next(item for item in body["items"] if item["code"] == "CHN")
    assert china | {"source": "…"} == china | {
        "name": "China",
        "kind": "member",
        "since": "1999-09-14",
        "since_precision": "day",
        "source": "…",
    }


def test_observers_on_a_day_include_saudi_arabia_and_turkmenistan(initialised: RunCli) -> None:
    body = json.loads(
        initialised("members", "--on", "2024-01-01", "--kind", "observer", "--format", "json").stdout
    )
    assert {"SAU", "TKM"} <= {item["code"] for item in body["items"]}
    assert {item["kind"] for item in body["items"]} == {"observer"}


@pytest.mark.parametrize(
    ("day", "code"), [("2016-01-01", "CHN"), ("2021-01-01", "KAZ"), ("2025-06-01", "AZE")]
)
def test_chair_on_a_day(initialised: RunCli, day: str, code: str) -> None:
    body = json.loads(initialised("chair", "--on", day, "--format", "json").stdout)
    assert body["code"] == code
    assert body["on"] == day
    assert set(body) >= {"name", "from", "to"}


@pytest.mark.parametrize(
    ("day", "name"),
    [("2023-01-01", "Council of Heads of State or Government"), ("2010-01-01", "Summit")],
)
def test_organs_on_a_day(initialised: RunCli, day: str, name: str) -> None:
    body = json.loads(initialised("organs", "--on", day, "--format", "json").stdout)
    assert body["items"][0] | {"id": "summit", "name": name} == body["items"][0]


def test_members_as_csv_and_in_chinese(initialised: RunCli) -> None:
    result = initialised("members", "--on", "2014-05-21", "--format", "csv", "--lang", "zh")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 26
    assert {"code": "CHN", "name": "中国"}.items() <= next(r for r in rows if r["code"] == "CHN").items()


def test_members_as_a_table(initialised: RunCli) -> None:
    result = initialised("members", "--on", "2014-05-21")
    assert result.exit_code == 0
    assert "Bangladesh" in result.stdout


def test_init_twice_is_a_no_op(initialised: RunCli) -> None:
    result = initialised("init")
    assert result.exit_code == 0
    assert "unchanged" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["members", "--on", "2014-13-01"], "--on: not a date: '2014-13-01'"),
        (["members", "--on", "yesterday"], "--on: not a date"),
        (
            ["members", "--kind", "friends"],
            "--kind: 'friends' is not one of member, observer, partner, all",
        ),
        (["chair", "--lang", "de"], "--lang: 'de' is not one of en, ru, zh, fr"),
        (["organs", "--format", "xml"], "--format: 'xml' is not one of table, json, csv"),
    ],
)
def test_bad_options_exit_2_with_one_line(initialised: RunCli, args: list[str], message: str) -> None:
    result = initialised(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {message}")
    assert result.stderr.count("\n") == 1


def test_queries_before_init_say_what_to_do(run_cli: RunCli, database_url: str) -> None:
    result = run_cli("members")
    assert result.exit_code == 2
    assert "cica init" in result.stderr
    if make_url(database_url).get_backend_name() == "sqlite":
        assert not Path(make_url(database_url).database or "").exists()


def test_charter_validate_accepts_a_good_file(run_offline: RunCli, tmp_path: Path) -> None:
    result = run_offline("charter", "validate", str(write_charter(tmp_path, charter_data())))
    assert result.exit_code == 0
    assert result.stdout.startswith("OK ")


def test_a_malformed_charter_is_rejected_and_nothing_is_written(
    run_cli: RunCli, tmp_path: Path, database_url: str
) -> None:
    data = charter_data()
    data["chairmanships"][1]["from"] = "2001"
    path = write_charter(tmp_path, data)
    for args in (["charter", "validate", str(path)], ["init", "--charter", str(path)]):
        result = run_cli(*args)
        assert result.exit_code == 2
        assert str(path) in result.stderr
        assert "chairmanships[1]: chair term overlaps chairmanships[0]" in result.stderr
    assert run_cli("members").exit_code == 2  # still no database


def test_a_toml_syntax_error_names_the_line(run_offline: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[organisation]\nid = "x"\nname = = "X"\n', encoding="utf-8")
    result = run_offline("charter", "validate", str(path))
    assert result.exit_code == 2
    assert f"{path}:3" in result.stderr
