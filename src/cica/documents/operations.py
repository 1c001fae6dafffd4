"""The only code that writes documents: `verb(session, …, *, actor)`.

Each verb authorises against the permission table, applies the pure rules, writes, aligns the
document's current versions again where they changed, and records its audit entry (which stores
the document's content digest) in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import authorize
from cica.access.rules import encode_named, parse_classification
from cica.audit import operations as audit
from cica.core import clock
from cica.core.errors import Conflict, InvalidInput, NotFound
from cica.documents import changes, rules
from cica.documents.models import Document, DocumentAlignment, DocumentParagraph, DocumentVersion
from cica.documents.rules import AlignmentLevel, NewVersion, VersionStatus
from cica.meetings.models import Meeting
from cica.registry import snapshot

METHOD = "gale-church"


@dataclass(frozen=True)
class Details:
    """What a document is, apart from its texts. `symbol` None: given by the charter's pattern."""

    symbol: str | None = None
    kind: str = rules.GENERIC_KIND
    day: date | None = None
    organ: str | None = None
    meeting: int | None = None
    classification: str = "public"
    named: tuple[str, ...] = field(default=())
    original: str | None = None  # the tag of the original version; the first one otherwise


def find(session: Session, ref: str, *, for_update: bool = False) -> Document:
    """The document a reference names: its id (digits) or its symbol."""
    query = select(Document).where(
        Document.id == int(ref) if ref.isdigit() and len(ref) < 10 else Document.symbol == ref.strip()
    )
    found = session.scalar(query.with_for_update() if for_update else query)
    if found is None:
        raise NotFound(f"no document {ref!r}")
    return found


def current_versions(session: Session, document_id: int) -> list[DocumentVersion]:
    """The versions not superseded by a correction, one per language, in the order they came."""
    return list(
        session.scalars(
            select(DocumentVersion)
            .where(DocumentVersion.document_id == document_id, DocumentVersion.replaced_by_id.is_(None))
            .order_by(DocumentVersion.number)
        )
    )


def paragraphs_of(session: Session, version_ids: Iterable[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for version_id, text in session.execute(
        select(DocumentParagraph.version_id, DocumentParagraph.text)
        .where(DocumentParagraph.version_id.in_(list(version_ids)))
        .order_by(DocumentParagraph.version_id, DocumentParagraph.number)
    ):
        found.setdefault(version_id, []).append(text)
    return found


def _symbol(session: Session, details: Details, year: int) -> str:
    if details.symbol is not None:
        symbol = rules.check_symbol(details.symbol)
        if session.scalar(select(Document.id).where(Document.symbol == symbol)) is not None:
            raise Conflict(f"symbol: {symbol} is already used by another document", field="symbol")
        return symbol
    registry = snapshot.current(session)
    charter = registry.document
    abbreviation = charter["organisation"].get("abbreviation", {})
    org = abbreviation.get("en") or next(iter(abbreviation.values()), charter["organisation"]["id"])
    organ = next((o for o in registry.organs if o.id == details.organ), None)
    organ_code = (organ.abbreviation.get("en") if organ else None) or (details.organ or "GEN").upper()
    prefix = rules.symbol_prefix(
        charter["decision_rule"]["symbol_pattern"], org=org, organ=organ_code, kind=details.kind, year=year
    )
    taken = session.scalars(
        select(Document.symbol).where(Document.symbol.startswith(prefix, autoescape=True))
    )
    numbers = [int(rest) for symbol in taken if (rest := symbol[len(prefix) :]).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _check_details(session: Session, details: Details) -> tuple[str, str]:
    registry = snapshot.current(session)
    kinds = [kind["id"] for kind in registry.document.get("document_kinds", [])]
    kind = rules.check_kind(details.kind, kinds)
    if details.organ is not None and details.organ not in {o.id for o in registry.organs}:
        raise InvalidInput(f"organ: no organ {details.organ!r} in the charter", field="organ")
    if details.meeting is not None and session.get(Meeting, details.meeting) is None:
        raise InvalidInput(f"meeting: no meeting {details.meeting}", field="meeting")
    return kind, parse_classification(details.classification)


def _add_version(
    session: Session,
    document: Document,
    new: NewVersion,
    *,
    number: int,
    status: VersionStatus,
    actor: Actor,
    now: datetime,
    replaces: DocumentVersion | None = None,
) -> DocumentVersion:
    tag = rules.check_language(new.lang)
    paragraphs = rules.check_paragraphs(new.paragraphs, source=new.source or tag)
    version = DocumentVersion(
        document_id=document.id,
        number=number,
        lang=tag,
        status=status,
        title=rules.title_of(paragraphs),
        source=new.source[:255],
        replaces_id=replaces.id if replaces else None,
    )
    version.created_at, version.created_by = now, actor.email
    session.add(version)
    session.flush()
    session.add_all(
        DocumentParagraph(version_id=version.id, number=index, text=text)
        for index, text in enumerate(paragraphs, start=1)
    )
    return version


def realign(session: Session, document: Document, *, now: datetime) -> int:
    """Aligns every pair of the document's current versions, paragraph by paragraph, replacing
    what was stored; the pairs aligned."""
    session.execute(delete(DocumentAlignment).where(DocumentAlignment.document_id == document.id))
    versions = current_versions(session, document.id)
    texts = paragraphs_of(session, [version.id for version in versions])
    pairs = 0
    for index, source in enumerate(versions):
        for target in versions[index + 1 :]:
            beads = rules.align_paragraphs(texts.get(source.id, []), texts.get(target.id, []))
            session.add(
                DocumentAlignment(
                    document_id=document.id,
                    source_id=source.id,
                    target_id=target.id,
                    level=AlignmentLevel.PARAGRAPH,
                    method=METHOD,
                    beads=json.dumps(rules.beads_as_lists(beads), separators=(",", ":")),
                    computed_at=now,
                )
            )
            pairs += 1
    return pairs


def _record(session: Session, document: Document, actor: Actor, action: str, what: str) -> None:
    audit.record(
        session,
        actor=actor,
        action=action,
        objects=[f"document:{document.id}"],
        summary=f"document {document.symbol} {what}",
    )


def import_document(
    session: Session,
    versions: Sequence[NewVersion],
    *,
    details: Details,
    actor: Actor,
    now: datetime | None = None,
) -> Document:
    """A new document with its language versions (one per language), aligned. The original is
    the version `details.original` names, else the first; the others are unofficial
    translations until certified."""
    authorize(session, actor, "document.import")
    now = now or clock.now(session)
    if not versions:
        raise InvalidInput("file: nothing to import", field="file")
    kind, classification = _check_details(session, details)
    original = rules.check_language(details.original) if details.original else None
    tags = [rules.check_language(version.lang) for version in versions]
    for index, tag in enumerate(tags):
        rules.check_new_language(tags[:index], tag, source=versions[index].source or tag)
    if original is not None and original not in tags:
        raise InvalidInput(f"original: no {original} version among those imported", field="original")
    symbol = _symbol(session, Details(**{**details.__dict__, "kind": kind}), (details.day or now.date()).year)
    document = Document(symbol=symbol, kind=kind, day=details.day, classification=classification)
    document.organ_id, document.meeting_id, document.named = (
        details.organ,
        details.meeting,
        encode_named(details.named),
    )
    document.created_at, document.created_by, document.updated_at = now, actor.email, now
    session.add(document)
    session.flush()
    first = original or tags[0]
    added: list[int] = []
    for number, (version, tag) in enumerate(zip(versions, tags, strict=True), start=1):
        status = VersionStatus.ORIGINAL if tag == first else VersionStatus.UNOFFICIAL_TRANSLATION
        added.append(
            _add_version(session, document, version, number=number, status=status, actor=actor, now=now).id
        )
    realign(session, document, now=now)
    changes.changed(session, changes.VersionsChanged(document.id, added=tuple(added)))
    _record(session, document, actor, "document.import", f"imported ({', '.join(tags)})")
    return document


def _current(session: Session, document: Document, tag: str) -> DocumentVersion:
    found = next((v for v in current_versions(session, document.id) if v.lang == tag), None)
    if found is None:
        raise NotFound(f"lang: {document.symbol} has no {tag} version", field="lang")
    return found


def certify_version(
    session: Session, ref: str, lang: str, *, actor: Actor, now: datetime | None = None
) -> DocumentVersion:
    """The Secretariat certifies the current version in `lang`: from then on it is never
    changed, and a translation becomes an official one. Certifying twice is refused."""
    authorize(session, actor, "document.certify", objects=[f"document-ref:{ref}"])
    now = now or clock.now(session)
    document = find(session, ref, for_update=True)
    version = _current(session, document, rules.check_language(lang))
    rules.check_certifiable(version.certified_at is not None, symbol=document.symbol, tag=version.lang)
    version.status = rules.status_on_certifying(version.status)
    version.certified_at, version.certified_by = now, actor.email
    document.updated_at = now
    _record(
        session, document, actor, "document.certify", f"{version.lang} version {version.number} certified"
    )
    return version


def correct_version(
    session: Session,
    ref: str,
    new: NewVersion,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> DocumentVersion:
    """A correction (corrigendum) of the current version in `new.lang`: a new version of the
    same status, not yet certified; the old one is kept, marked as replaced. Realigned."""
    authorize(session, actor, "document.correct", objects=[f"document-ref:{ref}"])
    now = now or clock.now(session)
    document = find(session, ref, for_update=True)
    old = _current(session, document, rules.check_language(new.lang))
    number = (
        session.scalar(
            select(func.max(DocumentVersion.number)).where(DocumentVersion.document_id == document.id)
        )
        or 0
    ) + 1
    version = _add_version(
        session, document, new, number=number, status=old.status, actor=actor, now=now, replaces=old
    )
    old.replaced_by_id = version.id
    document.updated_at = now
    session.flush()
    realign(session, document, now=now)
    changes.changed(session, changes.VersionsChanged(document.id, added=(version.id,), retired=(old.id,)))
    _record(
        session,
        document,
        actor,
        "document.correct",
        f"{old.lang} version {old.number} corrected by version {number}",
    )
    return version
