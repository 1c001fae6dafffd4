"""`cica decisions list|show|export`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cica.core.console import stdout
from cica.core.files import write_text_file
from cica.core.i18n import N_, translated
from cica.core.options import AS, FORMAT, LANG, choice_option, format_option, integer, language_option
from cica.core.output import Shown, emit, in_language, marked, to_csv, when
from cica.core.paging import PageRequest
from cica.deliberation import queries
from cica.deliberation.cli.common import (
    CURSOR,
    LIMIT,
    PROCEDURE_KINDS,
    SEARCH,
    count,
    more,
    reading,
    say,
    say_texts,
    word,
)
from cica.deliberation.queries.decisions import CSV_COLUMNS, RemarkItem, csv_rows

decisions_app = typer.Typer(no_args_is_help=True, help="The decision register: list, show, export.")


def _filters(
    organ: str | None, year: int | None, kind: str | None, procedure: str | None, search: str | None = None
) -> queries.DecisionFilter:
    return queries.DecisionFilter(organ=organ, year=year, kind=kind, procedure=procedure, q=search)


ORGAN = typer.Option(None, "--organ")
YEAR = typer.Option(None, "--year", parser=integer)
KIND = typer.Option(None, "--kind")
PROCEDURE = typer.Option(None, "--procedure", help="consensus or silence.")


@decisions_app.command("list")
def list_decisions(
    organ: str | None = ORGAN,
    year: int | None = YEAR,
    kind: str | None = KIND,
    procedure: str | None = PROCEDURE,
    search: str | None = SEARCH,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    lang: str | None = LANG,
    output: str = FORMAT,
    as_email: str | None = AS,
) -> None:
    """The decision register, newest first, a page at a time."""
    chosen_lang, chosen = language_option(lang), format_option(output)
    with reading(as_email, chosen_lang) as (session, who):
        found = queries.list_decisions(
            session,
            who,
            _filters(organ, year, kind, procedure, search),
            PageRequest(cursor, limit),
        )
    # A terminal table keeps to what fits a line; CSV and JSON carry every column.
    columns = (
        ("symbol", "adopted_on", "procedure_kind", "reservations", "title")
        if chosen == "table"
        else CSV_COLUMNS
    )
    shown: dict[str, Shown] = {"title": marked("title_lang"), "procedure_kind": PROCEDURE_KINDS}
    emit(
        stdout,
        found,
        chosen,
        rows=csv_rows(found),
        columns=columns,
        title=count(found.count, "decision"),
        shown=shown,
    )
    if chosen == "table":
        more(found.page)


@decisions_app.command("show")
def show_decision(
    symbol: str = typer.Argument(..., help="The decision's symbol, e.g. CICA/MC/DEC/2026/1."),
    lang: str | None = LANG,
    output: str = typer.Option("text", "--format", help="text or json."),
    as_email: str | None = AS,
) -> None:
    """One decision, with its texts, reservations and statements."""
    chosen_lang = language_option(lang)
    chosen = choice_option(output, ("text", "json"), "--format")
    with reading(as_email, chosen_lang) as (session, who):
        found = queries.decision_detail(session, who, queries.decision_by_symbol(session, who, symbol).id)
    if chosen == "json":
        print(json.dumps(found.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    say(in_language(f"{found.symbol}: {found.title}", found.title_lang))
    say(
        translated(
            "{kind} adopted by the {organ} on {day} ({procedure})",
            kind=found.kind_name,
            organ=found.organ_name,
            day=when(found.adopted_on),
            procedure=word(PROCEDURE_KINDS, found.procedure_kind),
        )
    )
    for link, refs in (
        (N_("amends {symbol}"), [found.amends]),
        (N_("supersedes {symbol}"), [found.supersedes]),
        (N_("amended by {symbol}"), found.amended_by),
        (N_("superseded by {symbol}"), found.superseded_by),
    ):
        for ref in refs:
            if ref is not None:
                say(translated(link, symbol=ref.symbol))
    # What delegations wrote is in the decision's original language, as the page marks it: on
    # the line when the reader reads that language, else under it, tagged with it.
    remarks = [
        (
            translated("Reservation of {name} ({code}){where}:", name=r.name, code=r.code, where=_where(r)),
            r.text,
        )
        for r in found.reservation_list
    ] + [
        (translated("Statement of {name} ({code}):", name=r.name, code=r.code), r.text)
        for r in found.statement_list
    ]
    for heading, text in remarks:
        if found.original_lang == chosen_lang:
            say(f"{heading} {text}")
        else:
            say(heading)
            say("  " + in_language(text, found.original_lang))
    say_texts(found.texts)


def _where(remark: RemarkItem) -> str:
    return f" (§ {', '.join(map(str, remark.paragraphs))})" if remark.paragraphs else ""


@decisions_app.command("export")
def export(
    output: str = typer.Option("json", "--format", help="json, csv or popolo."),
    organ: str | None = ORGAN,
    year: int | None = YEAR,
    kind: str | None = KIND,
    procedure: str | None = PROCEDURE,
    to: Path | None = typer.Option(None, "--output", help="Write to this file instead of the terminal."),
    lang: str | None = LANG,
    as_email: str | None = AS,
) -> None:
    """Export the register (filtered) as JSON, CSV or Popolo JSON."""
    chosen = choice_option(output, ("json", "csv", "popolo"), "--format")
    chosen_lang = language_option(lang)
    with reading(as_email, chosen_lang) as (session, who):
        filters = _filters(organ, year, kind, procedure)
        if chosen == "popolo":
            content = json.dumps(queries.popolo(session, who, filters), ensure_ascii=False, indent=2) + "\n"
        else:
            found = queries.export_decisions(session, who, filters)
            content = (
                to_csv(csv_rows(found), CSV_COLUMNS)
                if chosen == "csv"
                else json.dumps(found.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
            )
    if to is None:
        print(content, end="")
        return
    write_text_file(to, [content], what="--output")
    say(translated("wrote {path}", path=to))
