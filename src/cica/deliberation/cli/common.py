"""What the deliberation commands share: options, the unit of work with its actor, output."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.accounts.queries import actor_for_email
from cica.core import paging
from cica.core.console import stdout
from cica.core.context import Context
from cica.core.errors import InvalidInput
from cica.core.files import read_text_file
from cica.core.i18n import Language, translated_plural
from cica.deliberation.queries import Reader, reader

DELEGATION = typer.Option(None, "--delegation", help="The delegation acted for (default: the user's own).")
SEARCH = typer.Option(None, "--search", "-q", help="Words of the title, in any of its languages.")
CURSOR = typer.Option(None, "--cursor", help="Where the page starts (printed under the previous page).")
LIMIT = typer.Option(paging.DEFAULT_LIMIT, "--limit", help=f"Rows per page (1 to {paging.MAX_LIMIT}).")


@contextmanager
def unit(as_email: str | None, *, write: bool = True) -> Iterator[tuple[Session, Actor]]:
    context = Context.create()
    try:
        with context.unit_of_work(write=write) as session:
            actor = actor_for_email(session, as_email) if as_email else Actor.command_line()
            yield session, actor
    finally:
        context.close()


@contextmanager
def reading(as_email: str | None, lang: Language) -> Iterator[tuple[Session, Reader]]:
    """A read-only unit of work, and the reader it reads for: `--as` (or the administrator),
    in `--lang`."""
    with unit(as_email, write=False) as (session, actor):
        yield session, reader(session, actor, lang)


def more(links: paging.PageLinks) -> None:
    """Under a table: how to ask for the next (older) page."""
    if links.next_cursor:
        say(f"older: --cursor {links.next_cursor}")


def count(number: int, thing: str) -> str:
    """ "2 drafts", in the reader's language and its plural forms."""
    counted = {
        "draft": lambda: translated_plural("{count} draft", "{count} drafts", number),
        "decision": lambda: translated_plural("{count} decision", "{count} decisions", number),
        "silence procedure": lambda: translated_plural(
            "{count} silence procedure", "{count} silence procedures", number
        ),
    }
    return counted[thing]()


def say(message: str) -> None:
    stdout.print(message, markup=False)


def read_text(text: str | None, file: Path | None, what: str) -> str:
    if (text is None) == (file is None):
        raise InvalidInput(f"give the {what} with exactly one of --text and --file")
    if file is not None:
        return read_text_file(file, what="--file")
    return text or ""
