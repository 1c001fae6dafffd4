"""`cica drafts …`, `cica consensus …`, `cica silence …`, `cica tick`, `cica decisions …`.

Commands act as the machine's administrator unless `--as EMAIL` names a user, whose rights then
apply exactly as in the API: an administrator holds no deliberation rights, so acts of the
Chair, the Secretariat or a delegation are run `--as` one of their accounts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import typer
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.queries import actor_for_email
from cica.core.console import stdout
from cica.core.context import Context
from cica.core.errors import InvalidInput
from cica.core.i18n import LANGUAGES
from cica.core.options import choice_option, day_option
from cica.core.output import FORMATS, emit, to_csv
from cica.deliberation import operations, queries, scheduler
from cica.deliberation.queries.decisions import CSV_COLUMNS, csv_rows
from cica.deliberation.texts import LanguageVersion

drafts_app = typer.Typer(
    no_args_is_help=True, help="Draft texts: create, revise, amend, forward, withdraw, show, diff."
)
amendment_app = typer.Typer(no_args_is_help=True, help="Rule on or withdraw an amendment.")
consensus_app = typer.Typer(no_args_is_help=True, help="Consensus in session: open, positions, close.")
silence_app = typer.Typer(no_args_is_help=True, help="The silence procedure: start, break, status.")
decisions_app = typer.Typer(no_args_is_help=True, help="The decision register: list, show, export.")
drafts_app.add_typer(amendment_app, name="amendment")

AS = typer.Option(None, "--as", help="Act as this user (with their rights) instead of as the administrator.")
LANG = typer.Option("en", "--lang", help="Language of names: en, ru, zh or fr.")
FORMAT = typer.Option("table", "--format", help="table, json or csv.")
DELEGATION = typer.Option(None, "--delegation", help="The delegation acted for (default: the user's own).")


def register(app: typer.Typer) -> None:
    app.add_typer(drafts_app, name="drafts")
    app.add_typer(consensus_app, name="consensus")
    app.add_typer(silence_app, name="silence")
    app.add_typer(decisions_app, name="decisions")
    app.command("tick")(tick)


@contextmanager
def _unit(as_email: str | None, *, write: bool = True) -> Iterator[tuple[Session, Actor]]:
    context = Context.create()
    try:
        with context.unit_of_work(write=write) as session:
            actor = actor_for_email(session, as_email) if as_email else Actor.command_line()
            yield session, actor
    finally:
        context.close()


def _say(message: str) -> None:
    stdout.print(message, markup=False)


def _read_text(text: str | None, file: Path | None, what: str) -> str:
    if (text is None) == (file is None):
        raise InvalidInput(f"give the {what} with exactly one of --text and --file")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as error:
            raise InvalidInput(f"--file: cannot read {file}: {error.strerror}") from None
    return text or ""


def _numbers(value: str | None) -> list[int]:
    found: list[int] = []
    for part in (value or "").replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        try:
            found += list(range(int(first), int(last or first) + 1))
        except ValueError:
            raise InvalidInput(f"{value!r} is not a list of paragraph numbers such as 2,4 or 2-4") from None
    return found


# --- Drafts -----------------------------------------------------------------------------------


@drafts_app.command("create")
def create(
    kind: str = typer.Option(..., "--kind", help="A document kind of the charter, e.g. declaration."),
    organ: str = typer.Option(..., "--organ", help="The organ where drafting starts, e.g. swg."),
    title: str = typer.Option(..., "--title"),
    text: str | None = typer.Option(None, "--text", help="The text; paragraphs separated by blank lines."),
    file: Path | None = typer.Option(None, "--file", help="Read the text from this UTF-8 file."),
    sponsor: str = typer.Option(
        "secretariat", "--sponsor", help="chair, secretariat or a delegation's code."
    ),
    lang: str = typer.Option("en", "--text-lang", help="Language of the text (the original)."),
    classification: str = typer.Option(
        "public", "--classification", help="public, restricted or confidential."
    ),
    named: str = typer.Option("", "--named", help="Delegations a confidential draft is shown to: IND,PAK."),
    amends: str | None = typer.Option(None, "--amends", help="Symbol of a decision this draft amends."),
    supersedes: str | None = typer.Option(None, "--supersedes", help="Symbol of a decision it replaces."),
    circulate: bool = typer.Option(False, "--circulate", help="Also circulate it for negotiation."),
    as_email: str | None = AS,
) -> None:
    """Prepare a draft (revision 1)."""
    body = _read_text(text, file, "text")
    with _unit(as_email) as (session, actor):
        draft = operations.create_draft(
            session,
            kind=kind,
            organ=organ,
            texts=[LanguageVersion(lang, title, body)],
            original_lang=lang,
            sponsor=sponsor,
            classification=classification,
            named=[code for code in named.split(",") if code.strip()],
            amends=amends,
            supersedes=supersedes,
            actor=actor,
        )
        if circulate:
            operations.circulate(session, draft.id, actor=actor)
        draft_id, stage = draft.id, draft.stage
    _say(f"draft {draft_id} created ({stage.replace('_', ' ')})")


@drafts_app.command("revise")
def revise(
    draft_id: int = typer.Argument(...),
    lang: list[str] = typer.Option(
        ..., "--text-lang", help="Language of the next --title and --file (repeat)."
    ),
    title: list[str] = typer.Option(..., "--title", help="Title in that language (repeat)."),
    file: list[Path] = typer.Option(..., "--file", help="Text in that language (repeat)."),
    note: str = typer.Option("", "--note", help="Why this revision was made."),
    expected_version: int | None = typer.Option(
        None, "--expected-version", help="The draft version revised."
    ),
    as_email: str | None = AS,
) -> None:
    """A new revision, from one file per language (the original among them)."""
    if not len(lang) == len(title) == len(file):
        raise InvalidInput("give --text-lang, --title and --file once for each language")
    versions = [
        LanguageVersion(code, heading, _read_text(None, path, "text"))
        for code, heading, path in zip(lang, title, file, strict=True)
    ]
    with _unit(as_email) as (session, actor):
        revision = operations.revise(
            session, draft_id, texts=versions, note=note, expected_version=expected_version, actor=actor
        )
        number = revision.number
    _say(f"draft {draft_id}: revision {number}")


@drafts_app.command("circulate")
def circulate(draft_id: int = typer.Argument(...), as_email: str | None = AS) -> None:
    """Open negotiation in the holding organ; its members are notified."""
    with _unit(as_email) as (session, actor):
        draft = operations.circulate(session, draft_id, actor=actor)
        organ = draft.organ_id
    _say(f"draft {draft_id} under negotiation in {organ}")


@drafts_app.command("amend")
def amend(
    draft_id: int = typer.Argument(...),
    replace: str | None = typer.Option(None, "--replace", help="Paragraphs to replace: 2 or 2-3."),
    insert_after: int | None = typer.Option(
        None, "--insert-after", help="Insert after this paragraph (0: start)."
    ),
    delete: str | None = typer.Option(None, "--delete", help="Paragraphs to delete: 4 or 4,6."),
    text: str = typer.Option("", "--text", help="The new text (replace, insert)."),
    justification: str = typer.Option(..., "--justification"),
    delegation: str | None = DELEGATION,
    as_email: str | None = AS,
) -> None:
    """Propose an amendment to numbered paragraphs of the current revision."""
    chosen = [
        name
        for name, value in (("replace", replace), ("insert", insert_after), ("delete", delete))
        if value is not None
    ]
    if len(chosen) != 1:
        raise InvalidInput("give exactly one of --replace, --insert-after and --delete")
    with _unit(as_email) as (session, actor):
        amendment = operations.propose_amendment(
            session,
            draft_id,
            kind=chosen[0],
            justification=justification,
            paragraphs=_numbers(replace or delete),
            after=insert_after,
            text=text,
            delegation=delegation,
            actor=actor,
        )
        ref, amendment_id = f"A-{amendment.number}", amendment.id
    _say(f"amendment {ref} (id {amendment_id}) proposed to draft {draft_id}")


@amendment_app.command("accept")
def accept(amendment_id: int = typer.Argument(...), as_email: str | None = AS) -> None:
    """Take the amendment into a new revision (the Chair)."""
    with _unit(as_email) as (session, actor):
        revision = operations.accept_amendment(session, amendment_id, actor=actor)
        draft_id, number = revision.draft_id, revision.number
    _say(f"amendment {amendment_id} accepted: draft {draft_id} revision {number}")


@amendment_app.command("reject")
def reject_amendment(amendment_id: int = typer.Argument(...), as_email: str | None = AS) -> None:
    """Reject the amendment (the Chair)."""
    with _unit(as_email) as (session, actor):
        operations.reject_amendment(session, amendment_id, actor=actor)
    _say(f"amendment {amendment_id} rejected")


@amendment_app.command("withdraw")
def withdraw_amendment(amendment_id: int = typer.Argument(...), as_email: str | None = AS) -> None:
    """Withdraw your delegation's amendment."""
    with _unit(as_email) as (session, actor):
        operations.withdraw_amendment(session, amendment_id, actor=actor)
    _say(f"amendment {amendment_id} withdrawn")


@drafts_app.command("forward")
def forward(
    draft_id: int = typer.Argument(...),
    to: str = typer.Option(..., "--to", help="The organ."),
    as_email: str | None = AS,
) -> None:
    """Forward the draft (without a recommendation) where the charter allows."""
    with _unit(as_email) as (session, actor):
        operations.forward(session, draft_id, to=to, actor=actor)
    _say(f"draft {draft_id} forwarded to {to}")


@drafts_app.command("withdraw")
def withdraw(draft_id: int = typer.Argument(...), as_email: str | None = AS) -> None:
    """Withdraw the draft (its sponsor)."""
    with _unit(as_email) as (session, actor):
        operations.withdraw(session, draft_id, actor=actor)
    _say(f"draft {draft_id} withdrawn")


@drafts_app.command("reject")
def reject(draft_id: int = typer.Argument(...), as_email: str | None = AS) -> None:
    """Record that the holding organ ends work on the draft without adopting it (the Chair)."""
    with _unit(as_email) as (session, actor):
        operations.reject(session, draft_id, actor=actor)
    _say(f"draft {draft_id} not adopted")


@drafts_app.command("list")
def list_drafts(
    organ: str | None = typer.Option(None, "--organ"),
    stage: str | None = typer.Option(None, "--stage"),
    kind: str | None = typer.Option(None, "--kind"),
    lang: str = LANG,
    output: str = FORMAT,
    as_email: str | None = AS,
) -> None:
    """The drafts you may see, most recently changed first."""
    chosen_lang, chosen = choice_option(lang, LANGUAGES, "--lang"), choice_option(output, FORMATS, "--format")
    with _unit(as_email, write=False) as (session, actor):
        found = queries.list_drafts(
            session, queries.reader(session, actor, chosen_lang), organ=organ, stage=stage, kind=kind
        )
    rows = [
        item.model_dump() | {"procedure": item.procedure.kind if item.procedure else ""}
        for item in found.items
    ]
    columns = ("id", "title", "kind", "organ", "stage", "revision", "procedure", "classification")
    emit(stdout, found, chosen, rows=rows, columns=columns, title=f"{found.count} drafts")


@drafts_app.command("show")
def show(
    draft_id: int = typer.Argument(...),
    revision: int | None = typer.Option(None, "--revision", help="The revision to show (default: current)."),
    lang: str = LANG,
    output: str = typer.Option("text", "--format", help="text or json."),
    as_email: str | None = AS,
) -> None:
    """A draft: its texts with numbered paragraphs, amendments, procedures and history."""
    chosen_lang = choice_option(lang, LANGUAGES, "--lang")
    chosen = choice_option(output, ("text", "json"), "--format")
    with _unit(as_email, write=False) as (session, actor):
        detail = queries.draft_detail(
            session, queries.reader(session, actor, chosen_lang), draft_id, revision=revision
        )
    if chosen == "json":
        print(json.dumps(detail.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    _say(f"Draft {detail.id}: {detail.title}")
    _say(
        f"{detail.kind_name} · {detail.organ_name} · {detail.stage.replace('_', ' ')} · revision {detail.revision}"
    )
    for text in detail.texts:
        _say(f"\n[{text.lang}{', original' if text.original else ''}] {text.title}")
        for paragraph in text.paragraphs:
            _say(f"  {paragraph.number}. {paragraph.text}")
    if detail.amendments:
        _say("\nAmendments:")
        for a in detail.amendments:
            _say(f"  {a.ref} (id {a.id}) {a.proposer}: {a.description} — {a.status}")
    if detail.procedures:
        _say("\nProcedures:")
        for p in detail.procedures:
            _say(
                f"  {p.id} {p.kind} revision {p.revision}: {p.status}"
                + (f" — {p.summary}" if p.summary else "")
            )
    _say("\nHistory:")
    for event in detail.history:
        _say(f"  {event.at:%Y-%m-%d %H:%M} {event.summary}")


@drafts_app.command("diff")
def diff(
    draft_id: int = typer.Argument(...),
    old: int | None = typer.Option(None, "--old"),
    new: int | None = typer.Option(None, "--new"),
    lang: str | None = typer.Option(None, "--text-lang", help="Language of the texts (default: original)."),
    output: str = typer.Option("text", "--format", help="text or json."),
    as_email: str | None = AS,
) -> None:
    """What changed between two revisions, paragraph by paragraph."""
    chosen = choice_option(output, ("text", "json"), "--format")
    with _unit(as_email, write=False) as (session, actor):
        result = queries.diff(session, queries.reader(session, actor), draft_id, old=old, new=new, lang=lang)
    if chosen == "json":
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    _say(f"Draft {result.draft_id}, revision {result.old} → {result.new} ({result.lang}): {result.counts}")
    for change in result.changes:
        if change.kind == "unchanged":
            continue
        where = f"§{change.old_number or '-'} → §{change.new_number or '-'}"
        if change.kind == "changed":
            inline = "".join(
                f"[-{s.text}-]" if s.kind == "delete" else f"{{+{s.text}+}}" if s.kind == "insert" else s.text
                for s in change.inline
            )
            _say(f"  {where} changed: {inline}")
        else:
            _say(f"  {where} {change.kind}: {change.new_text or change.old_text}")


# --- Consensus ---------------------------------------------------------------------------------


@consensus_app.command("open")
def open_consensus(
    draft_id: int = typer.Argument(...),
    on: str | None = typer.Option(None, "--on", help="The session's date (default: today)."),
    present: str | None = typer.Option(
        None, "--present", help="Delegations present: KAZ,IND (default: all)."
    ),
    recommend_to: str | None = typer.Option(None, "--recommend-to", help="Recommend to this organ."),
    as_email: str | None = AS,
) -> None:
    """Put the current revision to adoption by consensus at a session (the Chair)."""
    day = day_option(on) if on else None
    codes = [code for code in (present or "").split(",") if code.strip()] or None
    with _unit(as_email) as (session, actor):
        procedure = operations.open_consensus(
            session, draft_id, held_on=day, present=codes, recommend_to=recommend_to, actor=actor
        )
        procedure_id = procedure.id
    _say(f"consensus procedure {procedure_id} open on draft {draft_id}")


@consensus_app.command("position")
def position(
    procedure_id: int = typer.Argument(...),
    stance: str = typer.Option(..., "--stance", help="join, object, reservation or statement."),
    text: str = typer.Option("", "--text", help="The reason, reservation or statement."),
    paragraphs: str | None = typer.Option(None, "--paragraphs", help="Paragraphs of a reservation: 2,3."),
    expected_version: int | None = typer.Option(
        None,
        "--expected-version",
        help="The version you saw (0: none); without it the current one is replaced.",
    ),
    delegation: str | None = DELEGATION,
    as_email: str | None = AS,
) -> None:
    """Take or change your delegation's position."""
    with _unit(as_email) as (session, actor):
        row = operations.record_position(
            session,
            procedure_id,
            stance=stance,
            text=text,
            paragraphs=_numbers(paragraphs),
            delegation=delegation,
            expected_version=expected_version,
            actor=actor,
        )
        code, version = row.participant_code, row.version
    _say(f"{code}: {stance} on procedure {procedure_id} (version {version})")


@consensus_app.command("close")
def close(procedure_id: int = typer.Argument(...), as_email: str | None = AS) -> None:
    """Close the procedure (the Chair): adopted unless a member present objected."""
    with _unit(as_email) as (session, actor):
        closed = operations.close_consensus(session, procedure_id, actor=actor)
        summary, symbol = closed.outcome.summary(), closed.decision.symbol if closed.decision else None
    _say(f"procedure {procedure_id}: {summary}" + (f" — decision {symbol}" if symbol else ""))


@consensus_app.command("board")
def board(
    procedure_id: int = typer.Argument(...), lang: str = LANG, output: str = FORMAT, as_email: str | None = AS
) -> None:
    """The consensus board: every delegation present and its position."""
    chosen_lang, chosen = choice_option(lang, LANGUAGES, "--lang"), choice_option(output, FORMATS, "--format")
    with _unit(as_email, write=False) as (session, actor):
        found = queries.board(session, queries.reader(session, actor, chosen_lang), procedure_id)
    rows = [row.model_dump() | {"stance": row.stance or "silent"} for row in found.rows]
    columns = ("code", "name", "capacity", "stance", "text", "version")
    emit(stdout, found, chosen, rows=rows, columns=columns, title=found.outcome)


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
    draft_id: int = typer.Argument(...),
    deadline: str | None = typer.Option(
        None, "--deadline", help="ISO 8601 with an offset: 2026-12-11T18:00+05:00."
    ),
    period: str | None = typer.Option(None, "--period", help="P14D, P2W… (default: the charter's)."),
    recommend_to: str | None = typer.Option(None, "--recommend-to", help="Recommend to this organ."),
    as_email: str | None = AS,
) -> None:
    """Circulate the current revision under silence procedure."""
    with _unit(as_email) as (session, actor):
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
    _say(f"silence procedure {procedure_id} on draft {draft_id} until {shown}")


@silence_app.command("break")
def break_(
    procedure_id: int = typer.Argument(...),
    kind: str = typer.Option("objection", "--kind", help="objection or amendment."),
    text: str = typer.Option(..., "--text", help="The written objection or proposed amendment."),
    delegation: str | None = DELEGATION,
    as_email: str | None = AS,
) -> None:
    """Break silence for your delegation, before the deadline (the server's clock decides)."""
    with _unit(as_email) as (session, actor):
        row = operations.break_silence(
            session, procedure_id, kind=kind, text=text, delegation=delegation, actor=actor
        )
        code = row.participant_code
    _say(f"silence procedure {procedure_id} broken by {code}: back to negotiation")


@silence_app.command("status")
def status(
    all_: bool = typer.Option(False, "--all", help="Include procedures that have ended."),
    tz: str | None = typer.Option(None, "--tz", help="Your time zone, to show deadlines in it too."),
    output: str = FORMAT,
    as_email: str | None = AS,
) -> None:
    """Silence procedures and their deadlines (in the charter's time zone and UTC)."""
    chosen = choice_option(output, FORMATS, "--format")
    with _unit(as_email, write=False) as (session, actor):
        found = queries.silence_procedures(
            session, queries.reader(session, actor, zone=tz), open_only=not all_
        )
    rows = [item.model_dump() for item in found.items]
    columns = ("id", "draft_id", "title", "organ", "status", "deadline_text")
    emit(stdout, found, chosen, rows=rows, columns=columns, title=f"{found.count} silence procedures")


def tick() -> None:
    """Adopt the silence procedures whose deadline has passed (for cron; `serve` does it too)."""
    context = Context.create()
    try:
        done = scheduler.tick(context)
    finally:
        context.close()
    for item in done:
        _say(item.describe())
    _say(f"{len(done)} silence procedure{'s' if len(done) != 1 else ''} finalised")


# --- Decisions ---------------------------------------------------------------------------------


def _filters(
    organ: str | None, year: int | None, kind: str | None, procedure: str | None
) -> queries.DecisionFilter:
    return queries.DecisionFilter(organ=organ, year=year, kind=kind, procedure=procedure)


ORGAN = typer.Option(None, "--organ")
YEAR = typer.Option(None, "--year")
KIND = typer.Option(None, "--kind")
PROCEDURE = typer.Option(None, "--procedure", help="consensus or silence.")


@decisions_app.command("list")
def list_decisions(
    organ: str | None = ORGAN,
    year: int | None = YEAR,
    kind: str | None = KIND,
    procedure: str | None = PROCEDURE,
    lang: str = LANG,
    output: str = FORMAT,
    as_email: str | None = AS,
) -> None:
    """The decision register, newest first."""
    chosen_lang, chosen = choice_option(lang, LANGUAGES, "--lang"), choice_option(output, FORMATS, "--format")
    with _unit(as_email, write=False) as (session, actor):
        found = queries.list_decisions(
            session, queries.reader(session, actor, chosen_lang), _filters(organ, year, kind, procedure)
        )
    emit(stdout, found, chosen, rows=csv_rows(found), columns=CSV_COLUMNS, title=f"{found.count} decisions")


@decisions_app.command("show")
def show_decision(
    symbol: str = typer.Argument(..., help="The decision's symbol, e.g. CICA/MC/DEC/2026/1."),
    lang: str = LANG,
    output: str = typer.Option("text", "--format", help="text or json."),
    as_email: str | None = AS,
) -> None:
    """One decision, with its texts, reservations and statements."""
    chosen_lang = choice_option(lang, LANGUAGES, "--lang")
    chosen = choice_option(output, ("text", "json"), "--format")
    with _unit(as_email, write=False) as (session, actor):
        who = queries.reader(session, actor, chosen_lang)
        found = queries.decision_detail(session, who, queries.decision_by_symbol(session, who, symbol).id)
    if chosen == "json":
        print(json.dumps(found.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    _say(f"{found.symbol}: {found.title}")
    _say(
        f"{found.kind_name} adopted by the {found.organ_name} on {found.adopted_on} ({found.procedure_kind})"
    )
    for link, refs in (
        ("amends", [found.amends]),
        ("supersedes", [found.supersedes]),
        ("amended by", found.amended_by),
        ("superseded by", found.superseded_by),
    ):
        for ref in refs:
            if ref is not None:
                _say(f"{link} {ref.symbol}")
    for remark in found.reservation_list:
        where = f" (§ {', '.join(map(str, remark.paragraphs))})" if remark.paragraphs else ""
        _say(f"Reservation of {remark.name} ({remark.code}){where}: {remark.text}")
    for remark in found.statement_list:
        _say(f"Statement of {remark.name} ({remark.code}): {remark.text}")
    for text in found.texts:
        _say(f"\n[{text.lang}{', original' if text.original else ''}] {text.title}")
        for paragraph in text.paragraphs:
            _say(f"  {paragraph.number}. {paragraph.text}")


@decisions_app.command("export")
def export(
    output: str = typer.Option("json", "--format", help="json, csv or popolo."),
    organ: str | None = ORGAN,
    year: int | None = YEAR,
    kind: str | None = KIND,
    procedure: str | None = PROCEDURE,
    to: Path | None = typer.Option(None, "--output", help="Write to this file instead of the terminal."),
    lang: str = LANG,
    as_email: str | None = AS,
) -> None:
    """Export the register (filtered) as JSON, CSV or Popolo JSON."""
    chosen = choice_option(output, ("json", "csv", "popolo"), "--format")
    chosen_lang = choice_option(lang, LANGUAGES, "--lang")
    with _unit(as_email, write=False) as (session, actor):
        who = queries.reader(session, actor, chosen_lang)
        filters = _filters(organ, year, kind, procedure)
        if chosen == "popolo":
            content = json.dumps(queries.popolo(session, who, filters), ensure_ascii=False, indent=2) + "\n"
        else:
            found = queries.list_decisions(session, who, filters)
            content = (
                to_csv(csv_rows(found), CSV_COLUMNS)
                if chosen == "csv"
                else json.dumps(found.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
            )
    if to is None:
        print(content, end="")
        return
    to.write_text(content, encoding="utf-8")
    _say(f"wrote {to}")
