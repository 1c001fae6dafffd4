"""Rendering query results for the terminal: a Rich table, JSON, or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from babel.dates import format_date, format_datetime
from pydantic import BaseModel

if TYPE_CHECKING:  # rich is the command line's: a web worker that writes CSV never loads it
    from rich.console import Console

from cica.core.i18n import N_, reader_language, translated, translations

OutputFormat = Literal["table", "json", "csv"]
FORMATS: tuple[OutputFormat, ...] = ("table", "json", "csv")


def to_json(result: BaseModel) -> str:
    return json.dumps(result.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2)


# A spreadsheet reads a cell beginning with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet will not run: a leading formula character gets a `'`."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_lines(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """The one CSV writer of every export: the header, then one line per row (streamed), every
    cell neutralised against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # With "\n" ending lines, the csv module leaves a lone "\r" unquoted, which readers take
    # for a line break; a row holding one is written with every cell quoted.
    quoting_all = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def line(cells: Iterable[str]) -> str:
        safe = [neutralise(cell) for cell in cells]
        (quoting_all if any("\r" in cell for cell in safe) else writer).writerow(safe)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(columns)
    for row in rows:
        yield line(_cell(row.get(column)) for column in columns)


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    return "".join(csv_lines(rows, columns))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


# A table's headings, in the reader's language (CSV and JSON keep the keys, which programs read).
HEADINGS = {
    "address": N_("Address"),
    "area": N_("Priority area"),
    "adopted_on": N_("Adopted on"),
    "adopts": N_("Adopts"),
    "capacity": N_("Capacity"),
    "certainty": N_("Certainty"),
    "chair": N_("Chair"),
    "change": N_("Change"),
    "city": N_("City"),
    "classification": N_("Classification"),
    "code": N_("Code"),
    "contact_email": N_("Contact e-mail"),
    "created_at": N_("Created"),
    "dates": N_("Dates"),
    "dimension": N_("Dimension"),
    "deadline_text": N_("Deadline"),
    "delegation": N_("Delegation"),
    "draft_id": N_("Draft"),
    "due": N_("Due"),
    "due_sentence": N_("When due"),
    "email": N_("E-mail"),
    "forwards_to": N_("Forwards to"),
    "from": N_("From"),
    "group": N_("Group"),
    "head": N_("Head of delegation"),
    "head_name": N_("Head of delegation"),
    "host": N_("Host"),
    "id": N_("No."),
    "kind": N_("Kind"),
    "lang": N_("Language"),
    "last_held": N_("Last held"),
    "members": N_("Members"),
    "name": N_("Name"),
    "new": N_("New"),
    "next": N_("Next"),
    "number": N_("Number"),
    "old": N_("Old"),
    "on": N_("On"),
    "organ": N_("Organ"),
    "paragraph": N_("Paragraph"),
    "participant": N_("Participant"),
    "periodicity": N_("Periodicity"),
    "position": N_("Position"),
    "procedure": N_("Procedure"),
    "procedure_kind": N_("Procedure"),
    "reservations": N_("Reservations"),
    "revision": N_("Revision"),
    "role": N_("Role"),
    "score": N_("Score"),
    "since": N_("Since"),
    "source": N_("Sources"),
    "stage": N_("Stage"),
    "stance": N_("Position"),
    "state": N_("State"),
    "status": N_("Status"),
    "symbol": N_("Symbol"),
    "text": N_("Text"),
    "title": N_("Title"),
    "to": N_("To"),
    "updated_at": N_("Updated"),
    "version": N_("Version"),
}


class Label:
    """What a table shows for a code: the reader's word for each value of an enum or a charter's
    list (`words`: value → msgid, translated when printed), or a name already in the reader's
    language (`translate=False`: an organ's, a participant's). JSON and CSV keep the code; a
    value with no word is shown as it is."""

    def __init__(self, words: Mapping[str, str], *, translate: bool = True) -> None:
        self.words = words
        self.translate = translate

    def __call__(self, value: Any, row: Mapping[str, Any]) -> str:
        if isinstance(value, list | tuple):
            return "; ".join(self(item, row) for item in value)
        if value is None:
            return ""
        word = self.words.get(str(value))
        if word is None:
            return str(value)
        return translated(word) if self.translate else word


Shown = Callable[[Any, Mapping[str, Any]], str]


def beside(name_column: str) -> Shown:
    """A code shown by the name the row gives beside it (`organ` → `organ_name`)."""
    return lambda value, row: _cell(row.get(name_column, value))


def in_language(text: str, lang: str | None) -> str:
    """`text`, tagged "[en] …" when it is in another language than the reader's (as a page marks
    it with `lang`): a delegation's text or a title with no version in the reader's language."""
    return f"[{lang}] {text}" if lang and text and lang != reader_language() else text


def marked(lang_column: str) -> Shown:
    """A column's text tagged with the language named in the row's `lang_column` (`in_language`)."""
    return lambda value, row: in_language(_cell(value), row.get(lang_column))


def when(value: date | datetime) -> str:
    """A day or a moment as the reader's locale writes it (Babel); JSON and CSV keep ISO 8601."""
    lang = reader_language()
    if isinstance(value, datetime):
        return format_datetime(value, "short", locale=lang)
    return format_date(value, "long", locale=lang)


def shown_cell(value: Any) -> str:
    """A table's cell: days and moments in the reader's locale, anything else as in CSV."""
    return when(value) if isinstance(value, date) else _cell(value)


def heading(column: str) -> str:
    return translated(HEADINGS[column]) if column in HEADINGS else column


def emit(
    console: Console,
    result: BaseModel,
    output: OutputFormat,
    *,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    title: str,
    shown: Mapping[str, Shown] | None = None,
) -> None:
    """Prints `result` whole as JSON, or its `rows` as CSV or a table (its headings in the
    reader's language; `title` is given in it: `core.i18n.translated`). A table shows each
    column's value through `shown` (a `Label`, `marked`), dates through Babel (`when`)."""
    if output == "json":
        console.print_json(to_json(result), ensure_ascii=False) if console.is_terminal else print(
            to_json(result)
        )
    elif output == "csv":
        print(to_csv(rows, columns), end="")
    else:
        from rich.table import Table
        from rich.text import Text  # a cell is text, not markup: "[en] …" is shown as it is

        table = Table(title=title)
        for column in columns:
            table.add_column(heading(column))
        through = shown or {}
        for row in rows:
            table.add_row(
                *(
                    Text(
                        through[column](row.get(column), row)
                        if column in through
                        else shown_cell(row.get(column))
                    )
                    for column in columns
                )
            )
        console.print(table)


def emit_paragraphs(
    console: Console,
    result: BaseModel,
    output: OutputFormat,
    paragraphs: Iterable[tuple[int, str]],
    *,
    title: str,
    lang: str | None = None,
) -> None:
    """A text's numbered paragraphs, as `emit` prints them: `result` whole as JSON, or a row a
    paragraph; a table tags the text with `lang`, the language it is written in (`in_language`)."""
    rows = [{"paragraph": number, "text": text} for number, text in paragraphs]
    shown: dict[str, Shown] | None = {"text": lambda text, row: in_language(text, lang)} if lang else None
    emit(console, result, output, rows=rows, columns=("paragraph", "text"), title=title, shown=shown)


# Where the sentence a page gives speaks of a page, what a command says instead.
_COMMAND_SENTENCES = {
    "not_found": N_("There is no such record."),
    "conflict": N_("This step does not fit the present state."),
    "sign_in": N_("Name with --as an account that may take this step."),
    "refused": N_("This was not accepted."),
    "required": N_("A value is missing."),
    "out_of_range": N_("A number given is out of the range the database stores."),
}


def error_line(code: str, rule: str) -> str:
    """The one line a refused command prints (exit 2), in the reader's language: the sentence
    for the refusal's `code`, then the rule's own words (as operations state them, in English).
    In English the rule's words alone say it all, as they always have."""
    lang = reader_language()
    if lang == "en":
        return f"error: {rule}"
    if code in _COMMAND_SENTENCES:
        sentence = translated(_COMMAND_SENTENCES[code])
    else:
        from cica.core.forms import Problem, explain  # the pages' sentences, only when refused

        sentence = explain(Problem(code), translations(lang))
    return translated("error: {sentence} ({rule})", sentence=sentence, rule=rule)
