"""`cica minutes draft|circulate|correct|approve|show|diff MEETING`.

Under `cica minutes`, not `cica meetings minutes`: a subgroup of meetings would need an edit in
meetings' CLI. Commands act as the machine's administrator unless `--as EMAIL` names a user,
whose rights then apply as in the API (the Secretariat drafts; approval by silence goes through
the deliberation engine, which wants the Secretariat or the Chair).
"""

from __future__ import annotations

from pathlib import Path

import typer

from cica.core.console import stdout
from cica.core.errors import InvalidInput
from cica.core.i18n import N_, reader_language, translated
from cica.core.options import AS, FORMAT, LANG, format_option, language_option, record_id
from cica.core.output import Label, emit, emit_paragraphs
from cica.deliberation.cli.common import read_text, say, unit
from cica.minutes import operations, queries

app = typer.Typer(
    no_args_is_help=True, help="Minutes of meetings: draft, circulate, correct, approve, show, diff."
)

# What was just done, and a diff's changes, in the reader's language.
DONE = Label(
    {
        "drafted": N_("drafted"),
        "circulated": N_("circulated"),
        "corrected": N_("corrected"),
        "approved": N_("approved"),
        "under silence procedure": N_("under silence procedure"),
    }
)
CHANGES = Label({"changed": N_("changed"), "inserted": N_("inserted"), "deleted": N_("deleted")})
MEETING = typer.Argument(..., help="The meeting's id.")
TEXT = typer.Option(None, "--text", help="The text: paragraphs separated by a blank line.")
FILE = typer.Option(None, "--file", help="Read the text from this UTF-8 file.")
NOTE = typer.Option("", "--note", help="What this version changes.")


def _report(meeting_id: int, as_email: str | None, done: str) -> None:
    with unit(as_email, write=False) as (session, actor):
        shown = queries.minutes_of(session, meeting_id, lang=reader_language(), actor=actor)
    say(
        translated(
            "minutes of meeting {id}: {done}; version {number}, {state}",
            id=meeting_id,
            done=DONE(done, {}),
            number=shown.current.number,
            state=shown.state_label,
        )
    )


@app.command("show")
def show(
    meeting_id: str = MEETING,
    version: int | None = typer.Option(
        None, "--version", help="This version (default: the current one).", min=1
    ),
    lang: str = LANG,
    output: str = FORMAT,
    as_email: str | None = AS,
) -> None:
    """The minutes as you may read them: the text's numbered paragraphs, its versions and steps."""
    chosen_lang, chosen_format = language_option(lang), format_option(output)
    with unit(as_email, write=False) as (session, actor):
        shown = queries.minutes_of(session, record_id(meeting_id), lang=chosen_lang, actor=actor)
    chosen = next((v for v in shown.versions if v.number == (version or shown.current.number)), None)
    if chosen is None:
        raise InvalidInput(f"--version: the minutes have no version {version} you may read")
    version_line = translated("version {number}", number=chosen.number)
    title = f"{shown.meeting_title}: {shown.state_label} ({version_line}, {chosen.lang})"
    # The text is in the language it was written in, tagged when that is not the reader's.
    numbered = enumerate(chosen.paragraphs, start=1)
    emit_paragraphs(stdout, shown, chosen_format, numbered, title=title, lang=chosen.lang)


@app.command("diff")
def diff(
    meeting_id: str = MEETING,
    old: int = typer.Argument(..., help="The earlier version.", min=1),
    new: int = typer.Argument(..., help="The later version.", min=1),
    lang: str | None = LANG,
    output: str = FORMAT,
    as_email: str | None = AS,
) -> None:
    """The paragraphs changed between two versions."""
    language_option(lang)
    chosen_format = format_option(output)
    with unit(as_email, write=False) as (session, actor):
        found = queries.diff(session, record_id(meeting_id), old, new, actor=actor)
    rows = [
        {
            "change": c.kind.value,
            "old": c.old_number or "",
            "new": c.new_number or "",
            "text": c.new_text or c.old_text,
        }
        for c in found.differences
    ]
    emit(
        stdout,
        queries.DiffView.model_validate(found.to_dict()),
        chosen_format,
        rows=rows,
        columns=("change", "old", "new", "text"),
        title=translated("Changes between versions {old} and {new}", old=old, new=new),
        shown={"change": CHANGES},
    )


def _write(
    meeting_id: str, text: str | None, file: Path | None, as_email: str | None, done: str, **given: str | None
) -> None:
    """Drafting and correcting: the text from --text or --file, one operation, then where they stand."""
    chosen = record_id(meeting_id)
    body = read_text(text, file, "minutes")
    write = operations.draft_minutes if done == "drafted" else operations.correct_minutes
    with unit(as_email) as (session, actor):
        write(session, chosen, text=body, actor=actor, **given)  # type: ignore[arg-type]
    _report(chosen, as_email, done)


@app.command("draft")
def draft(
    meeting_id: str = MEETING,
    text: str | None = TEXT,
    file: Path | None = FILE,
    lang: str = typer.Option(..., "--lang", help="The language of the text (BCP 47: en, ru, zh-Hans)."),
    note: str = NOTE,
    as_email: str | None = AS,
) -> None:
    """Draft the minutes of a meeting (the Secretariat): version 1, not yet circulated."""
    _write(meeting_id, text, file, as_email, "drafted", lang=lang, note=note)


@app.command("circulate")
def circulate(meeting_id: str = MEETING, as_email: str | None = AS) -> None:
    """Circulate the current version to the delegations."""
    chosen = record_id(meeting_id)
    with unit(as_email) as (session, actor):
        operations.circulate_minutes(session, chosen, actor=actor)
    _report(chosen, as_email, "circulated")


@app.command("correct")
def correct(
    meeting_id: str = MEETING,
    text: str | None = TEXT,
    file: Path | None = FILE,
    note: str = NOTE,
    lang: str | None = typer.Option(None, "--lang", help="Only if the language changes (BCP 47)."),
    as_email: str | None = AS,
) -> None:
    """A correction: a new version (frozen minutes refuse it)."""
    _write(meeting_id, text, file, as_email, "corrected", lang=lang, note=note)


@app.command("approve")
def approve(
    meeting_id: str = MEETING,
    at_meeting: str | None = typer.Option(None, "--at-meeting", help="The later meeting that approved them."),
    silence: bool = typer.Option(False, "--silence", help="Put them to the organ under silence procedure."),
    period: str | None = typer.Option(None, "--period", help="The silence period (ISO 8601, e.g. P14D)."),
    as_email: str | None = AS,
) -> None:
    """Record the approval at a later meeting (then frozen), or put the minutes under silence."""
    chosen = record_id(meeting_id)
    if (at_meeting is None) == (not silence):
        raise InvalidInput("give exactly one of --at-meeting and --silence")
    with unit(as_email) as (session, actor):
        if at_meeting is not None:
            operations.approve_at_meeting(session, chosen, at_meeting=record_id(at_meeting), actor=actor)
        else:
            operations.submit_to_silence(session, chosen, period=period, actor=actor)
    _report(chosen, as_email, "approved" if at_meeting is not None else "under silence procedure")
