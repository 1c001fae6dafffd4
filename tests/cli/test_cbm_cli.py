"""`cica cbm catalogue|coordinators` on a fresh database, after `cica init` loaded the charter's
catalogue; bad options are one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RunCli


@pytest.fixture
def initialised(run_cli: RunCli) -> None:
    result = run_cli("init")
    assert result.exit_code == 0, result.output
    assert "cbm: 2 catalogue versions added from the charter" in result.stdout


def ok(run: RunCli, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _holders(shown: dict[str, object], area: str) -> set[tuple[str, str]]:
    terms = shown["terms"]
    assert isinstance(terms, list)
    return {(t["participant"], t["role"]) for t in terms if t["area"] == area}


def test_coordinators_on_the_first_day_of_2023(run_cli: RunCli, initialised: None) -> None:
    shown = json.loads(ok(run_cli, "cbm", "coordinators", "--on", "2023-01-01", "--format", "json"))
    assert shown["version"] == "2021"
    assert ("AZE", "coordinator") in _holders(shown, "transport_corridors")
    assert ("IND", "coordinator") in _holders(shown, "combating_terrorism")
    assert _holders(shown, "ict_security") == {("RUS", "coordinator"), ("CHN", "co_coordinator")}
    (russia,) = [t for t in shown["terms"] if t["area"] == "ict_security" and t["participant"] == "RUS"]
    assert russia["dates_unconfirmed"] is True and russia["name"] == "Russian Federation"
    (china,) = [t for t in shown["terms"] if t["area"] == "ict_security" and t["participant"] == "CHN"]
    assert (china["starts"], china["ends"], china["dates_unconfirmed"]) == ("2022", "2024", False)


def test_a_dated_term_is_not_shown_before_it_begins(run_cli: RunCli, initialised: None) -> None:
    shown = json.loads(ok(run_cli, "cbm", "coordinators", "--on", "2021-10-13", "--format", "json"))
    assert _holders(shown, "ict_security") == {("RUS", "coordinator")}


def test_the_table_flags_undated_terms(run_cli: RunCli, initialised: None) -> None:
    out = ok(run_cli, "cbm", "coordinators", "--on", "2023-01-01", "--format", "csv")
    (azerbaijan,) = [
        line for line in out.splitlines() if line.startswith("Secure and effective") and "Azerbaijan" in line
    ]
    assert azerbaijan.endswith(",yes")
    (china,) = [line for line in out.splitlines() if line.startswith("Security of") and "China" in line]
    assert china.endswith(",2022,2024,")


def test_catalogue_of_one_version_and_dimension(run_cli: RunCli, initialised: None) -> None:
    shown = json.loads(
        ok(
            run_cli,
            "cbm",
            "catalogue",
            "--version",
            "2021",
            "--dimension",
            "military_political",
            "--format",
            "json",
        )
    )
    (version,) = shown["versions"]
    (dimension,) = version["dimensions"]
    numbers = [m["number"] for a in dimension["areas"] for m in a["measures"]]
    assert numbers == ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5"]
    assert dimension["areas"][0]["measures"][0]["items"][3].startswith("(d) notification of planned")
    zh = json.loads(ok(run_cli, "cbm", "catalogue", "--version", "2021", "--lang", "zh", "--format", "json"))
    assert zh["versions"][0]["dimensions"][0]["name"] == "军事政治领域"


@pytest.mark.parametrize(
    "args",
    [
        ("cbm", "catalogue", "--version", "1999"),
        ("cbm", "catalogue", "--dimension", "nautical"),
        ("cbm", "coordinators", "--on", "2023-13-01"),
        ("cbm", "coordinators", "--format", "yaml"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    run_cli: RunCli, initialised: None, args: tuple[str, ...]
) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_appoint_records_a_term_and_refuses_an_overlapping_one_in_one_line(
    run_cli: RunCli, initialised: None
) -> None:
    done = ok(run_cli, "cbm", "appoint", "ict_security", "KAZ", "--role", "co_coordinator",
              "--from", "2027-01-01", "--to", "2029-01-01", "--decision", "SOC, December 2026")  # fmt: skip
    assert done.strip() == "Recorded: KAZ, Co-coordinator of ict_security, from 2027-01-01 to 2029-01-01"
    shown = json.loads(ok(run_cli, "cbm", "coordinators", "--on", "2028-01-01", "--format", "json"))
    assert ("KAZ", "co_coordinator") in _holders(shown, "ict_security")
    for args in (
        ("ict_security", "KAZ", "--role", "co_coordinator", "--from", "2028"),
        ("nowhere", "KAZ", "--from", "2028"),
        ("ict_security", "KAZ", "--from", "28 May"),
    ):
        refused = run_cli("cbm", "appoint", *args)
        assert refused.exit_code == 2, refused.output
        assert len(refused.stderr.strip().splitlines()) == 1 and "Traceback" not in refused.output
    overlapping = run_cli(
        "cbm", "appoint", "ict_security", "KAZ", "--role", "co_coordinator", "--from", "2028"
    )
    assert "a state holds one term at a time in a role of an area" in overlapping.stderr


def test_report_writes_html_and_pdf_and_a_missing_folder_is_one_line(
    run_cli: RunCli, initialised: None, tmp_path: Path
) -> None:
    done = ok(run_cli, "cbm", "report", "--year", "2026", "--out", str(tmp_path))
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert "Implementation of confidence-building measures in 2026" in (tmp_path / "report.html").read_text()
    assert "report.pdf" in done
    refused = run_cli("cbm", "report", "--year", "2026", "--out", str(tmp_path / "missing"))
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1
