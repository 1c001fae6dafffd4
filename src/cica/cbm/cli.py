"""`cica cbm catalogue|coordinators`: the Catalogue of CBMs and who coordinates its areas."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import select

from cica.access.actors import Actor
from cica.accounts.queries import actor_for_email
from cica.cbm import operations, queries
from cica.cbm.models import CatalogueVersion
from cica.cbm.rules import Role
from cica.core.console import stdout
from cica.core.context import Context
from cica.core.errors import NotFound
from cica.core.files import write_binary_file, write_text_file
from cica.core.i18n import N_, translated
from cica.core.options import AS, FORMAT, LANG, day_option, format_option, language_option
from cica.core.output import Label, emit, marked
from cica.registry.queries import seat_today

app = typer.Typer(
    no_args_is_help=True, help="Confidence-building measures: the catalogue and the coordinators."
)

VERSION = typer.Option(None, "--version", help="Only this catalogue version (2004, 2021).")
DIMENSION = typer.Option(None, "--dimension", help="Only this dimension (its key: military_political, …).")
ON = typer.Option(None, "--on", help="The day (YYYY-MM-DD; default: today at the seat).")
ROLE_NAMES: dict[str, str] = {Role.COORDINATOR: N_("Coordinator"), Role.CO_COORDINATOR: N_("Co-coordinator")}
ROLES = Label(ROLE_NAMES)
DATES = Label({"yes": N_("dates unconfirmed")})


@app.command("catalogue")
def catalogue(
    version: str | None = VERSION,
    dimension: str | None = DIMENSION,
    lang: str | None = LANG,
    output: str = FORMAT,
) -> None:
    """The catalogue's measures by version, dimension and priority area."""
    chosen_lang, chosen_format = language_option(lang), format_option(output)
    with Context.create() as context, context.unit_of_work(write=False) as session:
        result = queries.catalogue(session, version=version, dimension=dimension, lang=chosen_lang)
    rows = [
        {
            "version": v.id,
            "dimension": d.name,
            "area": a.name,
            "number": m.number,
            "text": m.text,
            "text_lang": m.text_lang,
        }
        for v in result.versions
        for d in v.dimensions
        for a in d.areas
        for m in a.measures
    ]
    emit(
        stdout, result, chosen_format, rows=rows, columns=("version", "dimension", "area", "number", "text"),
        title=translated("Catalogue of CBMs"), shown={"text": marked("text_lang")},
    )  # fmt: skip


@app.command("coordinators")
def coordinators(on: str | None = ON, lang: str | None = LANG, output: str = FORMAT) -> None:
    """Coordinators and co-coordinators of each priority area on a day. Terms the sources give no
    dates for are listed on every day and flagged "dates unconfirmed"."""
    chosen_lang, chosen_format = language_option(lang), format_option(output)
    day = day_option(on)
    with Context.create() as context, context.unit_of_work(write=False) as session:
        result = queries.coordinators(session, day or seat_today(session), lang=chosen_lang)
    rows = [
        {
            "area": t.area_name,
            "participant": t.name,
            "role": t.role,
            "from": t.starts or "",
            "to": t.ends or "",
            "dates": "yes" if t.dates_unconfirmed else "",
        }
        for t in result.terms
    ]
    emit(
        stdout, result, chosen_format, rows=rows, columns=("area", "participant", "role", "from", "to", "dates"),
        title=translated("Coordinators"), shown={"role": ROLES, "dates": DATES},
    )  # fmt: skip


@app.command("appoint")
def appoint(
    area: str = typer.Argument(
        ..., help="The priority area's key (ict_security, …) in the latest catalogue."
    ),
    state: str = typer.Argument(..., help="The state appointed (ISO 3166-1 alpha-3)."),
    role: Role = typer.Option(Role.COORDINATOR, "--role", help="coordinator or co_coordinator."),
    starts: str = typer.Option(..., "--from", help="The first day (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ends: str | None = typer.Option(
        None, "--to", help="The day it ends (exclusive); none: until further notice."
    ),
    decision: str | None = typer.Option(None, "--decision", help="The SOC decision that appointed it."),
    as_email: str | None = AS,
) -> None:
    """Record a state's term as coordinator or co-coordinator of a priority area (one term at a
    time in a role of an area; renewals begin where the term before ends)."""
    with Context.create() as context, context.unit_of_work() as session:
        actor = actor_for_email(session, as_email) if as_email else Actor.command_line()
        latest = session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.adopted.desc())).first()
        found = next(
            (a for d in (latest.dimensions if latest else []) for a in d.areas if a.key == area), None
        )
        if found is None:
            raise NotFound(f"no priority area {area!r} in the latest catalogue")
        term = operations.appoint(
            session, found.id, state.upper(), role, starts=starts, ends=ends, decision=decision, actor=actor
        )
        recorded = translated(
            "Recorded: {state}, {role} of {area}, from {starts}",
            state=term.participant_code, role=translated(ROLE_NAMES[role]), area=area, starts=term.starts,
        )  # fmt: skip
    stdout.print(recorded + (translated(" to {ends}", ends=ends) if ends else ""))


@app.command("report")
def report(
    year: int = typer.Option(..., "--year", min=1992, max=2100, help="The year reported on."),
    out: Path = typer.Option(..., "--out", help="The folder to write report.html and report.pdf into."),
    lang: str | None = LANG,
    as_email: str | None = AS,
) -> None:
    """Write the year's implementation report of CBMs (events by dimension, coordinators,
    notifications, the heatmap) as HTML and PDF."""
    from cica.cbm.report import year_report  # WeasyPrint and matplotlib: only for this command

    chosen_lang = language_option(lang)
    with Context.create() as context, context.unit_of_work(write=False) as session:
        actor = actor_for_email(session, as_email) if as_email else Actor.command_line()
        written = year_report(session, year, actor=actor, lang=chosen_lang)
    html, pdf = out / "report.html", out / "report.pdf"
    write_text_file(html, [written.html], what="--out")
    write_binary_file(pdf, written.pdf, what="--out")
    stdout.print(translated("Wrote {html} and {pdf}", html=str(html), pdf=str(pdf)))
