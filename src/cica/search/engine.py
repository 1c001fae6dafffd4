"""The one search interface, and its default engine: tantivy, embedded, over the terms the
analysers of `search.rules` wrote (its whitespace tokenizer keeps them as they are).

The index is derived: the database says what it must hold (`search_paragraph`, `search_outbox`)
and `cica search reindex` rebuilds it. Only the indexer writes (`search.indexer`, under a file
lock); any number of processes read. A distributed engine (OpenSearch, Elasticsearch) plugs in
as another `SearchEngine`: `index` sends the same documents with the terms in a field whose
analyser is `whitespace`, `delete` deletes by paragraph id, `search` sends the same boolean query
(a `bool` of `term` clauses per analyser, a `match_phrase` per phrase, `must_not` on hidden
documents, `range` on the day);
`engine_for` picks it from the settings. The outbox, the reference search and the
classification check stay as they are.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.engine import make_url

from cica.core.settings import Settings
from cica.search.rules import ANALYSERS, Sort

# Every field the engine filters on; the terms are in `terms`, one analyser's per paragraph.
_FIELDS_INTEGER = ("paragraph", "document", "day")
_FIELDS_RAW = ("lang", "primary", "analyser", "kind", "organ")
NO_DAY = 0  # a document without a date (ordinal days start at 1)


@dataclass(frozen=True)
class IndexedParagraph:
    """A paragraph as the engine holds it: its analysed terms and what a search filters on."""

    paragraph_id: int
    document_id: int
    lang: str
    analyser: str
    terms: str
    kind: str
    organ: str
    day: int  # the document's date as an ordinal, NO_DAY if it has none


@dataclass(frozen=True)
class EngineQuery:
    """What the engine is asked: per analyser, the terms a paragraph must all hold, and the
    phrases whose terms it must hold one after the other."""

    terms: dict[str, tuple[str, ...]]
    phrases: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    lang: str | None = None
    kind: str | None = None
    organ: str | None = None
    day_from: int | None = None
    day_to: int | None = None
    hidden_documents: frozenset[int] = field(default_factory=frozenset)
    sort: Sort = Sort.RELEVANCE
    limit: int = 10
    offset: int = 0


@dataclass(frozen=True)
class EngineHit:
    paragraph_id: int
    score: float | None  # BM25; None when sorted by date


class SearchEngine(Protocol):
    """What search needs of an engine. Writes become visible to searches after `commit`."""

    def index(self, paragraphs: Sequence[IndexedParagraph], *, replace: bool = True) -> None:
        """Adds the paragraphs, replacing any held under the same ids (`replace=False`: the
        caller knows there are none, as in a rebuild after `clear`)."""

    def delete(self, paragraph_ids: Sequence[int]) -> None: ...

    def clear(self) -> None:
        """Drops everything (before a rebuild)."""

    def commit(self) -> None: ...

    def search(self, query: EngineQuery) -> list[EngineHit]: ...

    def size(self) -> int: ...


def index_directory(settings: Settings) -> Path:
    if settings.search_index_dir:
        return Path(settings.search_index_dir)
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / "search-index"
    return Path.cwd() / "search-index"


def _schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    for name in _FIELDS_INTEGER:
        builder.add_integer_field(name, stored=name != "day", indexed=True, fast=True)
    for name in _FIELDS_RAW:
        builder.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("terms", stored=False, tokenizer_name="whitespace", index_option="position")
    return builder.build()


def _analyser_clauses(
    analysers: Sequence[str], term: Callable[[str, object], Any], filtered: Callable[[Any], Any], occur: Any
) -> list[tuple[Any, Any]]:
    """Clauses keeping a reading to the paragraphs of its analysers. Never a term set: tantivy
    builds it as a bitset of every paragraph it holds, on every search, which made the cost of a
    search grow with the corpus. A paragraph has exactly one analyser of `ANALYSERS` (the
    database checks it), so all of them need no clause, one is a term the postings of the
    query's words skip through, and several are the others left out."""
    others = [a for a in ANALYSERS if a not in analysers]
    if not others:
        return []
    if len(analysers) == 1:
        return [(occur.Must, filtered(term("analyser", analysers[0])))]
    return [(occur.MustNot, term("analyser", other)) for other in others]


class TantivyEngine:
    """The default engine: a tantivy index in one directory, shared by every process."""

    def __init__(self, directory: Path, *, heap_bytes: int = 64_000_000) -> None:
        import tantivy

        self._tantivy = tantivy
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self._schema = _schema()
        self._index = tantivy.Index(self._schema, path=str(directory), reuse=True)
        self._heap_bytes = heap_bytes
        self._writer: Any = None
        self._lock = threading.Lock()

    def _writing(self) -> Any:
        # Opened on the first write: a reader never takes tantivy's writer lock.
        if self._writer is None:
            self._writer = self._index.writer(heap_size=self._heap_bytes, num_threads=1)
        return self._writer

    def index(self, paragraphs: Sequence[IndexedParagraph], *, replace: bool = True) -> None:
        writer = self._writing()
        document = self._tantivy.Document
        for p in paragraphs:
            # Delete first: replaying the outbox after a crash must not index a paragraph twice.
            if replace:
                writer.delete_documents_by_term("paragraph", p.paragraph_id)
            writer.add_document(
                document(
                    paragraph=p.paragraph_id,
                    document=p.document_id,
                    day=p.day,
                    lang=p.lang,
                    primary=p.lang.split("-")[0].lower(),
                    analyser=p.analyser,
                    kind=p.kind,
                    organ=p.organ,
                    terms=p.terms,
                )
            )

    def delete(self, paragraph_ids: Sequence[int]) -> None:
        writer = self._writing()
        for paragraph_id in paragraph_ids:
            writer.delete_documents_by_term("paragraph", paragraph_id)

    def clear(self) -> None:
        self._writing().delete_all_documents()

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None  # tantivy's writer lock is let go until the next write
        self._index.reload()

    def size(self) -> int:
        self._index.reload()
        return int(self._index.searcher().num_docs)

    def _query(self, asked: EngineQuery) -> Any:
        Query, Occur = self._tantivy.Query, self._tantivy.Occur  # noqa: N806 (tantivy's classes)
        schema = self._schema

        def term(name: str, value: object) -> Any:
            return Query.term_query(schema, name, value)

        def filtered(query: Any) -> Any:
            # Filters decide which paragraphs count, not how well they match: no score of their own.
            return Query.const_score_query(query, 0.0)

        # Analysers that read the query alike (a Latin word is the same term for most) share one
        # clause: the postings of a common word are then walked once, not once per analyser.
        alike: dict[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], list[str]] = {}
        for analyser, terms in asked.terms.items():
            if terms:
                alike.setdefault((terms, asked.phrases.get(analyser, ())), []).append(analyser)
        readings = []
        for (terms, phrases), analysers in alike.items():
            clauses = [(Occur.Must, term("terms", t)) for t in terms]
            # Positions: the whitespace tokenizer numbers the stored terms one after the other.
            clauses += [(Occur.Must, Query.phrase_query(schema, "terms", list(p))) for p in phrases]
            clauses += _analyser_clauses(analysers, term, filtered, Occur)
            readings.append((Occur.Should, Query.boolean_query(clauses)))
        if not readings:
            return Query.empty_query()
        must: list[tuple[Any, Any]] = [(Occur.Must, Query.boolean_query(readings))]
        if asked.lang:
            field_name = "lang" if "-" in asked.lang else "primary"
            must.append((Occur.Must, filtered(term(field_name, asked.lang))))
        if asked.kind:
            must.append((Occur.Must, filtered(term("kind", asked.kind))))
        if asked.organ:
            must.append((Occur.Must, filtered(term("organ", asked.organ))))
        if asked.day_from is not None or asked.day_to is not None:
            days = Query.range_query(
                schema,
                "day",
                self._tantivy.FieldType.Integer,
                asked.day_from if asked.day_from is not None else NO_DAY + 1,
                asked.day_to if asked.day_to is not None else 10_000_000,
            )
            must.append((Occur.Must, filtered(days)))
        if asked.hidden_documents:
            hidden = Query.term_set_query(schema, "document", sorted(asked.hidden_documents))
            must.append((Occur.MustNot, hidden))
        return Query.boolean_query(must)

    def search(self, query: EngineQuery) -> list[EngineHit]:
        with self._lock:
            self._index.reload()  # what another process committed since the last search
        searcher = self._index.searcher()
        if query.sort is Sort.DATE:
            found = searcher.search(
                self._query(query), query.limit, count=False, order_by_field="day", offset=query.offset
            ).hits
        else:
            found = searcher.search(self._query(query), query.limit, count=False, offset=query.offset).hits
        if not found:
            return []
        ids = searcher.fast_field_values("paragraph", [address for _, address in found])
        return [
            EngineHit(int(paragraph_id), None if query.sort is Sort.DATE else float(key))
            for (key, _), paragraph_id in zip(found, ids, strict=True)
            if paragraph_id is not None
        ]


_engines: dict[Path, TantivyEngine] = {}
_engines_lock = threading.Lock()


def engine_for(settings: Settings) -> SearchEngine:
    """The engine of this instance (one per index directory and process)."""
    directory = index_directory(settings).resolve()
    with _engines_lock:
        if directory not in _engines:
            _engines[directory] = TantivyEngine(directory)
        return _engines[directory]
