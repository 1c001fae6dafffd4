"""Search at scale: indexing rate and the latency of `GET /api/v1/search`, each beside raw tantivy
and raw SQLite FTS5 over the same analysed terms, in the same run.

`BENCH_SEARCH_PARAGRAPHS` paragraphs (100,000 by default) of 40 generated words in French,
Russian, English and Chinese are imported through the real operation, as documents of 25
paragraphs in each of the four languages (each import realigns and is audited; the search
listener analyses each version in the import's transaction). Then:

- indexing rate: `cica search reindex`'s work (analysing every current version again, storing
  the terms, indexing them in tantivy), in paragraphs per second, analysis included; beside it
  the analysers alone per language and raw tantivy fed the stored terms, which say what bounds it;
- three query classes, `SAMPLES` sequential requests each: a rare word (in ~0.01% of
  paragraphs), a word in 40% of paragraphs, two words that often stand together (matched as
  both words: cica's search is an AND of terms, not a phrase search). The API is called in
  process (an ASGI client, no socket), as the Secretariat, through the whole route: drain check,
  classification, engine, database confirmation, snippets and aligned partners;
- the same three queries in raw tantivy (top 10 by BM25 over the stored terms, no filters, no
  database) and in raw SQLite FTS5 (`ORDER BY bm25(...) LIMIT 10`, the terms as its text).
"""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from bench.common import Figure, Report, median, p95, timings
from cica.access.actors import Actor
from cica.app import create_app
from cica.charter.loader import load_charter
from cica.core.context import Context
from cica.core.settings import Settings
from cica.documents import operations
from cica.documents.models import DocumentParagraph, DocumentVersion
from cica.documents.rules import NewVersion
from cica.registry.operations import apply_charter
from cica.search import indexer, rules
from cica.search.models import SearchParagraph

PARAGRAPHS = int(os.environ.get("BENCH_SEARCH_PARAGRAPHS", "100000"))
WORDS_PER_PARAGRAPH = 40
PER_VERSION = 25
LANGS = ("fr", "ru", "en", "zh")
SAMPLES = 50
ANALYSIS_SAMPLE = 8_000
RARE, COMMON, PAIR = "zephyrquux", "commonword", ("alphaword", "betaword")
QUERIES = {"rare word": RARE, "40% word": COMMON, "two words": " ".join(PAIR)}
FTS_TOP_10 = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT 10"
SECRETARIAT = Actor(None, "secretariat@bench.example", "secretariat")


def _vocabulary(rng: random.Random, lang: str, size: int = 4000) -> list[str]:
    if lang == "zh":
        return ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(2)) for _ in range(size)]
    letters = "абвгдежзиклмнопрстуфхцчшщыэюя" if lang == "ru" else "abcdefghijklmnopqrstuvwxyzéèàç"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(size)]


def _paragraph(rng: random.Random, words: list[str], lang: str, index: int) -> str:
    chosen = rng.choices(words, k=WORDS_PER_PARAGRAPH)
    if rng.random() < 0.4:
        chosen[rng.randrange(WORDS_PER_PARAGRAPH)] = COMMON
    if rng.random() < 0.05:
        at = rng.randrange(WORDS_PER_PARAGRAPH - 1)
        chosen[at : at + 2] = PAIR
    if index % 10_000 == 7:
        chosen[0] = RARE
    return ("" if lang == "zh" else " ").join(chosen) + ("。" if lang == "zh" else ".")


def _load(context: Context, rng: random.Random) -> None:
    vocabularies = {lang: _vocabulary(rng, lang) for lang in LANGS}
    per_document = PER_VERSION * len(LANGS)
    index = 0
    for _ in range(max(1, PARAGRAPHS // per_document)):
        versions = []
        for lang in LANGS:
            texts = []
            for _ in range(PER_VERSION):
                texts.append(_paragraph(rng, vocabularies[lang], lang, index))
                index += 1
            versions.append(NewVersion(lang, tuple(texts), f"{lang}.txt"))
        with context.unit_of_work() as session:
            operations.import_document(session, versions, details=operations.Details(), actor=SECRETARIAT)


def _raw_tantivy(terms: list[str], folder: Path) -> tuple[float, object, object]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("terms", tokenizer_name="whitespace")
    schema = builder.build()
    folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer(heap_size=128_000_000, num_threads=1)
    start = time.perf_counter()
    for text in terms:
        writer.add_document(tantivy.Document(terms=text))
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


def run(report: Report) -> None:
    rng = random.Random(12)
    with tempfile.TemporaryDirectory(prefix="cica-bench-search-") as folder:
        settings = Settings(
            database_url=f"sqlite:///{folder}/bench.db",
            search_index_dir=f"{folder}/index",
            scheduler_seconds=0,
        )
        context = Context.create(settings, migrate=True)
        with context.unit_of_work() as session:
            apply_charter(session, load_charter(None))
        start = time.perf_counter()
        _load(context, rng)
        report.add(
            Figure(
                "search: import (documents, analysis in each transaction)", time.perf_counter() - start, "s"
            )
        )
        start = time.perf_counter()
        indexed = indexer.reindex(context)
        elapsed = time.perf_counter() - start
        report.add(
            Figure(
                f"search: reindex {indexed:,} paragraphs (analysis included)",
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
            texts = [text for text, tag in sample if tag == lang]
            start = time.perf_counter()
            for text in texts:
                rules.terms(text, lang)
            rate = len(texts) / (time.perf_counter() - start)
            report.add(
                Figure(f"search: analysis alone ({lang}, {len(texts):,} paragraphs)", rate, "paragraphs/s")
            )
        tantivy_seconds, raw_index, raw_schema = _raw_tantivy(terms, Path(folder) / "raw-tantivy")
        report.add(
            Figure("search: raw tantivy indexing (terms given)", len(terms) / tantivy_seconds, "paragraphs/s")
        )
        fts_seconds, fts = _raw_fts5(terms)
        report.add(
            Figure("search: raw SQLite FTS5 indexing (terms given)", len(terms) / fts_seconds, "paragraphs/s")
        )

        import tantivy

        searcher = raw_index.searcher()  # type: ignore[attr-defined]

        def readings(query: str) -> list[tuple[str, ...]]:
            # The same terms the search asks for: the query read by each analyser.
            parsed = rules.parse(query)
            return sorted({tuple(parsed.terms(analyser)) for analyser in rules.ANALYSERS})

        def raw_query(query: str) -> object:
            Query, Occur = tantivy.Query, tantivy.Occur  # noqa: N806
            groups = [
                Query.boolean_query([(Occur.Must, Query.term_query(raw_schema, "terms", t)) for t in terms])
                for terms in readings(query)
            ]
            return Query.boolean_query([(Occur.Should, group) for group in groups])

        app = create_app(context=context)
        with TestClient(app) as client:
            for name, query in QUERIES.items():
                hits = client.get("/api/v1/search", params={"q": query}).json()["hits"]
                api = timings(lambda q=query: client.get("/api/v1/search", params={"q": q}), SAMPLES)
                built = raw_query(query)
                raw = timings(lambda b=built: searcher.search(b, 10, count=False), SAMPLES)
                match = " OR ".join(
                    "(" + " AND ".join(f'"{t}"' for t in terms) + ")" for terms in readings(query)
                )
                lite = timings(lambda m=match: fts.execute(FTS_TOP_10, (m,)).fetchall(), SAMPLES)
                for label, samples in (("API", api), ("raw tantivy", raw), ("raw FTS5", lite)):
                    report.add(
                        Figure(
                            f"search {name} ({len(hits)} hits shown): {label} p50",
                            median(samples) * 1000,
                            "ms",
                        )
                    )
                    report.add(
                        Figure(
                            f"search {name}: {label} p95",
                            p95(samples) * 1000,
                            "ms",
                            target="≤ 25" if label == "API" else "",
                        )
                    )
        context.close()
