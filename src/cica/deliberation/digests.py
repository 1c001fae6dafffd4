"""What the audit trail's entries cover of deliberation: a draft's revisions and their texts, a
decision with its frozen texts, reservations and statements, and a procedure's positions and
silence breaks (`audit.content`). Only content that never changes without an entry naming it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.audit.content import register
from cica.deliberation.models import (
    Decision,
    DecisionRemark,
    DecisionText,
    DraftRevision,
    Position,
    RevisionText,
    SilenceBreak,
)


def _number(identifier: str) -> int | None:
    return int(identifier) if identifier.isdigit() else None


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


@register("revision")
def revision(session: Session, identifier: str) -> Any:
    number = _number(identifier)
    found = session.get(DraftRevision, number) if number is not None else None
    return _revisions(session, [found])[0] if found is not None else None


@register("draft")
def draft(session: Session, identifier: str) -> Any:
    """Every revision of the draft: each new one is recorded under the draft's name."""
    number = _number(identifier)
    if number is None:
        return None
    found = list(
        session.scalars(
            select(DraftRevision).where(DraftRevision.draft_id == number).order_by(DraftRevision.number)
        )
    )
    return _revisions(session, found) or None


@register("decision")
def decision(session: Session, identifier: str) -> Any:
    number = _number(identifier)
    found = session.get(Decision, number) if number is not None else None
    if found is None:
        return None
    texts = session.scalars(
        select(DecisionText).where(DecisionText.decision_id == found.id).order_by(DecisionText.lang)
    )
    remarks = session.scalars(
        select(DecisionRemark).where(DecisionRemark.decision_id == found.id).order_by(DecisionRemark.id)
    )
    return {
        "decision": {column.key: getattr(found, column.key) for column in Decision.__table__.columns},
        "texts": [
            {"lang": text.lang, "original": text.original, "title": text.title, "body": text.body}
            for text in texts
        ],
        "remarks": [
            {
                "participant": remark.participant_code,
                "kind": remark.kind,
                "text": remark.text,
                "paragraphs": remark.paragraphs,
            }
            for remark in remarks
        ],
    }


@register("procedure")
def procedure(session: Session, identifier: str) -> Any:
    """The positions taken (reservations and statements with their texts) and a silence break."""
    number = _number(identifier)
    if number is None:
        return None
    positions = session.scalars(
        select(Position).where(Position.procedure_id == number).order_by(Position.participant_code)
    )
    broken = session.scalars(select(SilenceBreak).where(SilenceBreak.procedure_id == number)).first()
    return {
        "positions": [
            {
                "participant": position.participant_code,
                "stance": position.stance,
                "text": position.text,
                "paragraphs": position.paragraphs,
                "version": position.version,
            }
            for position in positions
        ],
        "break": None
        if broken is None
        else {"participant": broken.participant_code, "kind": broken.kind, "text": broken.text},
    }
