"""`cica search QUERY [--lang] [--kind] [--organ] [--from] [--to] [--limit] [--sort] [--format]`
and `cica search reindex`.

A search first drains the outbox into the index if no other process is doing it, so what was
committed a moment ago is found. It reads as the machine's administrator unless `--as` names a
user, whose classification view then applies. (To search for the word "reindex", write
`cica search find reindex`.)
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from cica.access.actors import Actor
from cica.accounts.queries import actor_for_email
from cica.core.console import stderr, stdout
from cica.core.context import Context
from cica.core.options import AS, choice_option, day_option
from cica.core.output import OutputFormat, emit
from cica.search import indexer, queries, rules
from cica.search.engine import engine_for


class _QueryFirst(TyperGroup):
    """`cica search WORDS…` searches; `cica search reindex` rebuilds: a first argument that
    names no sub-command is the query of `find`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["find", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_QueryFirst,
    no_args_is_help=True,
    help="Full-text search over the documents: `cica search WORDS… [OPTIONS]` (the same as "
    "`cica search find WORDS…`), or `cica search reindex`.",
)
FORMATS: tuple[OutputFormat, ...] = ("table", "json")


def _marked(pieces: list[queries.SnippetPiece]) -> str:
    return "".join(f"«{p.text}»" if p.matched else p.text for p in pieces)


@app.command("find")
def find(
    query: list[str] = typer.Argument(..., help="The words to find (all of them, in any language)."),
    lang: str | None = typer.Option(None, "--lang", help="Only versions in this language (BCP 47)."),
    kind: str | None = typer.Option(None, "--kind", help="Only documents of this kind."),
    organ: str | None = typer.Option(None, "--organ", help="Only documents of this organ (its id)."),
    day_from: str | None = typer.Option(
        None, "--from", help="Only documents dated on or after (YYYY-MM-DD)."
    ),
    day_to: str | None = typer.Option(None, "--to", help="Only documents dated on or before (YYYY-MM-DD)."),
    limit: int = typer.Option(rules.DEFAULT_LIMIT, "--limit", help=f"Hits (1 to {rules.MAX_LIMIT})."),
    sort: str = typer.Option("relevance", "--sort", help="relevance (BM25) or date (newest first)."),
    output: str = typer.Option("table", "--format", help="table or json."),
    as_email: str | None = AS,
) -> None:
    """The paragraphs that hold every word, best first, each with its aligned paragraphs."""
    chosen_format: OutputFormat = choice_option(output, FORMATS, "--format")
    filters = rules.Filters(
        lang=lang,
        kind=kind,
        organ=organ,
        day_from=day_option(day_from, "--from"),
        day_to=day_option(day_to, "--to"),
        sort=rules.Sort(choice_option(sort, tuple(rules.Sort), "--sort")),
        limit=limit,
    )
    text = " ".join(query)
    # Bad input is refused before any work.
    rules.parse(text)
    rules.check_filters(filters)
    with Context.create() as context:
        indexer.drain(context)
        with context.unit_of_work(write=False) as session:
            actor = actor_for_email(session, as_email) if as_email else Actor.command_line()
            found = queries.search(session, engine_for(context.settings), text, filters, actor=actor)
    rows = [
        {
            "symbol": hit.symbol,
            "lang": hit.lang,
            "paragraph": hit.paragraph,
            "score": f"{hit.score:.3f}" if hit.score is not None else "",
            "text": _marked(hit.snippet) + "".join(f"\n[{p.lang} {p.number}] {p.text}" for p in hit.aligned),
        }
        for hit in found.hits
    ]
    emit(
        stdout,
        found,
        chosen_format,
        rows=rows,
        columns=("symbol", "lang", "paragraph", "score", "text"),
        title="",
    )


@app.command("reindex")
def reindex() -> None:
    """Rebuild the search index from the database (every current version, analysed again)."""
    from rich.progress import Progress

    with Context.create() as context, Progress(console=stderr, transient=True) as progress:
        task = progress.add_task("reindex", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        indexed = indexer.reindex(context, progress=advance)
    stdout.print(f"indexed {indexed} paragraphs", markup=False)
