"""Every file a command reads or writes: a failure is one line on stderr and exit 2, reads are
bounded, and only UTF-8 text is taken (the shared helper `core.files`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RunCli

CREATE = ("drafts", "create", "--kind", "report", "--organ", "soc", "--title", "Report", "--file")


def _one_line_error(result: object, *fragments: str) -> None:
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert stderr.startswith("error: ") and stderr.count("\n") == 1, stderr
    for fragment in fragments:
        assert fragment in stderr, stderr


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    binary = tmp_path / "picture.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Déclaration".encode("latin-1"))
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"One\x00paragraph.")
    large = tmp_path / "large.txt"
    large.write_text("x" * 2048)
    return {"binary": binary, "latin": latin, "nul": nul, "large": large, "missing": tmp_path / "missing.txt"}


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("binary", "is not UTF-8 text"),
        ("latin", "is not UTF-8 text"),
        ("nul", "U+0000"),
        ("missing", "cannot read"),
        ("large", "larger than 1024 bytes"),
    ],
)
def test_drafts_create_refuses_a_file_that_is_not_bounded_utf8_text(
    run_cli: RunCli, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, name: str, fragment: str
) -> None:
    assert run_cli("init").exit_code == 0
    monkeypatch.setenv("CICA_MAX_FILE_BYTES", "1024")
    _one_line_error(run_cli(*CREATE, str(files[name])), "--file", str(files[name]), fragment)


def test_dev_zero_is_refused_after_reading_at_most_the_limit(run_cli: RunCli) -> None:
    assert run_cli("init").exit_code == 0
    _one_line_error(run_cli(*CREATE, "/dev/zero"), "/dev/zero", "larger than")


def test_charter_validate_refuses_dev_zero(run_offline: RunCli) -> None:
    result = run_offline("charter", "validate", "/dev/zero")
    assert result.exit_code == 2 and "/dev/zero" in result.stderr and "larger than" in result.stderr


@pytest.mark.parametrize("target", ["/nonexistent/directory/out.csv", "/dev/full"])
@pytest.mark.parametrize("command", [("decisions", "export", "--format", "csv"), ("audit", "export")])
def test_an_export_that_cannot_be_written_is_one_line(
    run_cli: RunCli, command: tuple[str, ...], target: str
) -> None:
    assert run_cli("init").exit_code == 0
    _one_line_error(run_cli(*command, "--output", target), "--output", target, "cannot write")
