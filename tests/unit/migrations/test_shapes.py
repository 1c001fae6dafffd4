"""The shapes the migrations share: frozen history, written out as the migrations first wrote it."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import cica.migrations
from cica.migrations import shapes

MIGRATIONS = Path(cica.migrations.__file__).parent
# What a migration (or the shapes it shares) may import from cica: nothing live.
FROZEN = {"cica.migrations", "cica.migrations.shapes"}


def _cica_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "cica"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "cica":
            found.add(str(node.module))
    return found


def test_no_migration_imports_live_models_or_enums() -> None:
    files = [MIGRATIONS / "shapes.py", *sorted((MIGRATIONS / "versions").glob("*.py"))]
    assert len(files) > 10
    live = {path.name: imports - FROZEN for path in files if (imports := _cica_imports(path)) - FROZEN}
    assert live == {}


def test_a_list_of_values_is_written_as_sql_quotes_them_in_order() -> None:
    assert shapes.listed(("member", "observer", "partner")) == "('member', 'observer', 'partner')"
    assert shapes.listed(("day",)) == "('day')"


@given(st.lists(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), min_size=1, max_size=8))
def test_the_listed_values_read_back_as_they_were(values: list[str]) -> None:
    written = shapes.listed(values)
    assert written.startswith("(") and written.endswith(")")
    assert [value.strip("'") for value in written[1:-1].split(", ")] == values
