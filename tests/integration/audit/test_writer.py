"""The audit writer's cost and its guess of the head: one audited write adds one statement on
SQLite (the insert, whose trigger checks and moves the head) and two on PostgreSQL (move the head,
insert the entry); a batch adds as many however many entries; a stale guess (another writer, a
rolled-back transaction) is caught and the entries are sealed after the real head."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import delete, event, select, update
from sqlalchemy.exc import IntegrityError

from cica.access.actors import Actor
from cica.accounts import operations as accounts
from cica.accounts.models import DelegationProfile
from cica.audit import content, queries, triggers
from cica.audit.models import AuditEntry, AuditHead
from cica.audit.operations import Pending, record, record_many
from cica.core.context import Context
from tests.integration.audit.test_audit import add_entries, verdict

ADMIN = Actor.command_line()
SECRETARIAT = Actor(None, "head@secretariat.example", "secretariat")


@contextmanager
def statements(context: Context) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(context.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(context.engine, "before_cursor_execute", count)


def _update_profile(context: Context, address: str) -> None:
    with context.unit_of_work() as session:
        accounts.set_delegation_profile(session, "IND", {"address": address}, actor=SECRETARIAT)


def _audit_statements(context: Context) -> list[str]:
    """What an audited write sends for its entries, once this process knows the head."""
    if context.engine.dialect.name == "sqlite":
        return ["INSERT"]  # its trigger moves the head, only from where the entry follows
    return ["UPDATE", "INSERT"]


def test_an_audited_write_adds_one_statement_on_sqlite_and_two_on_postgresql(cica: Context) -> None:
    _update_profile(cica, "Street 0")  # the head is now known to this process
    with statements(cica) as seen:
        _update_profile(cica, "Street 1")
    audit = [s for s in seen if "audit" in s or "search_text" in s]
    assert [s.split()[0] for s in audit] == _audit_statements(cica), audit
    assert audit[-1].startswith("INSERT INTO audit_entry")
    assert verdict(cica).ok


def test_a_batch_of_entries_adds_as_many_statements(cica: Context) -> None:
    add_entries(cica, 1)
    with statements(cica) as seen, cica.unit_of_work() as session:
        record_many(session, [Pending(ADMIN, "test.write", [f"thing:{n}"], f"wrote {n}") for n in range(50)])
    assert [s.split()[0] for s in seen if "audit" in s] == _audit_statements(cica)
    assert verdict(cica).ok


def test_a_batch_writes_what_one_by_one_writing_writes(cica: Context) -> None:
    pending = [Pending(ADMIN, "test.write", [f"thing:{n}"], f"wrote {n}") for n in range(5)]
    with cica.unit_of_work() as session:
        singles = [
            record(session, actor=p.actor, action=p.action, objects=p.objects, summary=p.summary)
            for p in pending
        ]
        session.rollback()
    with cica.unit_of_work() as session:
        batch = record_many(session, pending)
    # Same numbers, same links, same documents; only the instants differ (the clock moved on).
    assert [e.fields.seq for e in batch] == [e.fields.seq for e in singles]
    assert batch[0].prev_hash == singles[0].prev_hash
    strip = [{**e.fields.as_document(), "at": None} for e in batch]
    assert strip == [{**e.fields.as_document(), "at": None} for e in singles]
    assert verdict(cica).ok


def test_a_stale_guess_of_the_head_is_caught(cica: Context) -> None:
    add_entries(cica, 2)
    # Another writer appends behind this process's back: the head it remembers is stale.
    with cica.unit_of_work() as session:
        head = session.get(AuditHead, 1)
        assert head is not None
        before = head.seq
    other = Context.create(cica.settings)
    try:
        add_entries(other, 3)
    finally:
        other.close()
    with statements(cica) as seen:
        add_entries(cica, 1)
    # The conditional move (SQLite: insert) found nothing, the head was read under its lock, then
    # the entry followed it.
    tried = _audit_statements(cica)
    expected = [*tried[:1], "SELECT", *tried]  # the first try, the read, then the entry as usual
    assert [s.split()[0] for s in seen if "audit" in s] == expected
    with cica.unit_of_work(write=False) as session:
        assert session.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)).all()[-4:] == [
            before + 1,
            before + 2,
            before + 3,
            before + 4,
        ]
    assert verdict(cica).ok


def test_a_rolled_back_entry_leaves_no_gap(cica: Context) -> None:
    add_entries(cica, 1)
    with cica.unit_of_work() as session:
        sealed = record(session, actor=ADMIN, action="test.write", objects=["thing:x"], summary="gone")
        session.rollback()
    add_entries(cica, 1)
    with cica.unit_of_work(write=False) as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert last.seq == sealed.fields.seq  # the number of the rolled-back entry is reused
    assert verdict(cica).ok


def test_the_trail_is_searched_by_the_folded_summary(cica: Context) -> None:
    with cica.unit_of_work() as session:
        record(session, actor=ADMIN, action="test.write", objects=["thing:1"], summary="Sécurité ÉNERGÉTIQUE")
    with cica.unit_of_work(write=False) as session:
        found = queries.entries(session, queries.AuditFilter(q="securite energetique"), actor=ADMIN)
    assert [entry.summary for entry in found.items] == ["Sécurité ÉNERGÉTIQUE"]


def test_a_digest_reads_the_row_afresh_when_what_the_session_holds_is_expired(cica: Context) -> None:
    # The digesters take a row from the session's identity map when they can (`content.row`);
    # an expired one (another unit of work changed or deleted it) is read again, as get would.
    _update_profile(cica, "Old street")
    with cica.unit_of_work(write=False) as session:
        held = session.get(DelegationProfile, "IND")
        assert held is not None
        session.commit()  # ends the read, so that the next one sees the other units' writes
        with cica.unit_of_work() as other:
            other.execute(
                update(DelegationProfile)
                .where(DelegationProfile.participant_code == "IND")
                .values(address="New street")
            )
        session.expire(held)
        changed = content.digests(session, ["participant:IND"])
        session.commit()
        with cica.unit_of_work() as other:
            other.execute(delete(DelegationProfile).where(DelegationProfile.participant_code == "IND"))
        session.expire(held)
        deleted = content.digests(session, ["participant:IND"])
    assert changed == (
        (
            "participant:IND",
            content.digest_document({"head_name": None, "contact_email": None, "address": "New street"}),
        ),
    )
    assert deleted == (("participant:IND", content.ABSENT),)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("size", [1, 2])
def test_without_its_head_trigger_entries_are_refused_and_verify_names_it(cica: Context, size: int) -> None:
    # SQLite's head is checked and moved by the insert's trigger (migration 0010i). Were the
    # trigger dropped, an entry would go in and leave the head behind: the writer sees that the
    # insert changed no head row, refuses, and the write rolls back; verify names the trigger.
    add_entries(cica, 1)
    with cica.unit_of_work(write=False) as session:
        count = len(session.scalars(select(AuditEntry.seq)).all())
    with cica.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_entry_moves_head")
    pending = [Pending(ADMIN, "test.write", [f"thing:{n}"], "wrote") for n in range(size)]
    with pytest.raises(RuntimeError, match="did not follow its entries"), cica.unit_of_work() as session:
        record_many(session, pending)
    with cica.unit_of_work(write=False) as session:
        assert len(session.scalars(select(AuditEntry.seq)).all()) == count
    assert "trigger audit_entry_moves_head: missing" in verdict(cica).message
    with cica.engine.begin() as connection:
        assert triggers.restore(connection) == {"audit_entry_moves_head": "missing"}
    with cica.unit_of_work() as session:
        record_many(session, pending)
    assert verdict(cica).ok


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_head_trigger_refuses_an_entry_that_does_not_follow_the_head(cica: Context) -> None:
    # Whoever inserts, the writer or anyone with the database: an entry numbered or linked other
    # than after the head is refused, and neither it nor a move of the head is kept.
    add_entries(cica, 2)
    with cica.unit_of_work(write=False) as session:
        head = session.get(AuditHead, 1)
        assert head is not None
        seq, last = head.seq, head.hash
    columns = "seq, at, actor_email, role, action, objects, summary, outcome, prev_hash, hash"
    values = "?, '2026-12-04 10:00:00.000000', 'x', 'secretariat', 'test.write', '[]', 's', 'ok', ?, ?"
    for number, previous in ((seq + 2, last), (seq + 1, "f" * 64)):
        with pytest.raises(IntegrityError, match=triggers.HEAD_ELSEWHERE), cica.engine.begin() as connection:
            connection.exec_driver_sql(
                f"INSERT INTO audit_entry ({columns}) VALUES ({values})", (number, previous, "e" * 64)
            )
    with cica.unit_of_work(write=False) as session:
        head = session.get(AuditHead, 1)
        assert head is not None and (head.seq, head.hash) == (seq, last)
    assert verdict(cica).ok
