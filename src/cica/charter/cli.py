"""`cica charter …`: work on charter files without touching any database."""

from __future__ import annotations

from pathlib import Path

import typer

from cica.charter.loader import load_charter
from cica.core.console import stdout
from cica.core.i18n import translated_plural

charter_app = typer.Typer(no_args_is_help=True)


@charter_app.command("validate")
def validate(path: Path = typer.Argument(..., help="The charter TOML file to check.")) -> None:
    """Check a charter file: TOML syntax, schema, dates, ISO codes and consistency."""
    loaded = load_charter(path)
    charter = loaded.charter
    counted = ", ".join(
        (
            translated_plural("{count} participant", "{count} participants", len(charter.participants)),
            translated_plural("{count} organ", "{count} organs", len(charter.organs)),
            translated_plural("{count} chair term", "{count} chair terms", len(charter.chairmanships)),
            translated_plural(
                "{count} catalogue version", "{count} catalogue versions", len(charter.catalogue)
            ),
        )
    )
    stdout.print(f"OK {path}: {charter.organisation.id} — {counted}", markup=False)
