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
from cica.core.output import Label, Shown, emit
from cica.registry import queries, snapshot
from cica.registry.rules import KINDS

_KIND_NAMES = {
    "member": N_("member states"),
    "observer": N_("observers"),
    "partner": N_("partners"),
    "all": N_("all"),
}
# What a table shows for the registry's codes (the members and organs pages' words).
PARTICIPANT_KINDS = Label({"member": N_("Member"), "observer": N_("Observer"), "partner": N_("Partner")})
CERTAINTIES = Label(
    {"confirmed": N_("Confirmed"), "unconfirmed": N_("Unconfirmed"), "conflicting": N_("Conflicting sources")}
)
ORGAN_KINDS = Label(
    {
        "deliberative": N_("Decision-making body"),
        "subsidiary": N_("Subsidiary body"),
        "administrative": N_("Administrative body"),
        "advisory": N_("Advisory body"),
    }
)
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
    shown: Callable[[Session, Any, Language], dict[str, Shown]] | None = None,
) -> None:
    """Parses the shared options, runs one read-only query and prints its result."""
    day = day_option(on)
    chosen_lang = language_option(lang)
    chosen_format = format_option(output)
    with Context.create() as context, context.unit_of_work(write=False) as session:
        day = day or queries.seat_today(session)
        result = query(session, day, chosen_lang)
        through = shown(session, result, chosen_lang) if shown else {}
    # `title` is a catalogue's msgid with `{day}` (and `{kind}`) in it.
    heading = translated(title, day=day.isoformat(), kind=translated(_KIND_NAMES.get(kind, kind)))
    emit(stdout, result, chosen_format, rows=rows(result), columns=columns, title=heading, shown=through)


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
        lambda session, result, language: {"kind": PARTICIPANT_KINDS, "certainty": CERTAINTIES},
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
        ("name", "kind", "periodicity", "adopts", "forwards_to"),
        N_("Organs on {day}"),
        shown=_organ_words,
    )


def organ_names(result: queries.OrgansResult) -> Label:
    """Organ ids as their names in the reader's language."""
    return Label({organ.id: organ.name for organ in result.items}, translate=False)


def document_kind_names(session: Session, lang: str) -> Label:
    """The charter's document kinds by their names in `lang`."""
    kinds = snapshot.current(session).document.get("document_kinds", ())
    return Label(
        {kind["id"]: snapshot.localized(kind["name"], lang) or kind["id"] for kind in kinds}, translate=False
    )


def _organ_words(session: Session, result: queries.OrgansResult, lang: Language) -> dict[str, Shown]:
    return {
        "kind": ORGAN_KINDS,
        "adopts": document_kind_names(session, lang),
        "forwards_to": organ_names(result),
    }
