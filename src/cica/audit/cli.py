"""`cica audit verify`, `checkpoint`, `public-key` and `export`: the command line acts as the
administrator."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cica.access.actors import Actor
from cica.audit import checkpoints, queries
from cica.core.console import stdout
from cica.core.context import Context
from cica.core.errors import InvalidInput, NotFound
from cica.core.files import read_text_file, write_text_file
from cica.core.i18n import translated_plural
from cica.core.options import choice_option, day_option

audit_app = typer.Typer(no_args_is_help=True)
RECEIPT_LIMIT = 64 * 1024  # a receipt is a few hundred bytes; anything larger is not one


def _receipt(path: Path) -> checkpoints.Receipt:
    text = read_text_file(path, what=f"--checkpoint {path}", limit=RECEIPT_LIMIT)
    return checkpoints.parse(text, f"--checkpoint {path}")


@audit_app.command("verify")
def verify(
    checkpoint: list[Path] = typer.Option(
        [], "--checkpoint", help="A receipt of `cica audit checkpoint`; the trail must extend each one given."
    ),
) -> None:
    """Check the keyed chain, the content it recorded, the receipts given and the append-only
    triggers: `OK <n> entries, head <hash>` (exit 0), or each problem on a line (exit 1)."""
    receipts = [(str(path), _receipt(path)) for path in checkpoint]
    with Context.create() as context, context.unit_of_work(write=False) as session:
        result = queries.verify(session, actor=Actor.command_line(), receipts=receipts)
    if result.ok:
        told = translated_plural(
            "OK {count} entry, head {head}",
            "OK {count} entries, head {head}",
            result.count,
            head=result.head_hash,
        )
        stdout.print(told, markup=False)
    else:  # each problem as the chain states it (its English technical terms), one per line
        stdout.print(result.message, markup=False)
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("checkpoint")
def checkpoint(
    output: Path = typer.Option(..., "--output", "-o", help="Write the receipt to this (new) file."),
) -> None:
    """Sign the head of the verified trail and write the receipt (JSON) to keep elsewhere: later,
    `cica audit verify --checkpoint FILE` proves the trail still extends it."""
    if output.exists():
        raise InvalidInput(f"--output {output}: exists already (a receipt is never overwritten)")
    if not output.parent.is_dir():
        raise NotFound(f"--output {output}: no directory {output.parent}")
    with Context.create() as context, context.unit_of_work(write=False) as session:
        receipt = queries.checkpoint(session, actor=Actor.command_line())
    try:
        with output.open("x", encoding="utf-8") as file:
            file.write(receipt.to_json())
    except OSError as error:
        raise InvalidInput(f"--output {output}: {error.strerror or error}") from None
    told = translated_plural(
        "checkpoint of {count} entry, head {head}, written to {path}",
        "checkpoint of {count} entries, head {head}, written to {path}",
        receipt.count,
        head=receipt.head_hash,
        path=output,
    )
    stdout.print(told, markup=False)


@audit_app.command("public-key")
def public_key() -> None:
    """Print the instance's Ed25519 public key (base64), which checkpoint receipts are signed with."""
    with Context.create() as context, context.unit_of_work(write=False) as session:
        published = queries.public_key(session, actor=Actor.command_line())
    stdout.print(published, markup=False)


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
