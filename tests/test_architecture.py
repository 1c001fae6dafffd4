"""The architecture's contracts (pyproject.toml, `[tool.importlinter]`) hold, and each of them
fails when broken: a copy of the package with one violating import is refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_import_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "src" / "cica", tmp_path / "src" / "cica", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


VIOLATIONS = {
    "core is plumbing: it imports no capability and not the assembly": (
        "core/violation.py",
        "from cica.registry import queries\n",
    ),
    "capabilities form layers (bottom last); the assembly sits on top": (
        "registry/violation.py",
        "from cica.accounts import models\n",
    ),
    "pure rules import no storage, web, templating, HTTP or other I/O": (
        "deliberation/texts.py",
        "import sqlalchemy\n",
    ),
}


@pytest.mark.parametrize("contract", sorted(VIOLATIONS))
def test_each_contract_fails_when_broken(copy: Path, contract: str) -> None:
    module, line = VIOLATIONS[contract]
    path = copy / "src" / "cica" / module
    path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + line, encoding="utf-8")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout
    assert line.split()[-1] in result.stdout  # the report names the violating import
