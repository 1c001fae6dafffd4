"""`cica audit verify` and `cica audit export`: the command line acts as the administrator."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cica.access.actors import Actor
from cica.audit import queries
from cica.core.console import stdout
from cica.core.context import Context
from cica.core.files import write_text_file
from cica.core.options import choice_option, day_option

audit_app = typer.Typer(no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Recompute the hash chain: `OK <n> entries` (exit 0) or the first broken entry (exit 1)."""
    with Context.create() as context, context.unit_of_work(write=False) as session:
        result = queries.verify(session, actor=Actor.command_line())
    stdout.print(result.message, markup=False)
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("export")
def export(
    since: str | None = typer.Option(None, "--since", help="From this day (YYYY-MM-DD, UTC) on."),
    until: str | None = typer.Option(None, "--until", help="Up to this day (YYYY-MM-DD, UTC) included."),
    action: str | None = typer.Option(None, "--action", help="One action, or a prefix ending in '.'."),
    output: str = typer.Option("jsonl", "--format", help="jsonl or csv."),
    file: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Export entries, oldest first, with their hashes."""
    chosen = choice_option(output, queries.EXPORT_FORMATS, "--format")
    filters = queries.AuditFilter(
        since=day_option(since, "--since") if since else None,
        until=day_option(until, "--until") if until else None,
        action=action,
    )
    with Context.create() as context, context.unit_of_work(write=False) as session:
        chunks = queries.export(session, filters, chosen, actor=Actor.command_line())
        if file is None:
            for chunk in chunks:
                sys.stdout.write(chunk)
            return
        write_text_file(file, chunks, what="--output")
