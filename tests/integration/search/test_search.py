"""Search against the database on both backends: the engine gives the reference search's hit
sets, a committed paragraph is found once the outbox is drained, a crash between the commit and
the indexing loses nothing, and a hidden document is never a hit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from cica.core.context import Context
from cica.core.errors import Conflict
from cica.documents import operations as document_operations
from cica.documents.models import Document, DocumentParagraph, DocumentVersion
from cica.documents.rules import NewVersion
from cica.search import indexer, queries
from cica.search.engine import TantivyEngine, engine_for
from cica.search.models import SearchOutbox, SearchParagraph
from cica.search.rules import Filters, Sort, check_filters, parse
from tests.factories import SECRETARIAT, delegate, make_document

CORPUS: list[tuple[dict[str, tuple[str, ...]], str, date | None]] = [
    (
        {
            "fr": (
                "Mesures de confiance en Asie",
                "Les États membres coopèrent dans le domaine de la sécurité.",
            ),
            "zh": ("亚洲信任措施", "成员国在安全领域开展合作。"),
            "ru": ("Меры доверия в Азии", "Государства-члены сотрудничают в области безопасности."),
        },
        "public",
        date(2019, 6, 15),
    ),
    (
        {
            "en": ("Counter-terrorism", "Member States agreed on measures against terrorism and extremism."),
            "ru": ("Борьба с терроризмом", "Государства-члены договорились о мерах против терроризма."),
        },
        "public",
        date(2022, 10, 13),
    ),
    (
        {
            "zh": ("亚信会议", "亚信会议成员国在上海举行会议。"),
            "fr": ("La CICA", "Les membres de la CICA se réunissent à Shanghai."),
        },
        "restricted",
        date(2014, 5, 21),
    ),
    ({"en": ("Secret", "Security measures kept confidential: the terrorism file.")}, "confidential", None),
    # Read by the analyser of other languages: "terror" is a term here, but the English stem of
    # "terrorism" must not find it (each version matches through its own analyser only).
    ({"kk": ("Terror", "Terror turaly sөz.")}, "public", date(2020, 3, 1)),
]

QUERIES = [
    "sécurité",
    "securite etats",
    "безопасность",
    "терроризм",
    "terrorism",
    "measures",
    "mesures de confiance",
    "亚信",
    "亚信会议",
    "合作",
    "Shanghai",
    "CICA",
    "nothing-like-this",
    # Phrases: the words must stand together, in order.
    '"mesures de confiance"',
    '"confiance de mesures"',
    '"Member States"',
    '"States Member"',
    '"Государства-члены сотрудничают"',
    '"亚信会议成员国"',
    '"成员国亚信会议"',
    '"安全领域" 合作',
    '"les membres" CICA',
    '"membres les" CICA',
]
FILTERS = [
    Filters(limit=100),
    Filters(lang="ru", limit=100),
    Filters(lang="fr", day_from=date(2015, 1, 1), limit=100),
    Filters(day_to=date(2020, 1, 1), sort=Sort.DATE, limit=100),
]


def _load(context: Context) -> None:
    with context.unit_of_work() as session:
        for versions, classification, day in CORPUS:
            document_operations.import_document(
                session,
                [NewVersion(lang, texts, f"{lang}.txt") for lang, texts in versions.items()],
                details=document_operations.Details(classification=classification, day=day, named=("IND",)),
                actor=SECRETARIAT,
            )


def _found(
    context: Context, query: str, filters: Filters, actor: object = SECRETARIAT
) -> set[tuple[str, str, int]]:
    with context.unit_of_work(write=False) as session:
        results = queries.search(session, engine_for(context.settings), query, filters, actor=actor)  # type: ignore[arg-type]
    return {(hit.symbol, hit.lang, hit.paragraph) for hit in results.hits}


def _reference(
    context: Context, query: str, filters: Filters, actor: object = SECRETARIAT
) -> set[tuple[str, str, int]]:
    with context.unit_of_work(write=False) as session:
        return queries.reference(session, query, filters, actor=actor)  # type: ignore[arg-type]


def _engine_alone(
    context: Context, query: str, filters: Filters, actor: object = SECRETARIAT
) -> set[tuple[str, str, int]]:
    """What the engine itself answers, before the database confirms anything."""
    with context.unit_of_work(write=False) as session:
        asked = queries.engine_query(session, parse(query), check_filters(filters), actor=actor)  # type: ignore[arg-type]
        ids = [hit.paragraph_id for hit in engine_for(context.settings).search(asked)]
        rows = session.execute(
            select(Document.symbol, DocumentVersion.lang, DocumentParagraph.number)
            .join(DocumentVersion, DocumentVersion.document_id == Document.id)
            .join(DocumentParagraph, DocumentParagraph.version_id == DocumentVersion.id)
            .where(DocumentParagraph.id.in_(ids))
        )
        found = {(symbol, lang, number) for symbol, lang, number in rows}
    assert len(found) == len(ids)  # each paragraph once
    return found


def _outbox(context: Context) -> int:
    with context.unit_of_work(write=False) as session:
        return session.scalar(select(func.count()).select_from(SearchOutbox)) or 0


@pytest.mark.parametrize(
    "actor", [SECRETARIAT, delegate("IND"), None], ids=["secretariat", "delegate", "public"]
)
def test_the_engine_alone_and_the_search_give_the_reference_searchs_hit_sets(
    cica: Context, actor: object
) -> None:
    _load(cica)
    indexer.drain(cica)
    nonempty = 0
    for query in QUERIES:
        for filters in FILTERS:
            expected = _reference(cica, query, filters, actor)
            assert _found(cica, query, filters, actor) == expected, (query, filters)
            assert _engine_alone(cica, query, filters, actor) == expected, (query, filters)
            nonempty += bool(expected)
    assert nonempty >= 15  # the query set finds things, so the equality says something


def test_a_phrase_finds_its_words_together_and_in_order_only(cica: Context) -> None:
    _load(cica)
    indexer.drain(cica)

    def found(query: str) -> set[tuple[str, int]]:
        return {(lang, number) for _, lang, number in _found(cica, query, Filters(limit=100))}

    assert found('"mesures de confiance"') == {("fr", 1)}
    assert found("confiance de mesures") == {("fr", 1)}  # without quotes, the words in any order
    assert found('"confiance de mesures"') == set()
    assert found('"亚信会议成员国"') == {("zh", 2)}
    assert found('"成员国亚信会议"') == set()
    assert found('"Member States"') == {("en", 2)}
    assert found('"States Member"') == set()


def test_a_committed_paragraph_is_found_once_the_outbox_is_drained(cica: Context) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/TEST/1")
    assert _outbox(cica) == 2  # one row per version, written with the versions
    assert _found(cica, "亚信", Filters()) == set()  # not indexed yet
    assert indexer.drain(cica) == 2
    assert _outbox(cica) == 0
    assert _found(cica, "亚信", Filters()) == {("CICA/TEST/1", "zh", 1), ("CICA/TEST/1", "zh", 2)}


def test_a_crash_between_commit_and_indexing_loses_nothing(cica: Context, search_index_dir: Path) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/TEST/1")
    # The process that committed dies before indexing: the index never heard of it.
    engine = TantivyEngine(search_index_dir)
    assert engine.size() == 0
    # The next process replays the outbox.
    assert indexer.drain(cica, TantivyEngine(search_index_dir)) == 2
    assert _found(cica, "confiance", Filters()) == {("CICA/TEST/1", "fr", 1)}


def test_a_crash_after_the_index_commit_replays_without_doubling(
    cica: Context, search_index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/TEST/1")

    def crash(_: object) -> None:
        raise RuntimeError("killed before the outbox rows were deleted")

    monkeypatch.setattr(indexer, "_after_engine_commit", crash)
    with pytest.raises(RuntimeError):
        indexer.drain(cica, TantivyEngine(search_index_dir))
    assert _outbox(cica) == 2  # kept: the index may or may not have them
    monkeypatch.undo()
    engine = TantivyEngine(search_index_dir)
    assert indexer.drain(cica, engine) == 2
    assert engine.size() == 4  # four paragraphs, each once


def test_a_correction_replaces_the_old_paragraphs_in_the_index(cica: Context) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/TEST/1")
    indexer.drain(cica)
    with cica.unit_of_work() as session:
        document_operations.correct_version(
            session,
            "CICA/TEST/1",
            NewVersion("fr", ("Titre corrigé", "Texte sur le désarmement."), "fr.txt"),
            actor=SECRETARIAT,
        )
    indexer.drain(cica)
    assert engine_for(cica.settings).size() == 4  # the old French paragraphs left the index
    assert _found(cica, "confiance", Filters()) == set()
    assert _found(cica, "désarmement", Filters()) == {("CICA/TEST/1", "fr", 2)}


def test_a_document_the_reader_may_not_see_is_never_a_hit(cica: Context) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/OPEN/1")
        make_document(session, symbol="CICA/HIDDEN/1", classification="confidential", named=("IND",))
    indexer.drain(cica)
    assert {s for s, _, _ in _found(cica, "亚信", Filters(), actor=None)} == {"CICA/OPEN/1"}
    assert {s for s, _, _ in _found(cica, "亚信", Filters(), actor=delegate("PAK"))} == {"CICA/OPEN/1"}
    assert {s for s, _, _ in _found(cica, "亚信", Filters(), actor=delegate("IND"))} == {
        "CICA/OPEN/1",
        "CICA/HIDDEN/1",
    }
    # Not even by their number: a public reader asking for one hit gets the visible one.
    assert {s for s, _, _ in _found(cica, "亚信", Filters(limit=1), actor=None)} == {"CICA/OPEN/1"}


def test_reindex_rebuilds_the_index_from_the_database(cica: Context, search_index_dir: Path) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/TEST/1")
    seen: list[tuple[int, int]] = []
    assert indexer.reindex(cica, progress=lambda done, total: seen.append((done, total))) == 4
    assert seen[-1] == (2, 2)
    assert _outbox(cica) == 0
    assert _found(cica, "亚信", Filters()) == {("CICA/TEST/1", "zh", 1), ("CICA/TEST/1", "zh", 2)}


def test_one_writer_at_a_time(cica: Context, search_index_dir: Path) -> None:
    with cica.unit_of_work() as session:
        make_document(session)
    with indexer.writer_lock(search_index_dir, wait=False) as held:
        assert held
        # Another process (or thread) finds the lock taken and leaves the outbox to the holder.
        assert indexer.drain(cica) == 0
    assert indexer.drain(cica) == 2


def test_a_refused_write_queues_nothing(cica: Context) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/TEST/1")
    with pytest.raises(Conflict), cica.unit_of_work() as session:
        make_document(session, symbol="CICA/TEST/1")
    assert _outbox(cica) == 2  # the first document's two versions only


def test_versions_stored_without_analysis_are_analysed_by_the_drain(cica: Context) -> None:
    # As after migration 0008s, which queues the versions already stored but cannot analyse them.
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/TEST/1")
        session.flush()
        session.execute(delete(SearchParagraph))
    assert indexer.drain(cica) == 2
    assert _found(cica, "亚信", Filters()) == {("CICA/TEST/1", "zh", 1), ("CICA/TEST/1", "zh", 2)}
    assert _reference(cica, "亚信", Filters()) == {("CICA/TEST/1", "zh", 1), ("CICA/TEST/1", "zh", 2)}
