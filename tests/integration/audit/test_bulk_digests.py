"""The bulk digesters read the same documents as the single ones, so an entry written in a batch
(silence procedures finalised at their deadline) still verifies when `verify` recomputes it
object by object."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from cica.audit import content
from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.deliberation import scheduler
from cica.deliberation.models import DraftRevision
from cica.deliberation.operations.silence import BATCH
from tests.factories import make_every_event, make_silence
from tests.integration.audit.test_audit import verdict

# Identifiers without a row, or not well-formed: they must be absent alike in both forms.
MISSING = ["999999", "0", "x", "07"]


def named_objects(context: Context) -> list[str]:
    """Every object the trail names after the demo, every kind of step and a finalised silence."""
    made = make_every_event(context)
    with context.unit_of_work() as session:
        procedure = make_silence(session, started=datetime.now(UTC), title="Report adopted at its deadline")
        assert procedure.deadline is not None
        deadline = procedure.deadline
    assert scheduler.tick(context, now=deadline + timedelta(seconds=1), batch=BATCH)
    with context.unit_of_work() as session:
        references = {
            reference for entry in session.scalars(select(AuditEntry)) for reference in entry.objects
        }
    references.update(f"{kind}:{identifier}" for kind in content.BULK_DIGESTERS for identifier in MISSING)
    references.add(f"procedure:{made['broken']}")
    return sorted(references)


@pytest.mark.parametrize("kind", ["decision", "draft", "procedure", "revision"])
def test_the_bulk_form_reads_what_the_single_form_reads(cica: Context, kind: str) -> None:
    references = [reference for reference in named_objects(cica) if reference.startswith(f"{kind}:")]
    identifiers = [reference.partition(":")[2] for reference in references]
    assert len(identifiers) > len(MISSING)
    with cica.unit_of_work() as session:
        bulk = content.BULK_DIGESTERS[kind](session, identifiers)
        single = {identifier: content.DIGESTERS[kind](session, identifier) for identifier in identifiers}
        assert any(document is not None for document in single.values())
        for identifier in identifiers:
            assert content.digest_document(bulk.get(identifier)) == content.digest_document(
                single[identifier]
            )


def test_prefetched_digests_equal_the_digests_read_one_by_one(cica: Context) -> None:
    references = named_objects(cica)
    with cica.unit_of_work() as session:
        one_by_one = content.digests(session, references)
        with content.prefetched(session, references):
            assert content.digests(session, references) == one_by_one
        assert content.digests(session, references) == one_by_one


def test_entries_written_in_a_batch_verify_object_by_object(cica: Context) -> None:
    named_objects(cica)
    result = verdict(cica)
    assert result.ok, result.problems
    assert not result.problems


def test_a_document_read_ahead_is_served_once_and_only_within_the_block(cica: Context) -> None:
    make_every_event(cica)
    reference = "draft:1"
    with cica.unit_of_work() as session:
        with content.prefetched(session, [reference]):
            before = content.digests(session, [reference])
            # Changed after the read-ahead (the trail would not allow it, a later write might):
            # the next entry must see the change, not the document read before it.
            revision = session.scalars(select(DraftRevision).where(DraftRevision.draft_id == 1)).first()
            assert revision is not None
            revision.note = "forged"
            after = content.digests(session, [reference])
        assert before != after
        assert content.digests(session, [reference]) == after
        session.rollback()
