"""What the deliberation commands share: options, the unit of work with its actor, output."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.accounts.queries import actor_for_email
from cica.core.console import stdout
from cica.core.context import Context
from cica.core.errors import InvalidInput

DELEGATION = typer.Option(None, "--delegation", help="The delegation acted for (default: the user's own).")


@contextmanager
def unit(as_email: str | None, *, write: bool = True) -> Iterator[tuple[Session, Actor]]:
    context = Context.create()
    try:
        with context.unit_of_work(write=write) as session:
            actor = actor_for_email(session, as_email) if as_email else Actor.command_line()
            yield session, actor
    finally:
        context.close()


def count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def say(message: str) -> None:
    stdout.print(message, markup=False)


def read_text(text: str | None, file: Path | None, what: str) -> str:
    if (text is None) == (file is None):
        raise InvalidInput(f"give the {what} with exactly one of --text and --file")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as error:
            raise InvalidInput(f"--file: cannot read {file}: {error.strerror}") from None
    return text or ""
