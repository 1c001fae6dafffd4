"""Rendering query results for the terminal: a Rich table, JSON, or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

OutputFormat = Literal["table", "json", "csv"]
FORMATS: tuple[OutputFormat, ...] = ("table", "json", "csv")


def to_json(result: BaseModel) -> str:
    return json.dumps(result.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _cell(row.get(column)) for column in columns})
    return buffer.getvalue()


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
        table = Table(title=title)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(_cell(row.get(column)) for column in columns))
        console.print(table)
