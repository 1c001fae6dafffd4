"""Rendering query results for the terminal: a Rich table, JSON, or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

if TYPE_CHECKING:  # rich is the command line's: a web worker that writes CSV never loads it
    from rich.console import Console

OutputFormat = Literal["table", "json", "csv"]
FORMATS: tuple[OutputFormat, ...] = ("table", "json", "csv")


def to_json(result: BaseModel) -> str:
    return json.dumps(result.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2)


# A spreadsheet reads a cell beginning with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet will not run: a leading formula character gets a `'`."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_lines(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """The one CSV writer of every export: the header, then one line per row (streamed), every
    cell neutralised against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # With "\n" ending lines, the csv module leaves a lone "\r" unquoted, which readers take
    # for a line break; a row holding one is written with every cell quoted.
    quoting_all = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def line(cells: Iterable[str]) -> str:
        safe = [neutralise(cell) for cell in cells]
        (quoting_all if any("\r" in cell for cell in safe) else writer).writerow(safe)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(columns)
    for row in rows:
        yield line(_cell(row.get(column)) for column in columns)


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    return "".join(csv_lines(rows, columns))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def emit(
    console: Console,
    result: BaseModel,
    output: OutputFormat,
    *,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    title: str,
) -> None:
    """Prints `result` whole as JSON, or its `rows` as CSV or a table."""
    if output == "json":
        console.print_json(to_json(result), ensure_ascii=False) if console.is_terminal else print(
            to_json(result)
        )
    elif output == "csv":
        print(to_csv(rows, columns), end="")
    else:
        from rich.table import Table

        table = Table(title=title)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(_cell(row.get(column)) for column in columns))
        console.print(table)
