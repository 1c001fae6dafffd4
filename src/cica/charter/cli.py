"""`cica charter …`: work on charter files without touching any database."""

from __future__ import annotations

from pathlib import Path

import typer

from cica.charter.loader import load_charter
from cica.core.console import stdout

charter_app = typer.Typer(no_args_is_help=True)


@charter_app.command("validate")
def validate(path: Path = typer.Argument(..., help="The charter TOML file to check.")) -> None:
    """Check a charter file: TOML syntax, schema, dates, ISO codes and consistency."""
    loaded = load_charter(path)
    charter = loaded.charter
    stdout.print(
        f"OK {path}: {charter.organisation.id} — {len(charter.participants)} participants, "
        f"{len(charter.organs)} organs, {len(charter.chairmanships)} chair terms, "
        f"{len(charter.catalogue)} catalogue versions",
        markup=False,
    )
