"""`cica consensus …`, `cica silence …` and `cica tick`."""

from __future__ import annotations

from datetime import datetime

import typer

from cica.core.console import stdout
from cica.core.context import Context
from cica.core.errors import InvalidInput
from cica.core.i18n import translated, translated_plural
from cica.core.options import AS, FORMAT, LANG, day_option, format_option, integer, language_option, record_id
from cica.core.output import Shown, emit, in_language, marked
from cica.deliberation import operations, queries, scheduler
from cica.deliberation.cli.common import (
    CAPACITIES,
    DELEGATION,
    PROCEDURE_STATUSES,
    STANCE_WORDS,
    STANCES,
    count,
    organ_names,
    reading,
    say,
    unit,
    word,
)
from cica.deliberation.texts import parse_numbers

consensus_app = typer.Typer(no_args_is_help=True, help="Consensus in session: open, positions, close.")
silence_app = typer.Typer(no_args_is_help=True, help="The silence procedure: start, break, status.")


@consensus_app.command("open")
def open_consensus(
    draft_id: int = typer.Argument(..., parser=record_id),
    on: str | None = typer.Option(None, "--on", help="The session's date (default: today)."),
    present: str | None = typer.Option(
        None, "--present", help="Delegations present: KAZ,IND (default: all)."
    ),
    recommend_to: str | None = typer.Option(None, "--recommend-to", help="Recommend to this organ."),
    as_email: str | None = AS,
) -> None:
    """Put the current revision to adoption by consensus at a session (the Chair)."""
    day = day_option(on)
    codes = [code for code in (present or "").split(",") if code.strip()] or None
    with unit(as_email) as (session, actor):
        procedure = operations.open_consensus(
            session, draft_id, held_on=day, present=codes, recommend_to=recommend_to, actor=actor
        )
        procedure_id = procedure.id
    say(translated("consensus procedure {id} open on draft {draft}", id=procedure_id, draft=draft_id))


@consensus_app.command("position")
def position(
    procedure_id: int = typer.Argument(..., parser=record_id),
    stance: str = typer.Option(..., "--stance", help="join, object, reservation or statement."),
    text: str = typer.Option("", "--text", help="The reason, reservation or statement."),
    paragraphs: str | None = typer.Option(None, "--paragraphs", help="Paragraphs of a reservation: 2,3."),
    expected_version: int | None = typer.Option(
        None,
        "--expected-version",
        help="The version you saw (0: none); without it the current one is replaced.",
        parser=integer,
    ),
    delegation: str | None = DELEGATION,
    as_email: str | None = AS,
) -> None:
    """Take or change your delegation's position."""
    with unit(as_email) as (session, actor):
        row = operations.record_position(
            session,
            procedure_id,
            stance=stance,
            text=text,
            paragraphs=parse_numbers(paragraphs, "--paragraphs"),
            delegation=delegation,
            expected_version=expected_version,
            actor=actor,
        )
        code, version = row.participant_code, row.version
    say(
        translated(
            "{code}: {stance} on procedure {id} (version {version})",
            code=code,
            stance=word(STANCE_WORDS, stance),
            id=procedure_id,
            version=version,
        )
    )


@consensus_app.command("close")
def close(procedure_id: int = typer.Argument(..., parser=record_id), as_email: str | None = AS) -> None:
    """Close the procedure (the Chair): adopted unless a member present objected."""
    with unit(as_email) as (session, actor):
        closed = operations.close_consensus(session, procedure_id, actor=actor)
        summary, symbol = closed.outcome.summary(), closed.decision.symbol if closed.decision else None
    # The outcome's summary is the rules' English sentence (as the audit trail keeps it).
    told = translated("procedure {id}:", id=procedure_id) + " " + in_language(summary, "en")
    say(told + (" — " + translated("decision {symbol}", symbol=symbol) if symbol else ""))


@consensus_app.command("board")
def board(
    procedure_id: int = typer.Argument(..., parser=record_id),
    lang: str | None = LANG,
    output: str = FORMAT,
    as_email: str | None = AS,
) -> None:
    """The consensus board: every delegation present and its position."""
    chosen_lang, chosen = language_option(lang), format_option(output)
    with reading(as_email, chosen_lang) as (session, who):
        found = queries.board(session, who, procedure_id)
    rows = [row.model_dump() | {"stance": row.stance or "silent"} for row in found.rows]
    columns = ("code", "name", "capacity", "stance", "text", "version")
    shown: dict[str, Shown] = {"capacity": CAPACITIES, "stance": STANCES}
    title = in_language(found.outcome, found.outcome_lang)
    emit(stdout, found, chosen, rows=rows, columns=columns, title=title, shown=shown)


# --- Silence -----------------------------------------------------------------------------------


def _deadline(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"--deadline: {value!r} is not a date and time such as 2026-12-11T18:00+05:00"
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput(f"--deadline: {value!r} has no offset; add one, such as +05:00 or Z")
    return moment


@silence_app.command("start")
def start(
    draft_id: int = typer.Argument(..., parser=record_id),
    deadline: str | None = typer.Option(
        None, "--deadline", help="ISO 8601 with an offset: 2026-12-11T18:00+05:00."
    ),
    period: str | None = typer.Option(None, "--period", help="P14D, P2W… (default: the charter's)."),
    recommend_to: str | None = typer.Option(None, "--recommend-to", help="Recommend to this organ."),
    as_email: str | None = AS,
) -> None:
    """Circulate the current revision under silence procedure."""
    with unit(as_email) as (session, actor):
        procedure = operations.start_silence(
            session,
            draft_id,
            deadline=_deadline(deadline),
            period=period,
            recommend_to=recommend_to,
            actor=actor,
        )
        procedure_id = procedure.id
        assert procedure.deadline is not None
        shown = queries.reader(session, actor).deadline(procedure.deadline)
    say(
        translated(
            "silence procedure {id} on draft {draft} until {deadline}",
            id=procedure_id,
            draft=draft_id,
            deadline=shown,
        )
    )


@silence_app.command("break")
def break_(
    procedure_id: int = typer.Argument(..., parser=record_id),
    kind: str = typer.Option("objection", "--kind", help="objection or amendment."),
    text: str = typer.Option(..., "--text", help="The written objection or proposed amendment."),
    delegation: str | None = DELEGATION,
    as_email: str | None = AS,
) -> None:
    """Break silence for your delegation, before the deadline (the server's clock decides)."""
    with unit(as_email) as (session, actor):
        row = operations.break_silence(
            session, procedure_id, kind=kind, text=text, delegation=delegation, actor=actor
        )
        code = row.participant_code
    say(
        translated("silence procedure {id} broken by {code}: back to negotiation", id=procedure_id, code=code)
    )


@silence_app.command("status")
def status(
    all_: bool = typer.Option(False, "--all", help="Include procedures that have ended."),
    tz: str | None = typer.Option(None, "--tz", help="Your time zone, to show deadlines in it too."),
    lang: str | None = LANG,
    output: str = FORMAT,
    as_email: str | None = AS,
) -> None:
    """Silence procedures and their deadlines (in the charter's time zone and UTC)."""
    chosen_lang, chosen = language_option(lang), format_option(output)
    with unit(as_email, write=False) as (session, actor):
        found = queries.silence_procedures(
            session,
            who := queries.reader(session, actor, lang=chosen_lang, zone=tz),
            open_only=not all_,
        )
    rows = [item.model_dump() for item in found.items]
    columns = ("id", "draft_id", "title", "organ", "status", "deadline_text")
    shown: dict[str, Shown] = {
        "title": marked("title_lang"),
        "organ": organ_names(who),
        "status": PROCEDURE_STATUSES,
    }
    title = count(found.count, "silence procedure")
    emit(stdout, found, chosen, rows=rows, columns=columns, title=title, shown=shown)


def tick() -> None:
    """Adopt the silence procedures whose deadline has passed (for cron; `serve` does it too)."""
    context = Context.create()
    try:
        done = scheduler.tick(context)
    finally:
        context.close()
    for item in done:
        say(item.describe())
    say(
        translated_plural(
            "{count} silence procedure finalised", "{count} silence procedures finalised", len(done)
        )
    )
