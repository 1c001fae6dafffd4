"""`cica docs import|list|show|align|certify|correct`: documents in their language versions.

Commands act as the machine's administrator unless `--as EMAIL` names a user, whose rights then
apply as in the API (the Secretariat imports, certifies and corrects). A batch import reports
each file it could not import, one line each, imports the others and exits 2; with
`--all-or-nothing` it imports none unless all can be.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import typer
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.accounts.queries import actor_for_email
from cica.core import clock, paging
from cica.core.console import stderr, stdout
from cica.core.context import Context
from cica.core.errors import CicaError, InvalidInput
from cica.core.files import write_text_file
from cica.core.options import AS, FORMAT, LANG, choice_option, day_option, format_option, language_option
from cica.core.output import emit, emit_paragraphs, error_line, to_json
from cica.core.settings import Settings
from cica.documents import operations, queries, reading, rules
from cica.documents.models import Document
from cica.documents.rules import NewVersion
from cica.registry import snapshot

app = typer.Typer(
    no_args_is_help=True, help="Documents in their language versions: import, list, show, align."
)

DOCUMENT = typer.Argument(..., help="The document's symbol (CICA/SUMMIT/2022/1) or id.")
ALIGN_FORMATS = ("tsv", "json")
ALIGN_LEVELS = tuple(unit.value for unit in rules.AlignmentUnit)


@contextmanager
def _acting(as_email: str | None, *, write: bool) -> Iterator[tuple[Session, Actor]]:
    with Context.create() as context, context.unit_of_work(write=write) as session:
        yield session, (actor_for_email(session, as_email) if as_email else Actor.command_line())


def _reading(as_email: str | None) -> AbstractContextManager[tuple[Session, Actor]]:
    return _acting(as_email, write=False)


def _say(message: str) -> None:
    stdout.print(message, markup=False)


def _refused(error: CicaError) -> None:
    stderr.print(error_line(error.code, error.message), markup=False)


def _read(
    paths: Sequence[Path], lang: str, known: Sequence[str]
) -> Iterator[tuple[Path, list[NewVersion] | CicaError]]:
    """Each file's versions, or why it cannot be read, with a progress bar for many files."""
    from rich.progress import Progress

    limit = Settings.from_env().max_file_bytes
    with Progress(console=stderr, transient=True, disable=len(paths) < 2) as progress:
        task = progress.add_task("import", total=len(paths))
        for path in paths:
            try:
                yield path, reading.versions_in(str(path), reading.read_bytes(path, limit), lang, known)
            except CicaError as error:
                yield path, error
            progress.advance(task)


def _imported(document: Document, versions: Sequence[NewVersion]) -> str:
    parts = ", ".join(f"{v.lang} ({len(v.paragraphs)} paragraphs)" for v in versions)
    return f"imported {document.symbol}: {parts}"


@app.command("import")
def import_files(
    paths: list[Path] = typer.Argument(..., help="UTF-8 text or Markdown, .docx, or PDF with a text layer."),
    lang: str = typer.Option(reading.AUTO, "--lang", help="auto (per paragraph) or the text's BCP 47 tag."),
    kind: str = typer.Option(rules.GENERIC_KIND, "--kind", help="A kind of the charter's document_kinds."),
    symbol: str | None = typer.Option(
        None, "--symbol", help="One symbol: the files are versions of one document."
    ),
    day: str | None = typer.Option(None, "--date", help="The document's date (YYYY-MM-DD)."),
    organ: str | None = typer.Option(None, "--organ", help="The organ it is a document of (its id)."),
    meeting: int | None = typer.Option(
        None, "--meeting", help="The meeting it was issued for (its id).", min=1
    ),
    classification: str = typer.Option(
        "public", "--classification", help="public, restricted or confidential."
    ),
    original: str | None = typer.Option(
        None, "--original", help="The original's language (default: the first)."
    ),
    all_or_nothing: bool = typer.Option(
        False, "--all-or-nothing", help="Import no file unless every one can be."
    ),
    as_email: str | None = AS,
) -> None:
    """Import documents: each file one document, or with --symbol the versions of one; the
    language of each paragraph is detected unless --lang gives it."""
    when = day_option(day, "--date")
    details = operations.Details(symbol, kind, when, organ, meeting, classification, original=original)
    with _reading(as_email) as (session, _):
        known = reading.charter_languages(snapshot.current(session).document)
    failed: list[CicaError] = []
    prepared: list[tuple[Path, list[NewVersion]]] = []
    taken: list[str] = []
    for path, found in _read(paths, lang, known):
        try:
            if isinstance(found, CicaError):
                raise found
            if symbol is not None:
                for version in found:
                    rules.check_new_language(taken, version.lang, source=str(path))
                taken.extend(version.lang for version in found)
            prepared.append((path, found))
        except CicaError as error:
            failed.append(error)
            _refused(error)
    if all_or_nothing and failed:
        raise InvalidInput(
            f"{len(failed)} of {len(paths)} files refused: nothing imported (--all-or-nothing)"
        )
    if symbol is not None or all_or_nothing:
        batches = (
            [[v for _, versions in prepared for v in versions]]
            if symbol is not None
            else [v for _, v in prepared]
        )
        with _acting(as_email, write=True) as (session, actor):
            done = [
                _imported(operations.import_document(session, batch, details=details, actor=actor), batch)
                for batch in batches
                if batch
            ]
        for line in done:
            _say(line)
    else:
        for _, versions in prepared:
            try:
                with _acting(as_email, write=True) as (session, actor):
                    line = _imported(
                        operations.import_document(session, versions, details=details, actor=actor), versions
                    )
                _say(line)
            except CicaError as error:
                failed.append(error)
                _refused(error)
    if failed:
        raise typer.Exit(2)


@app.command("list")
def list_documents(
    cursor: str | None = typer.Option(
        None, "--cursor", help="Where the page starts (printed under the previous page)."
    ),
    limit: int = typer.Option(
        paging.DEFAULT_LIMIT, "--limit", help=f"Rows per page (1 to {paging.MAX_LIMIT})."
    ),
    lang: str = LANG,
    as_email: str | None = AS,
    output: str = FORMAT,
) -> None:
    """The documents you may see, newest change first, a page at a time."""
    chosen_lang, chosen_format = language_option(lang), format_option(output)
    with _reading(as_email) as (session, actor):
        found = queries.documents(session, paging.PageRequest(cursor, limit), actor=actor, lang=chosen_lang)
    rows = [
        {
            "symbol": i.symbol,
            "kind": i.kind,
            "date": i.day or "",
            "languages": ",".join(i.languages),
            "title": i.title,
        }
        for i in found.items
    ]
    emit(
        stdout,
        found,
        chosen_format,
        rows=rows,
        columns=("symbol", "kind", "date", "languages", "title"),
        title="",
    )
    if chosen_format == "table" and found.page.next_cursor:
        _say(f"older: --cursor {found.page.next_cursor}")


@app.command("show")
def show(
    ref: str = DOCUMENT,
    version: str | None = typer.Option(None, "--version", help="Show this language version's paragraphs."),
    as_email: str | None = AS,
    output: str = FORMAT,
) -> None:
    """A document and its versions, or with --version one version's numbered paragraphs."""
    chosen_format = format_option(output)
    with _reading(as_email) as (session, actor):
        if version is not None:
            shown = queries.version(session, ref, version, actor=actor)
            numbered = [(p.number, p.text) for p in shown.items]
            emit_paragraphs(stdout, shown, chosen_format, numbered, title=f"{shown.symbol} ({shown.lang})")
            return
        found = queries.document(session, ref, actor=actor)
    rows = [
        {
            "version": v.number,
            "lang": v.lang,
            "status": v.status.value,
            "current": "yes" if v.current else "no",
            "certified": v.certified_at.isoformat() if v.certified_at else "",
            "paragraphs": v.paragraphs,
            "title": v.title,
        }
        for v in found.versions
    ]
    columns = ("version", "lang", "status", "current", "certified", "paragraphs", "title")
    emit(stdout, found, chosen_format, rows=rows, columns=columns, title=found.symbol)


@app.command("align")
def align(
    ref: str = DOCUMENT,
    langs: str = typer.Option(..., "--langs", help="Two languages, such as fr,zh."),
    level: str = typer.Option("paragraph", "--level", help="paragraph or sentence."),
    output: str = typer.Option("tsv", "--format", help="tsv (i<TAB>j, 1-based; - unmatched) or json."),
    as_email: str | None = AS,
) -> None:
    """The stored alignment of two versions, by paragraph or by sentence (numbered over each
    version); in tsv one line per unit: i<TAB>j, i,i+1<TAB>j for a merge, - for none."""
    chosen = choice_option(output, ALIGN_FORMATS, "--format")
    unit = rules.AlignmentUnit(choice_option(level, ALIGN_LEVELS, "--level"))
    with _reading(as_email) as (session, actor):
        found = queries.alignment(
            session, ref, [tag.strip() for tag in langs.split(",")], actor=actor, level=unit
        )
    if chosen == "json":
        print(to_json(found))
    else:
        stdout.file.write(queries.alignment_tsv(found))


OUTPUT = typer.Option(None, "--output", help="Write to this file (default: print).")


def _print_or_write(text: str, output: Path | None) -> None:
    if output is None:
        stdout.file.write(text)
    else:
        write_text_file(output, [text])


@app.command("akn")
def akoma_ntoso(
    ref: str = DOCUMENT,
    lang: str = typer.Option(..., "--version", help="The version's language (BCP 47)."),
    output: Path | None = OUTPUT,
    as_email: str | None = AS,
) -> None:
    """A language version as Akoma Ntoso 3.0 XML (one FRBR expression of the document)."""
    with _reading(as_email) as (session, actor):
        xml = queries.akoma_ntoso(session, ref, lang, actor=actor, now=clock.now(session))
    _print_or_write(xml.decode(), output)


@app.command("markdown")
def markdown(
    ref: str = DOCUMENT,
    langs: str = typer.Option(..., "--langs", help="Two or three languages, such as fr,zh."),
    output: Path | None = OUTPUT,
    lang: str | None = LANG,
    as_email: str | None = AS,
) -> None:
    """Versions side by side as Markdown: a table, one column per language, in aligned rows."""
    chosen_lang = language_option(lang)
    with _reading(as_email) as (session, actor):
        text = queries.markdown(
            session, ref, [tag.strip() for tag in langs.split(",")], actor=actor, lang=chosen_lang
        )
    _print_or_write(text, output)


@app.command("certify")
def certify(
    ref: str = DOCUMENT,
    lang: str = typer.Option(..., "--version", help="The version's language (BCP 47)."),
    as_email: str | None = AS,
) -> None:
    """Certify the current version in a language (never changed afterwards)."""
    with _acting(as_email, write=True) as (session, actor):
        version = operations.certify_version(session, ref, lang, actor=actor)
        symbol = operations.find(session, ref).symbol
    _say(f"certified {symbol} {version.lang} (version {version.number}, {version.status.value})")


@app.command("correct")
def correct(
    ref: str = DOCUMENT,
    path: Path = typer.Argument(..., help="The corrected text (a file)."),
    lang: str = typer.Option(..., "--version", help="The version's language (BCP 47)."),
    as_email: str | None = AS,
) -> None:
    """A corrected version in a language: a new version; the old one is kept."""
    limit = Settings.from_env().max_file_bytes
    versions = reading.versions_in(str(path), reading.read_bytes(path, limit), lang, ())
    with _acting(as_email, write=True) as (session, actor):
        version = operations.correct_version(session, ref, versions[0], actor=actor)
        symbol = operations.find(session, ref).symbol
    _say(f"corrected {symbol} {version.lang}: version {version.number}")
