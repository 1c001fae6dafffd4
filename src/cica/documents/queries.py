"""Reads of documents for pages, API and CLI, and their shapes: the list (keyset paged, filtered
by classification), a document with its versions, one version's paragraphs and sentences, the
stored alignment of two versions, and up to three versions side by side."""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from types import MappingProxyType

from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.queries import viewer, visible_to
from cica.access.rules import may_see_stored
from cica.core import paging
from cica.core.errors import InvalidInput, NotFound
from cica.core.i18n import language_name_in
from cica.documents import akn, rules
from cica.documents import markdown as documents_markdown
from cica.documents.models import Document, DocumentAlignment, DocumentParagraph, DocumentVersion
from cica.documents.operations import current_versions, find, paragraphs_of
from cica.registry import snapshot

DOCUMENTS_ORDER = paging.Keyset("documents", (Document.updated_at, Document.id), (datetime, int))
MAX_SIDE_BY_SIDE = 3


class VersionItem(BaseModel):
    number: int
    lang: str
    status: rules.VersionStatus
    title: str
    source: str
    paragraphs: int
    current: bool
    replaces: int | None
    certified_at: datetime | None
    certified_by: str | None
    created_at: datetime


class DocumentItem(BaseModel):
    id: int
    symbol: str
    kind: str
    day: date | None
    organ: str | None
    meeting: int | None
    classification: str
    title: str
    title_lang: str
    languages: list[str]
    updated_at: datetime


class DocumentList(BaseModel):
    count: int
    items: list[DocumentItem]
    page: paging.PageLinks


class DocumentView(DocumentItem):
    versions: list[VersionItem]


class Paragraph(BaseModel):
    number: int
    text: str
    sentences: list[str]


class VersionView(VersionItem):
    symbol: str
    items: list[Paragraph]


class AlignmentRow(BaseModel):
    """1-based paragraph numbers of each side; an empty side is unmatched."""

    source: list[int]
    target: list[int]


class AlignmentView(BaseModel):
    symbol: str
    source: str
    target: str
    level: rules.AlignmentUnit
    method: str
    computed_at: datetime
    rows: list[AlignmentRow]


class Cell(BaseModel):
    lang: str
    paragraphs: list[Paragraph]
    # For each paragraph, each sentence: the 1-based numbers, in the row, of the first column's
    # sentences it is aligned with (what the page highlights when a reader points at it).
    partners: list[list[list[int]]] = []


class SideBySide(BaseModel):
    symbol: str
    langs: list[str]
    rows: list[list[Cell]]


def _visible(session: Session, document: Document, actor: Actor | None) -> Document:
    if not may_see_stored(viewer(session, actor), document.classification, document.named):
        # Not even its existence: the same answer as for no document.
        raise NotFound(f"no document {document.symbol!r}")
    return document


def _visible_document(session: Session, ref: str, actor: Actor | None) -> Document:
    return _visible(session, find(session, ref), actor)


# The columns a list row or a version's heading shows as they are stored.
_VERSION_COLUMNS = (
    "number",
    "lang",
    "status",
    "title",
    "source",
    "certified_at",
    "certified_by",
    "created_at",
)
_DOCUMENT_COLUMNS = ("id", "symbol", "kind", "day", "classification", "updated_at")


def _columns(row: object, names: Sequence[str]) -> dict[str, object]:
    return {name: getattr(row, name) for name in names}


def _version_item(version: DocumentVersion, count: int) -> VersionItem:
    extra = {"paragraphs": count, "current": version.replaced_by_id is None, "replaces": version.replaces_id}
    return VersionItem.model_validate(_columns(version, _VERSION_COLUMNS) | extra)


def _titled(versions: Sequence[DocumentVersion], lang: str) -> DocumentVersion | None:
    """The version whose title a reader in `lang` is shown: theirs, else the original, else the first."""
    return (
        next((v for v in versions if rules.primary_language(v.lang) == lang), None)
        or next((v for v in versions if v.status is rules.VersionStatus.ORIGINAL), None)
        or (versions[0] if versions else None)
    )


def _item(document: Document, versions: Sequence[DocumentVersion], lang: str) -> DocumentItem:
    titled = _titled(versions, lang)
    return DocumentItem.model_validate(
        _columns(document, _DOCUMENT_COLUMNS)
        | {
            "organ": document.organ_id,
            "meeting": document.meeting_id,
            "languages": [v.lang for v in versions],
        }
        | (
            {"title": titled.title, "title_lang": titled.lang}
            if titled
            else {"title": document.symbol, "title_lang": "en"}
        )
    )


def documents(
    session: Session, page: paging.PageRequest, *, actor: Actor | None, lang: str = "en"
) -> DocumentList:
    """One page of the documents the caller may see, newest change first; `count` of them all."""
    who = viewer(session, actor)
    query = select(Document).where(
        visible_to(who, Document.classification.expression, Document.named.expression)
    )
    rows, links = paging.fetch(session, query, DOCUMENTS_ORDER, page)
    versions: dict[int, list[DocumentVersion]] = {}
    if rows:
        for version in session.scalars(
            select(DocumentVersion)
            .where(
                DocumentVersion.document_id.in_([d.id for d in rows]),
                DocumentVersion.replaced_by_id.is_(None),
            )
            .order_by(DocumentVersion.number)
        ):
            versions.setdefault(version.document_id, []).append(version)
    items = [_item(document, versions.get(document.id, []), lang) for document in rows]
    return DocumentList(count=paging.count(session, query), items=items, page=links)


def document(session: Session, ref: str, *, actor: Actor | None, lang: str = "en") -> DocumentView:
    found = _visible_document(session, ref, actor)
    every = list(
        session.scalars(
            select(DocumentVersion)
            .where(DocumentVersion.document_id == found.id)
            .order_by(DocumentVersion.number)
        )
    )
    counts = {
        version_id: len(texts) for version_id, texts in paragraphs_of(session, [v.id for v in every]).items()
    }
    current = [v for v in every if v.replaced_by_id is None]
    return DocumentView(
        **_item(found, current, lang).model_dump(),
        versions=[_version_item(v, counts.get(v.id, 0)) for v in every],
    )


def _paragraph(number: int, text: str) -> Paragraph:
    return Paragraph(number=number, text=text, sentences=list(rules.split_sentences(text)))


def _version_in(session: Session, found: Document, tag: str) -> DocumentVersion:
    checked = rules.check_language(tag)
    versions = current_versions(session, found.id)
    version = next((v for v in versions if v.lang == checked), None) or next(
        (v for v in versions if rules.primary_language(v.lang) == rules.primary_language(checked)), None
    )
    if version is None:
        raise NotFound(f"lang: {found.symbol} has no {checked} version", field="lang")
    return version


def version(session: Session, ref: str, tag: str, *, actor: Actor | None) -> VersionView:
    """The current version in `tag` (or in its language, `zh` for `zh-Hans`), paragraph by paragraph."""
    found = _visible_document(session, ref, actor)
    chosen = _version_in(session, found, tag)
    texts = paragraphs_of(session, [chosen.id]).get(chosen.id, [])
    return VersionView(
        **_version_item(chosen, len(texts)).model_dump(),
        symbol=found.symbol,
        items=[_paragraph(n, t) for n, t in enumerate(texts, start=1)],
    )


def _stored(
    session: Session, found: Document, source: DocumentVersion, target: DocumentVersion
) -> tuple[tuple[rules.Bead, ...], DocumentAlignment]:
    """The stored alignment of two versions, its beads turned to run from `source` to `target`."""
    stored = session.scalar(
        select(DocumentAlignment).where(
            DocumentAlignment.source_id.in_([source.id, target.id]),
            DocumentAlignment.target_id.in_([source.id, target.id]),
            DocumentAlignment.level == rules.AlignmentLevel.PARAGRAPH,
        )
    )
    if stored is None:
        raise NotFound(f"{found.symbol}: no alignment of {source.lang} and {target.lang}")
    beads = rules.beads_from_lists(json.loads(stored.beads))
    if stored.source_id != source.id:
        beads = tuple(rules.Bead(bead.target, bead.source) for bead in beads)
    return beads, stored


def _beads(
    session: Session, found: Document, source: DocumentVersion, target: DocumentVersion
) -> tuple[rules.Bead, ...]:
    return _stored(session, found, source, target)[0]


def _pair(langs: Sequence[str]) -> tuple[str, str]:
    if len(langs) != 2 or langs[0] == langs[1]:
        raise InvalidInput("langs: give two different languages, such as fr,zh", field="langs")
    return langs[0], langs[1]


def alignment(
    session: Session,
    ref: str,
    langs: Sequence[str],
    *,
    actor: Actor | None,
    level: rules.AlignmentUnit = rules.AlignmentUnit.PARAGRAPH,
) -> AlignmentView:
    """The stored alignment of two current versions, rows in order, 1-based: of their
    paragraphs, or of their sentences (numbered over each whole version, in paragraph order),
    aligned inside the stored paragraph alignment."""
    found = _visible_document(session, ref, actor)
    first, second = _pair(langs)
    source, target = _version_in(session, found, first), _version_in(session, found, second)
    if source.id == target.id:
        raise InvalidInput("langs: give two different languages, such as fr,zh", field="langs")
    beads, stored = _stored(session, found, source, target)
    if level is rules.AlignmentUnit.SENTENCE:
        texts = paragraphs_of(session, [source.id, target.id])
        beads = rules.align_sentences(texts.get(source.id, []), texts.get(target.id, []), beads)
    return AlignmentView(
        symbol=found.symbol,
        source=source.lang,
        target=target.lang,
        level=level,
        method=stored.method,
        computed_at=stored.computed_at,
        rows=[
            AlignmentRow(source=[i + 1 for i in b.source], target=[j + 1 for j in b.target]) for b in beads
        ],
    )


def alignment_tsv(view: AlignmentView) -> str:
    return rules.alignment_tsv(
        [rules.Bead(tuple(i - 1 for i in row.source), tuple(j - 1 for j in row.target)) for row in view.rows]
    )


def side_by_side(session: Session, ref: str, langs: Sequence[str], *, actor: Actor | None) -> SideBySide:
    """Two or three current versions in aligned rows: the first language's alignment with each
    other decides the rows; a paragraph of a third version goes in the row of the first
    paragraph it is aligned with (or, unmatched, in the row of the paragraph before it)."""
    found = _visible_document(session, ref, actor)
    if not 2 <= len(langs) <= MAX_SIDE_BY_SIDE or len(set(langs)) != len(langs):
        raise InvalidInput("langs: choose two or three different languages", field="langs")
    chosen = [_version_in(session, found, tag) for tag in langs]
    if len({v.id for v in chosen}) != len(chosen):
        raise InvalidInput("langs: choose two or three different languages", field="langs")
    texts = paragraphs_of(session, [v.id for v in chosen])
    pivot, second, *rest = chosen
    beads = _beads(session, found, pivot, second)
    rows_of_pivot: dict[int, int] = {}
    grid: list[list[list[int]]] = []
    for row, bead in enumerate(beads):
        for i in bead.source:
            rows_of_pivot[i] = row
        grid.append([list(bead.source), list(bead.target)])
    for other in rest:
        for cells in grid:
            cells.append([])
        previous = 0
        for bead in _beads(session, found, pivot, other):
            at = min((rows_of_pivot[i] for i in bead.source), default=previous)
            grid[at][-1].extend(bead.target)
            previous = at
    return SideBySide(
        symbol=found.symbol,
        langs=[v.lang for v in chosen],
        rows=[
            _partnered(
                [
                    Cell(
                        lang=version.lang, paragraphs=[_paragraph(i + 1, texts[version.id][i]) for i in cell]
                    )
                    for version, cell in zip(chosen, row, strict=True)
                ]
            )
            for row in grid
        ],
    )


def _partnered(cells: list[Cell]) -> list[Cell]:
    """The cells of a row with each sentence's partners among the first cell's sentences."""
    pivot = [sentence for p in cells[0].paragraphs for sentence in p.sentences]
    for index, cell in enumerate(cells):
        sentences = [sentence for p in cell.paragraphs for sentence in p.sentences]
        own, other = rules.sentence_partners(pivot, sentences)
        flat = iter(own if index == 0 else other)
        cell.partners = [[[i + 1 for i in next(flat)] for _ in p.sentences] for p in cell.paragraphs]
    return cells


def akoma_ntoso(session: Session, ref: str, tag: str, *, actor: Actor | None, now: datetime) -> bytes:
    """The Akoma Ntoso 3.0 XML of the current version in `tag` (one expression of the work)."""
    found = _visible_document(session, ref, actor)
    chosen = _version_in(session, found, tag)
    versions = current_versions(session, found.id)
    original = next((v for v in versions if v.status is rules.VersionStatus.ORIGINAL), versions[0])
    organisation = snapshot.current(session).document["organisation"]
    work = akn.Work(
        organisation=organisation["id"],
        organisation_name=organisation.get("abbreviation", {}).get("en", organisation["id"]),
        symbol=found.symbol,
        kind=found.kind,
        day=found.day or found.created_at.date(),
        original=original.lang,
        title=original.title,
    )
    texts = paragraphs_of(session, [chosen.id]).get(chosen.id, [])
    shown = akn.Expression(chosen.lang, chosen.title, chosen.status, chosen.certified_at is not None, texts)
    return akn.expression(work, shown, generated=now)


def markdown(session: Session, ref: str, langs: Sequence[str], *, actor: Actor | None, lang: str) -> str:
    """Two or three current versions side by side as Markdown, in the rows of `side_by_side`:
    titled in the reader's language where a version is in it, columns named in it."""
    side = side_by_side(session, ref, langs, actor=actor)
    found = _visible_document(session, ref, actor)
    titled = _titled(current_versions(session, found.id), lang)
    return documents_markdown.side_by_side(
        titled.title if titled else found.symbol,
        found.symbol,
        [language_name_in(tag, lang) for tag in side.langs],
        [[[(p.number, p.text) for p in cell.paragraphs] for cell in row] for row in side.rows],
    )


class AlignedParagraph(BaseModel):
    """A paragraph of another language version, as the stored alignment pairs it."""

    lang: str
    number: int
    text: str


Pairing = Mapping[int, tuple[int, ...]]


@functools.lru_cache(maxsize=1024)
def _pairings(stored_beads: str) -> tuple[Pairing, Pairing]:
    """A stored alignment's beads as two look-ups of 1-based paragraph numbers, source → target
    and target → source. Cached by the stored text (an alignment recomputed is another text):
    a search shows the partners of ten hits, and parsing every bead of their documents' long
    alignments was half of its time. Read-only: shared by every caller."""
    forward: dict[int, tuple[int, ...]] = {}
    backward: dict[int, tuple[int, ...]] = {}
    for bead in rules.beads_from_lists(json.loads(stored_beads)):
        if bead.source and bead.target:
            for i in bead.source:
                forward[i + 1] = forward.get(i + 1, ()) + tuple(j + 1 for j in bead.target)
            for j in bead.target:
                backward[j + 1] = backward.get(j + 1, ()) + tuple(i + 1 for i in bead.source)
    return MappingProxyType(forward), MappingProxyType(backward)


def aligned_paragraphs(
    session: Session, wanted: Mapping[int, Collection[int]]
) -> dict[tuple[int, int], list[AlignedParagraph]]:
    """For paragraphs of current versions (version id → 1-based numbers), the paragraphs of
    each document's other current versions that the stored alignments pair them with, in the
    versions' order: (version id, number) → partners. Three queries however many paragraphs;
    the caller has checked that the reader may see the documents."""
    if not wanted:
        return {}
    ids = list(wanted)
    partners: dict[tuple[int, int], dict[int, list[int]]] = {}
    # Through the documents (indexed), not the versions' columns (which are not).
    documents = select(DocumentVersion.document_id).where(DocumentVersion.id.in_(ids))
    # Columns, not entities: a search asks this on every request, and loading objects into the
    # session cost more than the queries.
    for source_id, target_id, beads in session.execute(
        select(DocumentAlignment.source_id, DocumentAlignment.target_id, DocumentAlignment.beads).where(
            DocumentAlignment.document_id.in_(documents),
            or_(DocumentAlignment.source_id.in_(ids), DocumentAlignment.target_id.in_(ids)),
            DocumentAlignment.level == rules.AlignmentLevel.PARAGRAPH,
        )
    ):
        forward, backward = _pairings(beads)
        for version_id, other, pairing in (
            (source_id, target_id, forward),
            (target_id, source_id, backward),
        ):
            for number in wanted.get(version_id, ()):
                paired = pairing.get(number)
                if paired:
                    partners.setdefault((version_id, number), {}).setdefault(other, []).extend(paired)
    needed = {(other, j) for found in partners.values() for other, js in found.items() for j in js}
    if not needed:
        return {}
    others = sorted({other for other, _ in needed})
    versions = {
        version_id: (lang, number)
        for version_id, lang, number in session.execute(
            select(DocumentVersion.id, DocumentVersion.lang, DocumentVersion.number).where(
                DocumentVersion.id.in_(others)
            )
        )
    }
    # Two plain IN lists, not a row-value IN: SQLite scans the whole table for the latter, and
    # these two keep to the (version_id, number) unique index on every backend.
    texts = {
        (version_id, number): text
        for version_id, number, text in session.execute(
            select(DocumentParagraph.version_id, DocumentParagraph.number, DocumentParagraph.text).where(
                DocumentParagraph.version_id.in_(others),
                DocumentParagraph.number.in_(sorted({number for _, number in needed})),
            )
        )
        if (version_id, number) in needed
    }
    return {
        key: [
            AlignedParagraph(lang=versions[other][0], number=j, text=texts[(other, j)])
            for other in sorted(found, key=lambda other: versions[other][1])
            for j in found[other]
        ]
        for key, found in partners.items()
    }
