"""Searches and their shapes: the engine's search, checked against the database (classification
and filters), with snippets and aligned partners; and the reference search, a plain scan in SQL
over the stored analysed paragraphs, which the tests hold the engine to on every backend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.queries import viewer, visible_to
from cica.documents.models import Document, DocumentParagraph, DocumentVersion
from cica.documents.queries import AlignedParagraph, aligned_paragraphs
from cica.search import rules
from cica.search.engine import EngineQuery, SearchEngine
from cica.search.models import SearchParagraph
from cica.search.rules import ANALYSERS, Filters, Query, Sort


class SnippetPiece(BaseModel):
    text: str
    matched: bool


class Hit(BaseModel):
    symbol: str
    kind: str
    day: date | None
    lang: str
    paragraph: int  # 1-based, within its version
    score: float | None  # BM25; null when sorted by date
    snippet: list[SnippetPiece]
    aligned: list[AlignedParagraph]


class Results(BaseModel):
    query: str
    sort: Sort
    hits: list[Hit]


def _hidden_documents(session: Session, actor: Actor | None) -> frozenset[int]:
    """The documents the caller may not see: the engine leaves them out before ranking, so
    neither hits nor their number say anything about them."""
    who = viewer(session, actor)
    shown = visible_to(who, Document.classification.expression, Document.named.expression)
    return frozenset(session.scalars(select(Document.id).where(~shown)))


def _document_filters(filters: Filters, actor_view: ColumnElement[bool]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [actor_view, DocumentVersion.replaced_by_id.is_(None)]
    if filters.lang:
        if "-" in filters.lang:
            conditions.append(DocumentVersion.lang == filters.lang)
        else:
            conditions.append(
                or_(DocumentVersion.lang == filters.lang, DocumentVersion.lang.startswith(f"{filters.lang}-"))
            )
    if filters.kind:
        conditions.append(Document.kind == filters.kind)
    if filters.organ:
        conditions.append(Document.organ_id == filters.organ)
    if filters.day_from:
        conditions.append(Document.day >= filters.day_from)
    if filters.day_to:
        conditions.append(Document.day <= filters.day_to)
    return conditions


def _readings(query: Query) -> dict[str, tuple[str, ...]]:
    return {analyser: tuple(query.terms(analyser)) for analyser in ANALYSERS}


def _phrases(query: Query) -> dict[str, tuple[tuple[str, ...], ...]]:
    return {analyser: tuple(query.phrases(analyser)) for analyser in ANALYSERS}


def _rows(
    session: Session, paragraph_ids: Sequence[int], conditions: Sequence[ColumnElement[bool]]
) -> dict[int, tuple[int, int, str, str, str, date | None, str]]:
    """The candidates the database confirms: paragraph id → (version, number, text, symbol, kind,
    day, lang). The index is derived and may lag; the database decides."""
    found = session.execute(
        select(
            DocumentParagraph.id,
            DocumentParagraph.version_id,
            DocumentParagraph.number,
            DocumentParagraph.text,
            Document.symbol,
            Document.kind,
            Document.day,
            DocumentVersion.lang,
        )
        .join(DocumentVersion, DocumentVersion.id == DocumentParagraph.version_id)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(DocumentParagraph.id.in_(list(paragraph_ids)), *conditions)
    )
    return {row[0]: tuple(row[1:]) for row in found}  # type: ignore[misc]


def engine_query(session: Session, query: Query, filters: Filters, *, actor: Actor | None) -> EngineQuery:
    """What the engine is asked for a reader's search: the query read by every analyser, the
    filters, and the documents the reader may not see (left out before ranking)."""
    return EngineQuery(
        terms=_readings(query),
        phrases=_phrases(query),
        lang=filters.lang,
        kind=filters.kind,
        organ=filters.organ,
        day_from=filters.day_from.toordinal() if filters.day_from else None,
        day_to=filters.day_to.toordinal() if filters.day_to else None,
        hidden_documents=_hidden_documents(session, actor),
        sort=filters.sort,
        limit=filters.limit,
    )


def search(
    session: Session, engine: SearchEngine, text: str | None, filters: Filters, *, actor: Actor | None
) -> Results:
    """The best `filters.limit` paragraphs for the query among those the caller may see."""
    query = rules.parse(text)
    filters = rules.check_filters(filters)
    who = viewer(session, actor)
    conditions = _document_filters(
        filters, visible_to(who, Document.classification.expression, Document.named.expression)
    )
    asked = engine_query(session, query, filters, actor=actor)
    kept: list[tuple[int, float | None, tuple[int, int, str, str, str, date | None, str]]] = []
    offset = 0
    # The engine's candidates are checked against the database; should a lagging index offer
    # some the database no longer confirms, the next page of candidates makes up for them.
    while len(kept) < filters.limit:
        candidates = engine.search(replace(asked, offset=offset, limit=asked.limit * 2))
        confirmed = _rows(session, [c.paragraph_id for c in candidates], conditions)
        kept.extend(
            (c.paragraph_id, c.score, confirmed[c.paragraph_id])
            for c in candidates
            if c.paragraph_id in confirmed
        )
        if len(candidates) < asked.limit * 2:
            break
        offset += len(candidates)
    kept = kept[: filters.limit]
    wanted: dict[int, set[int]] = {}
    for _, _, (version_id, number, *_) in kept:
        wanted.setdefault(version_id, set()).add(number)
    partners = aligned_paragraphs(session, wanted)
    return Results(
        query=query.text,
        sort=filters.sort,
        hits=[
            Hit(
                symbol=symbol,
                kind=kind,
                day=day,
                lang=lang,
                paragraph=number,
                score=score,
                snippet=[
                    SnippetPiece(text=p.text, matched=p.matched) for p in rules.snippet(body, lang, query)
                ],
                aligned=partners.get((version_id, number), []),
            )
            for _, score, (version_id, number, body, symbol, kind, day, lang) in kept
        ],
    )


def reference(
    session: Session, text: str, filters: Filters, *, actor: Actor | None
) -> set[tuple[str, str, int]]:
    """Every paragraph the query matches, as (symbol, language tag, number), by a plain scan in
    SQL over the analysed paragraphs: no engine, no ranking, the same answer on every backend."""
    query = rules.parse(text)
    filters = rules.check_filters(filters)
    who = viewer(session, actor)
    phrases = _phrases(query)
    # A term is ` term ` in the padded terms, a phrase ` a b c `: its terms one after the other.
    readings = [
        and_(
            SearchParagraph.analyser == analyser,
            *(
                SearchParagraph.terms.contains(f" {' '.join(words)} ", autoescape=True)
                for words in (*((term,) for term in terms), *phrases[analyser])
            ),
        )
        for analyser, terms in _readings(query).items()
        if terms
    ]
    found = session.execute(
        select(Document.symbol, DocumentVersion.lang, DocumentParagraph.number)
        .select_from(SearchParagraph)
        .join(DocumentParagraph, DocumentParagraph.id == SearchParagraph.paragraph_id)
        .join(DocumentVersion, DocumentVersion.id == SearchParagraph.version_id)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(
            or_(false(), *readings),
            *_document_filters(
                filters, visible_to(who, Document.classification.expression, Document.named.expression)
            ),
        )
    )
    return {(symbol, lang, number) for symbol, lang, number in found}
