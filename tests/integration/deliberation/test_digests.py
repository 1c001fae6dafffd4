"""The documents deliberation's digesters read (as columns, participants decoded once per
distinct value) are the ones the rows' objects give: entries already in the trail, whose digests
were taken from the objects, keep verifying."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from cica.audit import content
from cica.core.context import Context
from cica.deliberation.models import Decision, DecisionRemark, DecisionText, DraftRevision, RevisionText
from tests.integration.audit.test_bulk_digests import named_objects


def _texts(rows: Any) -> list[dict[str, Any]]:
    return [{"lang": t.lang, "original": t.original, "title": t.title, "body": t.body} for t in rows]


def decision_from_objects(session: Any, row: Decision) -> dict[str, Any]:
    texts = session.scalars(
        select(DecisionText).where(DecisionText.decision_id == row.id).order_by(DecisionText.lang)
    )
    remarks = session.scalars(
        select(DecisionRemark).where(DecisionRemark.decision_id == row.id).order_by(DecisionRemark.id)
    )
    return {
        "decision": {column.key: getattr(row, column.key) for column in Decision.__table__.columns},
        "texts": _texts(texts),
        "remarks": [
            {"participant": r.participant_code, "kind": r.kind, "text": r.text, "paragraphs": r.paragraphs}
            for r in remarks
        ],
    }


def revision_from_objects(session: Any, row: DraftRevision) -> dict[str, Any]:
    texts = session.scalars(
        select(RevisionText).where(RevisionText.revision_id == row.id).order_by(RevisionText.lang)
    )
    return {
        "id": row.id,
        "draft": row.draft_id,
        "number": row.number,
        "note": row.note,
        "by": row.created_by,
        "texts": _texts(texts),
    }


def test_decision_and_revision_documents_are_those_of_the_rows_objects(cica: Context) -> None:
    named_objects(cica)  # every kind of step, a consensus adoption and a finalised silence
    with cica.unit_of_work(write=False) as session:
        decisions = list(session.scalars(select(Decision)))
        revisions = list(session.scalars(select(DraftRevision)))
        assert len(decisions) >= 2 and any(d.participants for d in decisions)
        bulk = content.BULK_DIGESTERS["decision"](session, [str(d.id) for d in decisions])
        for row in decisions:
            expected = decision_from_objects(session, row)
            assert bulk[str(row.id)] == expected
            assert content.digest_document(bulk[str(row.id)]) == content.digest_document(expected)
        bulk = content.BULK_DIGESTERS["revision"](session, [str(r.id) for r in revisions])
        for revision in revisions:
            expected = revision_from_objects(session, revision)
            assert content.digest_document(bulk[str(revision.id)]) == content.digest_document(expected)
