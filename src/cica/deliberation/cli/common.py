"""What the deliberation commands share: options, the unit of work with its actor, output."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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
from cica.core.i18n import N_, Language, translated, translated_plural
from cica.core.output import Label
from cica.deliberation import words
from cica.deliberation.consensus import Stance
from cica.deliberation.queries import Reader, reader
from cica.deliberation.queries.drafts import TextItem

DELEGATION = typer.Option(None, "--delegation", help="The delegation acted for (default: the user's own).")
SEARCH = typer.Option(None, "--search", "-q", help="Words of the title, in any of its languages.")
CURSOR = typer.Option(None, "--cursor", help="Where the page starts (printed under the previous page).")
LIMIT = typer.Option(paging.DEFAULT_LIMIT, "--limit", help=f"Rows per page (1 to {paging.MAX_LIMIT}).")

# What a table or a line shows for deliberation's codes: the pages' words (`deliberation.words`).
STAGES = Label(words.STAGES)
PROCEDURE_KINDS = Label(words.PROCEDURE_KINDS)
PROCEDURE_STATUSES = Label(words.PROCEDURE_STATUSES)
CLASSIFICATIONS = Label(words.CLASSIFICATIONS)
AMENDMENT_STATUSES = Label(words.AMENDMENT_STATUSES)
STANCES = Label(words.STANCES)
# A position as a line confirming it names it: "CHN: reservation on procedure 1".
STANCE_WORDS = Label(
    {
        Stance.JOIN: N_("join"),
        Stance.OBJECT: N_("objection"),
        Stance.RESERVATION: N_("reservation"),
        Stance.STATEMENT: N_("statement"),
    }
)
CAPACITIES = Label(words.CAPACITIES)


def organ_names(who: Reader) -> Label:
    """Organ ids as their names on the reader's day, in the reader's language."""
    return Label(who.facts.organ_names(who.day, who.lang), translate=False)


def kind_names(who: Reader) -> Label:
    """The charter's document kinds by their names in the reader's language."""
    return Label({kind: who.kind_name(kind) for kind in who.facts.kinds}, translate=False)


def word(label: Label, value: str) -> str:
    """One code's word, for a sentence."""
    return label(value, {})


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
        say(translated("older: --cursor {cursor}", cursor=links.next_cursor))


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


def say_texts(texts: Sequence[TextItem]) -> None:
    """A draft's or a decision's texts, one per language, each headed "[lang]" (and marked as the
    original): its paragraphs are in that language, whatever the reader's."""
    for text in texts:
        original = translated(", original") if text.original else ""
        say(f"\n[{text.lang}{original}] {text.title}")
        for paragraph in text.paragraphs:
            say(f"  {paragraph.number}. {paragraph.text}")


def read_text(text: str | None, file: Path | None, what: str) -> str:
    if (text is None) == (file is None):
        raise InvalidInput(f"give the {what} with exactly one of --text and --file")
    if file is not None:
        return read_text_file(file, what="--file")
    return text or ""
