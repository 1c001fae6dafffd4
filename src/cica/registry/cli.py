"""`cica members`, `cica chair`, `cica organs`: registry queries as of a day."""

from __future__ import annotations

import typer

from cica.core.console import stdout
from cica.core.context import Context
from cica.core.i18n import LANGUAGES
from cica.core.options import choice_option, day_option
from cica.core.output import FORMATS, emit
from cica.registry import queries
from cica.registry.rules import KINDS

ON = typer.Option(None, "--on", help="The day, YYYY-MM-DD (default: today).")
LANG = typer.Option("en", "--lang", help="Language of names: en, ru, zh or fr.")
FORMAT = typer.Option("table", "--format", help="table, json or csv.")


def register(app: typer.Typer) -> None:
    app.command("members")(members)
    app.command("chair")(chair)
    app.command("organs")(organs)


def members(
    on: str | None = ON,
    kind: str = typer.Option("member", "--kind", help="member, observer, partner or all."),
    lang: str = LANG,
    output: str = FORMAT,
) -> None:
    """Who belonged on a day: member states, observers, partners."""
    day, chosen_kind = day_option(on), choice_option(kind, KINDS, "--kind")
    chosen_lang, chosen_format = (
        choice_option(lang, LANGUAGES, "--lang"),
        choice_option(output, FORMATS, "--format"),
    )
    context = Context.create()
    with context.unit_of_work(write=False) as session:
        result = queries.members_on(session, day, chosen_kind, chosen_lang)
    rows = [item.model_dump() for item in result.items]
    emit(
        stdout,
        result,
        chosen_format,
        rows=rows,
        columns=("code", "name", "kind", "since", "certainty", "source"),
        title=f"{result.count} ({chosen_kind}) on {day.isoformat()}",
    )


def chair(on: str | None = ON, lang: str = LANG, output: str = FORMAT) -> None:
    """The chairing state on a day and its term."""
    day = day_option(on)
    chosen_lang, chosen_format = (
        choice_option(lang, LANGUAGES, "--lang"),
        choice_option(output, FORMATS, "--format"),
    )
    context = Context.create()
    with context.unit_of_work(write=False) as session:
        result = queries.chair_on(session, day, chosen_lang)
    emit(
        stdout,
        result,
        chosen_format,
        rows=[result.model_dump(by_alias=True)],
        columns=("on", "code", "name", "from", "to", "source"),
        title=f"Chair on {day.isoformat()}",
    )


def organs(on: str | None = ON, lang: str = LANG, output: str = FORMAT) -> None:
    """The organs with the names in force on a day."""
    day = day_option(on)
    chosen_lang, chosen_format = (
        choice_option(lang, LANGUAGES, "--lang"),
        choice_option(output, FORMATS, "--format"),
    )
    context = Context.create()
    with context.unit_of_work(write=False) as session:
        result = queries.organs_on(session, day, chosen_lang)
    emit(
        stdout,
        result,
        chosen_format,
        rows=[item.model_dump() for item in result.items],
        columns=("id", "name", "kind", "periodicity", "adopts", "forwards_to"),
        title=f"Organs on {day.isoformat()}",
    )
