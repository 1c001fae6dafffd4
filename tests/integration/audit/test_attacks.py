"""The audit trail against someone who controls the database but not the key files: each attack
of issue 10 §5, on SQLite and PostgreSQL, found and named by `cica audit verify` (with a signed
checkpoint where the attack is a truncation or a rollback).

The attacker drops the triggers, does the deed and, to leave no trace, puts them back: so each
test shows the attack is caught by what it targets, not merely by the missing triggers.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from cica.audit import chain, triggers
from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.deliberation import operations
from tests.conftest import RunCli
from tests.factories import CHAIR, delegate, make_draft
from tests.integration.audit.test_audit import add_entries

CHN, JPN = delegate("CHN"), delegate("JPN", "observer_delegate")


def drop_triggers(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    for guard in triggers.guards(connection.dialect.name):
        connection.execute(text(f"DROP TRIGGER {guard.name}" + (f" ON {guard.table}" if postgres else "")))


@contextmanager
def tampering(context: Context) -> Iterator[Connection]:
    """A connection with the append-only triggers dropped, which puts them back afterwards."""
    with context.engine.begin() as connection:
        drop_triggers(connection)
        yield connection
        triggers.restore(connection)
        assert triggers.faults(connection) == {}


def adopt_with_reservation(context: Context) -> int:
    """A declaration adopted by consensus with China's reservation and Japan's statement."""
    with context.unit_of_work() as session:
        draft_id = make_draft(session, organ="ministerial_council").id
        procedure_id = operations.open_consensus(session, draft_id, actor=CHAIR).id
        operations.record_position(
            session, procedure_id, stance="reservation", text="On paragraph 3", paragraphs=[3], actor=CHN
        )
        operations.record_position(session, procedure_id, stance="statement", text="We welcome it", actor=JPN)
        decision = operations.close_consensus(session, procedure_id, actor=CHAIR).decision
        assert decision is not None
        return decision.id


def last_entry_naming(context: Context, reference: str) -> int:
    with context.unit_of_work(write=False) as session:
        entries = session.query(AuditEntry).order_by(AuditEntry.seq.desc()).all()
    return next(entry.seq for entry in entries if reference in entry.objects)


def verify(run_cli: RunCli, *checkpoints: Path) -> tuple[int, list[str]]:
    arguments = [item for path in checkpoints for item in ("--checkpoint", str(path))]
    result = run_cli("audit", "verify", *arguments)
    return result.exit_code, result.stdout.splitlines()


def checkpoint(run_cli: RunCli, path: Path) -> dict[str, object]:
    result = run_cli("audit", "checkpoint", "--output", str(path))
    assert result.exit_code == 0, result.stdout
    receipt: dict[str, object] = json.loads(path.read_text())
    return receipt


def test_an_untouched_trail_verifies_with_its_checkpoint(
    cica: Context, run_cli: RunCli, tmp_path: Path
) -> None:
    adopt_with_reservation(cica)
    receipt = checkpoint(run_cli, tmp_path / "receipt.json")
    add_entries(cica, 2)
    code, lines = verify(run_cli, tmp_path / "receipt.json")
    assert code == 0 and len(lines) == 1
    assert lines[0].startswith(f"OK {int(str(receipt['count'])) + 2} entries, head ")


# --- 1. Delete the last entry and update the head -------------------------------------------


def test_deleting_the_last_entry_and_moving_the_head_back_is_caught_by_the_checkpoint(
    cica: Context, run_cli: RunCli, tmp_path: Path
) -> None:
    add_entries(cica, 4)
    receipt = checkpoint(run_cli, tmp_path / "receipt.json")
    count = int(str(receipt["count"]))
    with tampering(cica) as connection:
        connection.execute(text("DELETE FROM audit_entry WHERE seq = :seq"), {"seq": count})
        connection.execute(
            text("UPDATE audit_head SET seq = :seq, hash = (SELECT hash FROM audit_entry WHERE seq = :seq)"),
            {"seq": count - 1},
        )
    code, lines = verify(run_cli, tmp_path / "receipt.json")
    assert code == 1
    assert lines == [
        f"BROKEN checkpoint {tmp_path / 'receipt.json'}: the trail has {count - 1} entries, but had {count} "
        f"on {receipt['at']} (truncated, or restored from an older backup)"
    ]


# --- 2. Rewrite entry 10 and recompute every later hash --------------------------------------


def _rehash_from(connection: Connection, first: int, *, keyed_from: int | None = None) -> None:
    """Recomputes every hash from entry `first` on, as an attacker can: without the chain key."""
    rows = connection.execute(
        text(
            "SELECT seq, at, actor_user_id, actor_email, role, delegation, action, objects, summary, "
            "outcome, content, prev_hash, hash FROM audit_entry ORDER BY seq"
        )
    ).mappings()
    entries = [chain.from_row(dict(row)) for row in rows]
    previous = chain.GENESIS
    for entry in entries:
        assert isinstance(entry, chain.StoredEntry)
        if entry.fields.seq >= first:
            fields = entry.fields
            if keyed_from is not None:  # pass every entry off as one from before the key
                fields = chain.EntryFields(**{**fields.__dict__, "content": None})
            sealed = chain.seal(fields, previous)
            connection.execute(
                text(
                    "UPDATE audit_entry SET prev_hash = :prev, hash = :hash, content = NULL WHERE seq = :seq"
                )
                if keyed_from is not None
                else text("UPDATE audit_entry SET prev_hash = :prev, hash = :hash WHERE seq = :seq"),
                {"prev": previous, "hash": sealed.hash, "seq": fields.seq},
            )
            previous = sealed.hash
        else:
            previous = entry.hash
    values = {"seq": len(entries), "hash": previous}
    connection.execute(text("UPDATE audit_head SET seq = :seq, hash = :hash"), values)
    if keyed_from is not None:
        connection.execute(text("UPDATE audit_head SET keyed_from = :first"), {"first": keyed_from})


def test_rewriting_entry_10_and_recomputing_every_later_hash_is_found_at_entry_10(
    cica: Context, run_cli: RunCli
) -> None:
    add_entries(cica, 14)
    with tampering(cica) as connection:
        connection.execute(text("UPDATE audit_entry SET summary = 'nothing happened' WHERE seq = 10"))
        _rehash_from(connection, 10)
    code, lines = verify(run_cli)
    assert code == 1
    assert lines == [
        "BROKEN entry 10: its content does not match its hash (edited, or hashed without the chain key)"
    ]


def test_passing_the_whole_trail_off_as_unkeyed_is_found(cica: Context, run_cli: RunCli) -> None:
    """The attacker cannot make HMACs, so rewrites everything as the plain SHA-256 of entries
    from before the key, and says in the head that the key was never used: the key file knows."""
    add_entries(cica, 5)
    with tampering(cica) as connection:
        connection.execute(text("UPDATE audit_entry SET summary = 'nothing happened' WHERE seq = 3"))
        _rehash_from(connection, 1, keyed_from=1_000_000)
    code, lines = verify(run_cli)
    assert code == 1
    assert lines == [
        "BROKEN entry 1: lacks the content digests every keyed entry carries (altered)",
        "BROKEN the chain's head says keyed entries start at entry 1000000, the chain key at entry 1 "
        "(altered, restored from an older backup, or another trail's key)",
    ]


# --- 3 and 4. Forge a decision's title, a reservation's text, outside the audit table --------


@pytest.mark.parametrize(
    "forgery",
    [
        "UPDATE decision SET title = 'Forged title' WHERE id = :id",
        "UPDATE decision_text SET title = 'Forged title' WHERE decision_id = :id",
        "UPDATE decision_text SET body = 'Forged body' WHERE decision_id = :id",
    ],
    ids=["decision-title", "text-title", "text-body"],
)
def test_forging_a_decisions_text_is_found_and_named(cica: Context, run_cli: RunCli, forgery: str) -> None:
    decision_id = adopt_with_reservation(cica)
    seq = last_entry_naming(cica, f"decision:{decision_id}")
    assert verify(run_cli)[0] == 0
    with tampering(cica) as connection:
        connection.execute(text(forgery), {"id": decision_id})
    code, lines = verify(run_cli)
    assert code == 1
    assert lines == [
        f"BROKEN decision:{decision_id} (recorded by entry {seq}): its row no longer matches what was recorded"
    ]


@pytest.mark.parametrize(
    "forgery",
    [
        "UPDATE decision_remark SET text = 'No reservation' WHERE decision_id = :id AND kind = 'reservation'",
        "DELETE FROM decision_remark WHERE decision_id = :id AND kind = 'reservation'",
        "UPDATE decision_remark SET text = 'We object' WHERE decision_id = :id AND kind = 'statement'",
    ],
    ids=["reservation-text", "reservation-deleted", "statement-text"],
)
def test_forging_a_reservation_or_statement_is_found_and_named(
    cica: Context, run_cli: RunCli, forgery: str
) -> None:
    decision_id = adopt_with_reservation(cica)
    seq = last_entry_naming(cica, f"decision:{decision_id}")
    with tampering(cica) as connection:
        connection.execute(text(forgery), {"id": decision_id})
    code, lines = verify(run_cli)
    assert code == 1
    assert lines == [
        f"BROKEN decision:{decision_id} (recorded by entry {seq}): its row no longer matches what was recorded"
    ]


def test_forging_a_position_a_revision_or_a_delegations_details_is_found(
    cica: Context, run_cli: RunCli
) -> None:
    decision_id = adopt_with_reservation(cica)
    with cica.unit_of_work() as session:
        procedure_id = session.execute(
            text("SELECT procedure_id FROM decision WHERE id = :id"), {"id": decision_id}
        ).scalar_one()
        draft_id = session.execute(
            text("SELECT draft_id FROM decision WHERE id = :id"), {"id": decision_id}
        ).scalar()
    run_cli("delegations", "set", "IND", "--address", "1 Mission Road")
    seqs = {
        reference: last_entry_naming(cica, reference)
        for reference in (f"procedure:{procedure_id}", f"draft:{draft_id}", "participant:IND")
    }
    with tampering(cica) as connection:
        connection.execute(
            text("UPDATE position SET text = 'Nothing' WHERE procedure_id = :id"), {"id": procedure_id}
        )
        connection.execute(text("UPDATE revision_text SET body = 'Rewritten'"))
        connection.execute(
            text("UPDATE delegation_profile SET address = 'Elsewhere' WHERE participant_code = 'IND'")
        )
    code, lines = verify(run_cli)
    assert code == 1
    assert sorted(lines) == sorted(
        f"BROKEN {reference} (recorded by entry {seq}): its row no longer matches what was recorded"
        for reference, seq in seqs.items()
    )


# --- 5. Restore an older backup: later decisions vanish --------------------------------------


def _backup(context: Context, folder: Path) -> Callable[[], None]:
    """A real backup of the database now (SQLite's backup API, pg_dump); returns its restore."""
    url = make_url(context.settings.database_url)
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        copy = folder / "backup.db"
        with sqlite3.connect(url.database) as source, sqlite3.connect(copy) as target:
            source.backup(target)

        def restore_file() -> None:
            context.engine.dispose()
            shutil.copyfile(copy, str(url.database))

        return restore_file
    schema = str(url.query["options"]).removeprefix("-csearch_path=")
    plain = url.set(drivername="postgresql").difference_update_query(["options"]).render_as_string(False)
    dump = subprocess.run(
        ["pg_dump", "--schema", schema, "--no-owner", plain], check=True, capture_output=True, text=True
    ).stdout

    def restore_dump() -> None:
        context.engine.dispose()
        with context.engine.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        subprocess.run(["psql", "--quiet", "--set", "ON_ERROR_STOP=1", plain], input=dump, check=True, text=True,
                       capture_output=True)  # fmt: skip
        context.engine.dispose()

    return restore_dump


@pytest.mark.parametrize("then_writes", [0, 10], ids=["as-restored", "written-on-past-the-receipt"])
def test_restoring_an_older_backup_is_caught_by_the_checkpoint(
    cica: Context, run_cli: RunCli, tmp_path: Path, then_writes: int
) -> None:
    adopt_with_reservation(cica)
    restore = _backup(cica, tmp_path)
    later = adopt_with_reservation(cica)  # the decision that will vanish
    receipt = checkpoint(run_cli, tmp_path / "receipt.json")
    count = int(str(receipt["count"]))
    restore()
    with cica.unit_of_work(write=False) as session:
        assert (
            session.execute(text("SELECT COUNT(*) FROM decision WHERE id = :id"), {"id": later}).scalar() == 0
        )
    add_entries(cica, then_writes)
    assert verify(run_cli)[0] == 0  # a consistent older trail: only the receipt can tell
    code, lines = verify(run_cli, tmp_path / "receipt.json")
    assert code == 1
    name = tmp_path / "receipt.json"
    if then_writes == 0:
        assert lines == [
            f"BROKEN checkpoint {name}: the trail has {entry_count(cica)} entries, but had "
            f"{count} on {receipt['at']} (truncated, or restored from an older backup)"
        ]
    else:
        assert entry_count(cica) > count
        assert lines == [
            f"BROKEN checkpoint {name}: entry {count} is not the one signed on {receipt['at']} "
            "(rewritten, or the trail was restored from another backup)"
        ]


def entry_count(context: Context) -> int:
    with context.unit_of_work(write=False) as session:
        return int(session.execute(text("SELECT COUNT(*) FROM audit_entry")).scalar_one())


# --- 6. Drop the triggers ---------------------------------------------------------------------


def test_dropped_triggers_are_found_and_init_restores_and_records_them(
    cica: Context, run_cli: RunCli
) -> None:
    with cica.engine.begin() as connection:
        drop_triggers(connection)
    code, lines = verify(run_cli)
    assert code == 1
    names = [guard.name for guard in triggers.guards(cica.engine.dialect.name)]
    assert lines == [f"BROKEN trigger {name}: missing (run `cica init` to restore it)" for name in names]
    before = entry_count(cica)
    restored = run_cli("init")
    assert restored.exit_code == 0
    assert all(f"restored the audit trigger {name} (missing)" in restored.stdout for name in names)
    assert verify(run_cli)[0] == 0
    with cica.unit_of_work(write=False) as session:
        # `cica init` goes on to load the historical meetings (their entries come after): the
        # restore is the first entry of this init.
        first_of_init = (
            session.query(AuditEntry).filter(AuditEntry.seq > before).order_by(AuditEntry.seq).first()
        )
        last = first_of_init
    assert last is not None and last.action == "audit.triggers.restore"
    assert last.objects == sorted(f"trigger:{name}" for name in names)
    with pytest.raises(Exception, match="append-only"), cica.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entry"))


def test_a_trigger_disabled_or_redefined_to_do_nothing_is_found(cica: Context, run_cli: RunCli) -> None:
    with cica.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change"))
            connection.execute(
                text(
                    "CREATE OR REPLACE FUNCTION decision_immutable() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RETURN NEW; END $$"
                )
            )
            expected = {"audit_entry_no_change": "disabled"} | {
                f"{table}_immutable": "redefined" for table in triggers.REGISTER_TABLES
            }
        else:
            connection.execute(text("DROP TRIGGER audit_entry_no_update"))
            connection.execute(
                text("CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT 1; END")
            )
            expected = {"audit_entry_no_update": "redefined"}
    code, lines = verify(run_cli)
    assert code == 1
    assert sorted(lines) == sorted(
        f"BROKEN trigger {name}: {fault} (run `cica init` to restore it)" for name, fault in expected.items()
    )
    assert run_cli("init").exit_code == 0
    assert verify(run_cli)[0] == 0
