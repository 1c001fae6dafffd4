"""What the audit trail's entries cover of deliberation: a draft's revisions and their texts, a
decision with its frozen texts, reservations and statements, and a procedure's positions and
silence breaks (`audit.content`). Only content that never changes without an entry naming it.

Each kind has one bulk form, reading many objects with a few `IN (...)` statements; the single
form is the bulk form of one object, so both give the same documents byte for byte."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.audit.content import register, register_many
from cica.deliberation.models import (
    Decision,
    DecisionRemark,
    DecisionText,
    DraftRevision,
    Position,
    RevisionText,
    SilenceBreak,
)


def single_form(kind: str, bulk: Callable[[Session, list[str]], dict[str, Any]]) -> None:
    """Declares `kind`'s single digester as its bulk form of the one identifier."""
    register(kind)(lambda session, identifier: bulk(session, [identifier]).get(identifier))


def _numbers(identifiers: list[str]) -> set[int]:
    return {int(identifier) for identifier in identifiers if identifier.isdigit()}


def _by_identifier(identifiers: list[str], documents: dict[int, Any]) -> dict[str, Any]:
    # Keyed back by the identifiers as written ("07" and "7" name the same row).
    return {identifier: documents.get(int(identifier)) for identifier in identifiers if identifier.isdigit()}


def _texts(session: Session, revision_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    texts: dict[int, list[dict[str, Any]]] = {number: [] for number in revision_ids}
    rows = session.scalars(
        select(RevisionText)
        .where(RevisionText.revision_id.in_(revision_ids))
        .order_by(RevisionText.revision_id, RevisionText.lang)
    )
    for text in rows:
        texts[text.revision_id].append(
            {"lang": text.lang, "original": text.original, "title": text.title, "body": text.body}
        )
    return texts


def _revisions(session: Session, revisions: list[DraftRevision]) -> list[dict[str, Any]]:
    texts = _texts(session, [revision.id for revision in revisions])
    return [
        {
            "id": revision.id,
            "draft": revision.draft_id,
            "number": revision.number,
            "note": revision.note,
            "by": revision.created_by,
            "texts": texts[revision.id],
        }
        for revision in revisions
    ]


@register_many("revision")
def revisions(session: Session, identifiers: list[str]) -> dict[str, Any]:
    numbers = _numbers(identifiers)
    found = list(
        session.scalars(select(DraftRevision).where(DraftRevision.id.in_(numbers)).order_by(DraftRevision.id))
    )
    return _by_identifier(
        identifiers,
        {row.id: document for row, document in zip(found, _revisions(session, found), strict=True)},
    )


single_form("revision", revisions)


@register_many("draft")
def drafts(session: Session, identifiers: list[str]) -> dict[str, Any]:
    """Every revision of each draft: each new one is recorded under the draft's name."""
    numbers = _numbers(identifiers)
    found = list(
        session.scalars(
            select(DraftRevision)
            .where(DraftRevision.draft_id.in_(numbers))
            .order_by(DraftRevision.draft_id, DraftRevision.number)
        )
    )
    documents: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row, document in zip(found, _revisions(session, found), strict=True):
        documents[row.draft_id].append(document)
    return _by_identifier(identifiers, documents)


single_form("draft", drafts)


@register_many("decision")
def decisions(session: Session, identifiers: list[str]) -> dict[str, Any]:
    numbers = _numbers(identifiers)
    found = list(session.scalars(select(Decision).where(Decision.id.in_(numbers))))
    ids = [row.id for row in found]
    texts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for text in session.scalars(
        select(DecisionText)
        .where(DecisionText.decision_id.in_(ids))
        .order_by(DecisionText.decision_id, DecisionText.lang)
    ):
        texts[text.decision_id].append(
            {"lang": text.lang, "original": text.original, "title": text.title, "body": text.body}
        )
    remarks: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for remark in session.scalars(
        select(DecisionRemark).where(DecisionRemark.decision_id.in_(ids)).order_by(DecisionRemark.id)
    ):
        remarks[remark.decision_id].append(
            {
                "participant": remark.participant_code,
                "kind": remark.kind,
                "text": remark.text,
                "paragraphs": remark.paragraphs,
            }
        )
    return _by_identifier(
        identifiers,
        {
            row.id: {
                "decision": {column.key: getattr(row, column.key) for column in Decision.__table__.columns},
                "texts": texts[row.id],
                "remarks": remarks[row.id],
            }
            for row in found
        },
    )


single_form("decision", decisions)


@register_many("procedure")
def procedures(session: Session, identifiers: list[str]) -> dict[str, Any]:
    """The positions taken (reservations and statements with their texts) and a silence break.
    Every well-formed number has a document, a procedure without positions included."""
    numbers = _numbers(identifiers)
    positions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for position in session.scalars(
        select(Position)
        .where(Position.procedure_id.in_(numbers))
        .order_by(Position.procedure_id, Position.participant_code)
    ):
        positions[position.procedure_id].append(
            {
                "participant": position.participant_code,
                "stance": position.stance,
                "text": position.text,
                "paragraphs": position.paragraphs,
                "version": position.version,
            }
        )
    # One break per procedure at most (a unique procedure_id).
    broken = {
        row.procedure_id: {"participant": row.participant_code, "kind": row.kind, "text": row.text}
        for row in session.scalars(select(SilenceBreak).where(SilenceBreak.procedure_id.in_(numbers)))
    }
    return _by_identifier(
        identifiers,
        {number: {"positions": positions[number], "break": broken.get(number)} for number in numbers},
    )


single_form("procedure", procedures)
