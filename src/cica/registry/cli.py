"""`cica members`, `cica chair`, `cica organs`: registry queries as of a day."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import typer
from pydantic import BaseModel
from sqlalchemy.orm import Session

from cica.core.console import stdout
from cica.core.context import Context
from cica.core.i18n import N_, Language, translated
from cica.core.options import FORMAT, LANG, choice_option, day_option, format_option, language_option
from cica.core.output import emit
from cica.registry import queries
from cica.registry.rules import KINDS

_KIND_NAMES = {
    "member": N_("member states"),
    "observer": N_("observers"),
    "partner": N_("partners"),
    "all": N_("all"),
}
ON = typer.Option(None, "--on", help="The day, YYYY-MM-DD (default: today).")


def _show(
    on: str | None,
    lang: str | None,
    output: str,
    query: Callable[[Session, date, Language], BaseModel],
    rows: Callable[[Any], list[dict[str, Any]]],
    columns: Sequence[str],
    title: str,
    kind: str = "",
) -> None:
    """Parses the shared options, runs one read-only query and prints its result."""
    day = day_option(on)
    chosen_lang = language_option(lang)
    chosen_format = format_option(output)
    with Context.create() as context, context.unit_of_work(write=False) as session:
        day = day or queries.seat_today(session)
        result = query(session, day, chosen_lang)
    # `title` is a catalogue's msgid with `{day}` (and `{kind}`) in it.
    heading = translated(title, day=day.isoformat(), kind=translated(_KIND_NAMES.get(kind, kind)))
    emit(stdout, result, chosen_format, rows=rows(result), columns=columns, title=heading)


def members(
    on: str | None = ON,
    kind: str = typer.Option("member", "--kind", help="member, observer, partner or all."),
    lang: str | None = LANG,
    output: str = FORMAT,
) -> None:
    """Who belonged on a day: member states, observers, partners."""
    chosen_kind = choice_option(kind, KINDS, "--kind")
    _show(
        on,
        lang,
        output,
        lambda session, day, language: queries.members_on(session, day, chosen_kind, language),
        lambda result: [item.model_dump() for item in result.items],
        ("code", "name", "kind", "since", "certainty", "source"),
        N_("Participants ({kind}) on {day}"),
        chosen_kind,
    )


def chair(on: str | None = ON, lang: str | None = LANG, output: str = FORMAT) -> None:
    """The chairing state on a day and its term."""
    _show(
        on,
        lang,
        output,
        queries.chair_on,
        lambda result: [result.model_dump(by_alias=True)],
        ("on", "code", "name", "from", "to", "source"),
        N_("Chair on {day}"),
    )


def organs(on: str | None = ON, lang: str | None = LANG, output: str = FORMAT) -> None:
    """The organs with the names in force on a day."""
    _show(
        on,
        lang,
        output,
        queries.organs_on,
        lambda result: [item.model_dump() for item in result.items],
        ("id", "name", "kind", "periodicity", "adopts", "forwards_to"),
        N_("Organs on {day}"),
    )
