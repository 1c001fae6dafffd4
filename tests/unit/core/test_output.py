"""The one CSV writer: every cell a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from cica.core.output import FORMULA_STARTS, neutralise, to_csv


def test_cells_that_begin_like_a_formula_are_neutralised() -> None:
    rows = [{"title": '=HYPERLINK("http://evil.example","x")', "a": "+1", "b": "-1", "c": "@SUM(A1)"}]
    rows.append({"title": "\tTab", "a": "\rCR", "b": "plain", "c": "a=b"})
    parsed = list(csv.reader(io.StringIO(to_csv(rows, ["title", "a", "b", "c"]), newline="")))
    assert parsed[1] == ['\'=HYPERLINK("http://evil.example","x")', "'+1", "'-1", "'@SUM(A1)"]
    assert parsed[2] == ["'\tTab", "'\rCR", "plain", "a=b"]


@given(st.text())
def test_no_neutralised_cell_begins_like_a_formula_and_nothing_else_changes(cell: str) -> None:
    safe = neutralise(cell)
    assert not safe.startswith(FORMULA_STARTS)
    assert safe in (cell, "'" + cell)
    assert (safe == cell) == (not cell.startswith(FORMULA_STARTS))
