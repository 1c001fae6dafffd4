"""Search at scale: indexing rate and the latency of `GET /api/v1/search`, each beside raw tantivy
and raw SQLite FTS5 over the same analysed terms, in the same run.

At each size of `BENCH_SEARCH_SIZES` (paragraphs, `100000,1000000` by default), paragraphs of
40 generated words in French, Russian, English and Chinese (the corpus is generated once per
size and seed and kept under the temporary folder, `cica-bench-search/`) stand in documents of
25 paragraphs in each of the four languages. The first document is imported through the real
operation (realigned, audited, analysed by the search listener); the others are its copies with
their own texts, written straight into the tables (the alignments too), since a million
paragraphs through the import would take the bench's whole budget. Then:

- indexing rate: `cica search reindex`'s work (analysing every current version again, storing
  the terms, indexing them in tantivy), in paragraphs per second, analysis included; beside it
  the analysers alone per language and raw tantivy and raw FTS5 fed the stored terms, which
  say what bounds it;
- three query classes, `SAMPLES` sequential requests each: a rare word (in 0.01% of
  paragraphs), a word in 40% of paragraphs, a two-word phrase in double quotes (its words
  stand together in 5% of paragraphs, and each also stands alone in another 5%). The API is
  called over HTTP on `cica serve` (one worker, keep-alive), anonymously, through the whole route:
  drain check, classification, engine, database confirmation, snippets and aligned partners;
- the same three queries in raw tantivy (top 10 by BM25 over the stored terms, a phrase query
  for the phrase, no filters, no database) and in raw SQLite FTS5 (`ORDER BY bm25(...) LIMIT
  10`, the terms as its text, `"a b"` for the phrase).
"""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
from sqlalchemy import select, text

from bench.common import Figure, Report, median, p95, timings
from bench.servers import CURRENT, Instance, cica_server
from cica.access.actors import Actor
from cica.charter.loader import load_charter
from cica.core.context import Context
from cica.core.settings import Settings
from cica.documents import operations
from cica.documents.models import DocumentParagraph, DocumentVersion
from cica.documents.rules import NewVersion
from cica.registry.operations import apply_charter
from cica.search import indexer, rules
from cica.search.models import SearchParagraph

SIZES = tuple(int(size) for size in os.environ.get("BENCH_SEARCH_SIZES", "100000,1000000").split(","))
SEED = 12
WORDS_PER_PARAGRAPH = 40
PER_VERSION = 25
LANGS = ("fr", "ru", "en", "zh")
SAMPLES = 50
ANALYSIS_SAMPLE = 8_000
RARE, COMMON, PAIR = "zephyrquux", "commonword", ("alphaword", "betaword")
QUERIES = {"rare word": RARE, "40% word": COMMON, "phrase": '"' + " ".join(PAIR) + '"'}
FTS_TOP_10 = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT 10"
SECRETARIAT = Actor(None, "secretariat@bench.example", "secretariat")
CACHE = Path(tempfile.gettempdir()) / "cica-bench-search"


def _vocabulary(rng: random.Random, lang: str, size: int = 4000) -> list[str]:
    if lang == "zh":
        return ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(2)) for _ in range(size)]
    letters = "абвгдежзиклмнопрстуфхцчшщыэюя" if lang == "ru" else "abcdefghijklmnopqrstuvwxyzéèàç"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(size)]


def _paragraphs(count: int, rng: random.Random) -> Iterator[str]:
    """`count` paragraphs, the i-th in LANGS[i // PER_VERSION % 4]: 40 words drawn in bulk
    (`random.choices`), then the query words put in place."""
    vocabularies = {lang: _vocabulary(rng, lang) for lang in LANGS}
    pair = " ".join(PAIR)  # one "word" of the list: the phrase, spaced even in Chinese
    for index in range(count):
        lang = LANGS[index // PER_VERSION % len(LANGS)]
        chosen = rng.choices(vocabularies[lang], k=WORDS_PER_PARAGRAPH)
        draw = rng.random()
        if draw < 0.4:
            chosen[rng.randrange(WORDS_PER_PARAGRAPH)] = COMMON
        if draw < 0.05:  # the phrase, its words together
            chosen[rng.randrange(1, WORDS_PER_PARAGRAPH - 1)] = pair
        elif draw > 0.95:  # its words apart: found by the words, not by the phrase
            chosen[1], chosen[-2] = PAIR[1], PAIR[0]
        if index % 10_000 == 7:
            chosen[0] = RARE
        if lang == "zh":  # Latin words stand apart from the Han characters
            yield "".join(f" {w} " if w.isascii() else w for w in chosen).strip() + "。"
        else:
            yield " ".join(chosen) + "."


def corpus(count: int, seed: int = SEED) -> list[str]:
    """The generated paragraphs, from the cache if an earlier run wrote them."""
    path = CACHE / f"corpus-{count}-{seed}.txt"
    if path.exists():
        return path.read_text(encoding="utf-8").split("\n")
    texts = list(_paragraphs(count, random.Random(seed)))
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_text("\n".join(texts), encoding="utf-8")
    partial.replace(path)
    return texts


def _rows(connection: Any, table: str, column: str, value: int) -> list[dict[str, Any]]:
    found = connection.execute(text(f"SELECT * FROM {table} WHERE {column} = :v ORDER BY id"), {"v": value})
    return [dict(row._mapping) for row in found]


def _insert(connection: Any, table: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        columns = list(rows[0])
        connection.execute(
            text(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
            ),
            rows,
        )


def _load(context: Context, texts: list[str]) -> None:
    """The first document through the import; the others as its copies, with their texts."""
    per_document = PER_VERSION * len(LANGS)
    first = [
        NewVersion(lang, tuple(texts[i * PER_VERSION : (i + 1) * PER_VERSION]), f"{lang}.txt")
        for i, lang in enumerate(LANGS)
    ]
    with context.unit_of_work() as session:
        template = operations.import_document(session, first, details=operations.Details(), actor=SECRETARIAT)
        template_id = template.id
    with context.engine.begin() as connection:
        document = _rows(connection, "document", "id", template_id)[0]
        versions = _rows(connection, "document_version", "document_id", template_id)
        paragraphs = {
            v["id"]: _rows(connection, "document_paragraph", "version_id", v["id"]) for v in versions
        }
        alignments = _rows(connection, "document_alignment", "document_id", template_id)
        ids = {
            table: connection.execute(text(f"SELECT max(id) FROM {table}")).scalar() or 0
            for table in ("document", "document_version", "document_paragraph", "document_alignment")
        }
        for copy, start in enumerate(range(per_document, len(texts) - per_document + 1, per_document), 1):
            new: dict[str, list[dict[str, Any]]] = {table: [] for table in ids}
            ids["document"] += 1
            document_id = ids["document"]
            new["document"].append(document | {"id": document_id, "symbol": f"{document['symbol']}/{copy}"})
            version_ids = {}
            for version in versions:
                ids["document_version"] += 1
                version_ids[version["id"]] = ids["document_version"]
                new["document_version"].append(
                    version | {"id": ids["document_version"], "document_id": document_id, "replaces_id": None}
                )
            for number, (old_version, rows) in enumerate(paragraphs.items()):
                for row in rows:
                    ids["document_paragraph"] += 1
                    new["document_paragraph"].append(
                        row
                        | {
                            "id": ids["document_paragraph"],
                            "version_id": version_ids[old_version],
                            "text": texts[start + number * PER_VERSION + row["number"] - 1],
                        }
                    )
            for alignment in alignments:
                ids["document_alignment"] += 1
                new["document_alignment"].append(
                    alignment
                    | {
                        "id": ids["document_alignment"],
                        "document_id": document_id,
                        "source_id": version_ids[alignment["source_id"]],
                        "target_id": version_ids[alignment["target_id"]],
                    }
                )
            for table, rows in new.items():
                _insert(connection, table, rows)


def _raw_tantivy(terms: list[str], folder: Path) -> tuple[float, Any, Any]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("terms", tokenizer_name="whitespace", index_option="position")
    schema = builder.build()
    folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer(heap_size=128_000_000, num_threads=1)
    start = time.perf_counter()
    for terms_text in terms:
        writer.add_document(tantivy.Document(terms=terms_text))
    writer.commit()
    writer.wait_merging_threads()
    elapsed = time.perf_counter() - start
    index.reload()
    return elapsed, index, schema


def _raw_fts5(terms: list[str]) -> tuple[float, sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE fts USING fts5(terms, tokenize='unicode61 remove_diacritics 0')")
    start = time.perf_counter()
    connection.executemany("INSERT INTO fts (terms) VALUES (?)", ((t,) for t in terms))
    connection.commit()
    return time.perf_counter() - start, connection


def _readings(query: str) -> list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]:
    """The terms and phrases the search asks for: the query read by each analyser."""
    parsed = rules.parse(query)
    return sorted({(tuple(parsed.terms(a)), tuple(parsed.phrases(a))) for a in rules.ANALYSERS})


def _tantivy_query(schema: Any, query: str) -> Any:
    import tantivy

    Query, Occur = tantivy.Query, tantivy.Occur  # noqa: N806 (tantivy's classes)
    groups = [
        Query.boolean_query(
            [(Occur.Must, Query.term_query(schema, "terms", t)) for t in terms]
            + [(Occur.Must, Query.phrase_query(schema, "terms", list(p))) for p in phrases]
        )
        for terms, phrases in _readings(query)
    ]
    return Query.boolean_query([(Occur.Should, group) for group in groups])


def _fts_match(query: str) -> str:
    def quoted(words: tuple[str, ...]) -> str:
        return '"' + " ".join(words) + '"'

    return " OR ".join(
        "(" + " AND ".join([quoted((t,)) for t in terms] + [quoted(p) for p in phrases]) + ")"
        for terms, phrases in _readings(query)
    )


def _run_size(report: Report, size: int, folder: str) -> None:
    settings = Settings(
        database_url=f"sqlite:///{folder}/bench.db", search_index_dir=f"{folder}/index", scheduler_seconds=0
    )
    context = Context.create(settings, migrate=True)
    with context.unit_of_work() as session:
        apply_charter(session, load_charter(None))
    label = f"search {size:,}"
    start = time.perf_counter()
    texts = corpus(size)
    report.add(
        Figure(f"{label}: corpus (generated or read from the cache)", time.perf_counter() - start, "s")
    )
    start = time.perf_counter()
    _load(context, texts)
    report.add(Figure(f"{label}: load (one import, then copies)", time.perf_counter() - start, "s"))
    del texts
    start = time.perf_counter()
    indexed = indexer.reindex(context)
    elapsed = time.perf_counter() - start
    report.add(
        Figure(
            f"{label}: reindex {indexed:,} paragraphs (analysis included)",
            indexed / elapsed,
            "paragraphs/s",
            target="≥ 5000",
        )
    )

    with context.unit_of_work(write=False) as session:
        terms = [t.strip() for t in session.scalars(select(SearchParagraph.terms))]
        sample = session.execute(
            select(DocumentParagraph.text, DocumentVersion.lang)
            .join(DocumentVersion, DocumentVersion.id == DocumentParagraph.version_id)
            .limit(ANALYSIS_SAMPLE)
        ).all()
    # What bounds the reindex: the analysers alone, per language, on the same paragraphs.
    for lang in LANGS:
        chosen = [body for body, tag in sample if tag == lang]
        start = time.perf_counter()
        for body in chosen:
            rules.terms(body, lang)
        rate = len(chosen) / (time.perf_counter() - start)
        report.add(
            Figure(f"{label}: analysis alone ({lang}, {len(chosen):,} paragraphs)", rate, "paragraphs/s")
        )
    tantivy_seconds, raw_index, raw_schema = _raw_tantivy(terms, Path(folder) / "raw-tantivy")
    report.add(
        Figure(f"{label}: raw tantivy indexing (terms given)", len(terms) / tantivy_seconds, "paragraphs/s")
    )
    fts_seconds, fts = _raw_fts5(terms)
    report.add(
        Figure(f"{label}: raw SQLite FTS5 indexing (terms given)", len(terms) / fts_seconds, "paragraphs/s")
    )
    del terms

    searcher = raw_index.searcher()
    context.close()
    # The API through a real server (`cica serve`, one uvicorn worker, over HTTP with keep-alive),
    # as a client meets it: an in-process test client's thread hops cost more than the search.
    instance = Instance(CURRENT, Path(folder), database=Path(folder) / "bench.db")
    with (
        cica_server(instance, CICA_SEARCH_INDEX_DIR=settings.search_index_dir) as server,
        httpx.Client(base_url=server.base) as client,
    ):
        for name, query in QUERIES.items():
            hits = client.get("/api/v1/search", params={"q": query}).json()["hits"]
            api = timings(lambda q=query: client.get("/api/v1/search", params={"q": q}), SAMPLES)
            built = _tantivy_query(raw_schema, query)
            raw = timings(lambda b=built: searcher.search(b, 10, count=False), SAMPLES)
            match = _fts_match(query)
            lite = timings(lambda m=match: fts.execute(FTS_TOP_10, (m,)).fetchall(), SAMPLES)
            shown = f"{len(hits)} hits shown, {searcher.search(built, 1, count=True).count:,} in raw tantivy"
            for kind, samples in (("API", api), ("raw tantivy", raw), ("raw FTS5", lite)):
                report.add(Figure(f"{label} {name} ({shown}): {kind} p50", median(samples) * 1000, "ms"))
                report.add(
                    Figure(
                        f"{label} {name}: {kind} p95",
                        p95(samples) * 1000,
                        "ms",
                        target="≤ 25" if kind == "API" else "",
                    )
                )
    fts.close()


def run(report: Report) -> None:
    for size in SIZES:
        with tempfile.TemporaryDirectory(prefix="cica-bench-search-") as folder:
            _run_size(report, size, folder)
