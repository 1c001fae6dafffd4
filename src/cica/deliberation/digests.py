"""What the audit trail's entries cover of deliberation: a draft's revisions and their texts, a
decision with its frozen texts, reservations and statements, and a procedure's positions and
silence breaks (`audit.content`). Only content that never changes without an entry naming it.

Each kind has one bulk form, reading many objects with a few `IN (...)` statements; the single
form is the bulk form of one object, so both give the same documents byte for byte."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Row, Text, cast, select
from sqlalchemy.orm import Session

from cica.audit.content import register, register_many
from cica.deliberation.models import (
    Decision,
    DecisionRemark,
    DecisionText,
    DraftRevision,
    Position,
    SilenceBreak,
)
from cica.deliberation.records import FrozenText, frozen_texts_by, revision_texts


def single_form(kind: str, bulk: Callable[[Session, list[str]], dict[str, Any]]) -> None:
    """Declares `kind`'s single digester as its bulk form of the one identifier."""
    register(kind)(lambda session, identifier: bulk(session, [identifier]).get(identifier))


def _numbers(identifiers: list[str]) -> set[int]:
    return {int(identifier) for identifier in identifiers if identifier.isdigit()}


def _by_identifier(identifiers: list[str], documents: dict[int, Any]) -> dict[str, Any]:
    # Keyed back by the identifiers as written ("07" and "7" name the same row).
    return {identifier: documents.get(int(identifier)) for identifier in identifiers if identifier.isdigit()}


def _documents(texts: dict[int, list[FrozenText]]) -> dict[int, list[dict[str, Any]]]:
    # Spelled out: dataclasses.asdict copies deeply, and costs more than the rest of the digest.
    return {
        number: [{"lang": t.lang, "original": t.original, "title": t.title, "body": t.body} for t in found]
        for number, found in texts.items()
    }


# What a revision's document says of it (read as columns: loading the rows as objects costs more
# than the rest of the digest).
_REVISION = select(
    DraftRevision.id,
    DraftRevision.draft_id,
    DraftRevision.number,
    DraftRevision.note,
    DraftRevision.created_by,
)


def _revisions(session: Session, revisions: Sequence[Row[int, int, int, str, str]]) -> list[dict[str, Any]]:
    texts = _documents(revision_texts(session, [revision.id for revision in revisions]))
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
    found = session.execute(_REVISION.where(DraftRevision.id.in_(numbers)).order_by(DraftRevision.id)).all()
    return _by_identifier(
        identifiers,
        {row.id: document for row, document in zip(found, _revisions(session, found), strict=True)},
    )


single_form("revision", revisions)


@register_many("draft")
def drafts(session: Session, identifiers: list[str]) -> dict[str, Any]:
    """Every revision of each draft: each new one is recorded under the draft's name."""
    numbers = _numbers(identifiers)
    found = session.execute(
        _REVISION.where(DraftRevision.draft_id.in_(numbers)).order_by(
            DraftRevision.draft_id, DraftRevision.number
        )
    ).all()
    documents: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row, document in zip(found, _revisions(session, found), strict=True):
        documents[row.draft_id].append(document)
    return _by_identifier(identifiers, documents)


single_form("draft", drafts)


# A decision's columns as its document lists them; the participants (KB of JSON, the same list
# for every decision a batch adopted in one organ on one day) are read as text and decoded once
# per distinct value.
_DECISION_COLUMNS = [column.key for column in Decision.__table__.columns]
_PARTICIPANTS = _DECISION_COLUMNS.index("participants")


@register_many("decision")
def decisions(session: Session, identifiers: list[str]) -> dict[str, Any]:
    numbers = _numbers(identifiers)
    read = [
        cast(Decision.participants, Text) if key == "participants" else getattr(Decision, key)
        for key in _DECISION_COLUMNS
    ]
    found = session.execute(select(*read).where(Decision.id.in_(numbers))).all()
    ids = [row.id for row in found]
    texts = _documents(frozen_texts_by(session, DecisionText.decision_id, ids))
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
    decoded: dict[str | None, Any] = {None: None}
    documents: dict[int, Any] = {}
    for row in found:
        values = list(row)
        raw = values[_PARTICIPANTS]
        if raw not in decoded:
            decoded[raw] = json.loads(raw)
        values[_PARTICIPANTS] = decoded[raw]
        documents[row.id] = {
            "decision": dict(zip(_DECISION_COLUMNS, values, strict=True)),
            "texts": texts[row.id],
            "remarks": remarks[row.id],
        }
    return _by_identifier(identifiers, documents)


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
