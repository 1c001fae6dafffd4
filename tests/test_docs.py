"""The documents generated from the code are current: run `cica docs write` after changing
the settings or the permission table."""

from __future__ import annotations

from pathlib import Path

import pytest

from cica.docs import GENERATED
from tests.conftest import RunCli

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_a_generated_document_matches_the_code(name: str) -> None:
    path = DOCS / name
    assert path.exists(), f"{path} is missing: run `cica docs write`"
    assert path.read_text(encoding="utf-8") == GENERATED[name](), (
        f"{path} is out of date: run `cica docs write`"
    )


def test_docs_check_names_a_stale_document(run_offline: RunCli, tmp_path: Path) -> None:
    assert run_offline("docs", "write", "--dir", str(tmp_path)).exit_code == 0
    assert run_offline("docs", "check", "--dir", str(tmp_path)).exit_code == 0
    (tmp_path / "permissions.md").write_text("# Permissions\n\nedited by hand\n", encoding="utf-8")
    stale = run_offline("docs", "check", "--dir", str(tmp_path))
    assert stale.exit_code == 1
    assert "permissions.md is out of date" in stale.stderr
