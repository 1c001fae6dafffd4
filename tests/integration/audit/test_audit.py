"""The audit trail on both backends: written with the change, append-only, and any tampering
by someone with database access found by `cica audit verify`."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError

from cica.access.actors import Actor
from cica.audit import queries
from cica.audit.models import AuditEntry
from cica.audit.operations import record, record_denial
from cica.core.context import Context
from cica.core.errors import PermissionDenied
from tests.conftest import RunCli

ADMIN = Actor.command_line()


def add_entries(context: Context, count: int) -> None:
    for number in range(count):
        with context.unit_of_work() as session:
            record(
                session,
                actor=ADMIN,
                action="test.write",
                objects=[f"thing:{number}"],
                summary=f"wrote {number}",
            )


def verdict(context: Context) -> queries.VerifyResult:
    with context.unit_of_work(write=False) as session:
        return queries.verify(session, actor=ADMIN)


@contextmanager
def as_attacker(context: Context) -> Iterator[Connection]:
    """A connection on which the append-only triggers do not fire, as for someone with the
    database's owner or superuser rights."""
    with context.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER audit_entry_no_update")
            connection.exec_driver_sql("DROP TRIGGER audit_entry_no_delete")
        else:
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        yield connection


def test_the_charter_load_is_the_first_entry_and_the_chain_verifies(cica: Context) -> None:
    result = verdict(cica)
    assert result.ok
    assert result.message == f"OK 1 entries, head {result.head_hash}"
    with cica.unit_of_work(write=False) as session:
        first = session.scalars(select(AuditEntry)).one()
    assert (first.seq, first.action, first.actor_email, first.role) == (1, "charter.load", "system", "system")


def test_an_entry_rolls_back_with_the_change_it_records(cica: Context) -> None:
    with pytest.raises(RuntimeError), cica.unit_of_work() as session:
        record(session, actor=ADMIN, action="test.write", objects=[], summary="never")
        raise RuntimeError("the operation failed after recording")
    add_entries(cica, 1)
    assert verdict(cica).message == f"OK 2 entries, head {verdict(cica).head_hash}"


def test_a_denial_is_recorded_in_a_unit_of_its_own(cica: Context) -> None:
    delegate = Actor(5, "d@ind.example", "delegate", "IND")
    record_denial(
        cica, PermissionDenied("no", actor=delegate, action="delegation.update", objects=["participant:PAK"])
    )
    with cica.unit_of_work(write=False) as session:
        last = queries.entries(session, queries.AuditFilter(outcome="denied"), actor=ADMIN).items
    assert [(e.action, e.actor_email, e.delegation, e.objects) for e in last] == [
        ("delegation.update", "d@ind.example", "IND", ["participant:PAK"])
    ]
    # Anonymous refusals are not written: nobody could be held to them.
    record_denial(cica, PermissionDenied("no", actor=None, action="request.csrf"))
    assert verdict(cica).count == 2


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_entry SET summary = 'rewritten'", "DELETE FROM audit_entry"]
)
def test_the_database_refuses_to_change_or_delete_an_entry(cica: Context, statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"), cica.engine.begin() as connection:
        connection.execute(text(statement))
    assert verdict(cica).ok


def test_the_trail_cannot_be_emptied(cica: Context) -> None:
    # SQLite has no TRUNCATE; its DELETE without WHERE is refused like any DELETE.
    statement = (
        "TRUNCATE audit_entry" if cica.engine.dialect.name == "postgresql" else "DELETE FROM audit_entry"
    )
    with pytest.raises(DBAPIError, match="append-only"), cica.engine.begin() as connection:
        connection.execute(text(statement))
    assert verdict(cica).ok


def test_concurrent_writers_leave_no_gap(cica: Context) -> None:
    errors: list[BaseException] = []

    def write() -> None:
        try:
            add_entries(cica, 10)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert verdict(cica).message == f"OK 41 entries, head {verdict(cica).head_hash}"


# --- Tampering ------------------------------------------------------------------------------


def _flip(value: str, at: int | None = None) -> str:
    index = len(value) // 2 if at is None else at
    replacement = "0" if value[index] != "0" else "1"
    return value[:index] + replacement + value[index + 1 :]


def _raw(connection: Connection, column: str, seq: int) -> Any:
    return connection.execute(
        text(f"SELECT {column} FROM audit_entry WHERE seq = :seq"), {"seq": seq}
    ).scalar()


def _set(connection: Connection, column: str, seq: int, value: Any, cast: str = "") -> None:
    placeholder = f"CAST(:value AS {cast})" if cast else ":value"
    connection.execute(
        text(f"UPDATE audit_entry SET {column} = {placeholder} WHERE seq = :seq"),
        {"value": value, "seq": seq},
    )


def change_one_byte(connection: Connection, column: str, seq: int) -> None:
    """Changes one character of one stored value, keeping it valid for the column's type."""
    postgres = connection.dialect.name == "postgresql"
    value = _raw(connection, column, seq)
    if column == "at":
        if postgres:
            _set(connection, column, seq, value + timedelta(seconds=1))
        else:
            _set(connection, column, seq, _flip(value, value.index(":") + 4))  # a digit of the minutes
    elif column == "objects":
        document = json.dumps(value) if postgres else value
        _set(connection, column, seq, document.replace("thing", "thinG"), "json" if postgres else "")
    elif column == "actor_user_id":
        _set(connection, column, seq, 1 if value is None else value + 1)
    elif column == "outcome":
        _set(connection, column, seq, "denied" if value == "ok" else "ok")  # the CHECK allows nothing else
    elif column == "delegation":
        _set(connection, column, seq, "IND" if value is None else _flip(value))
    else:
        _set(connection, column, seq, _flip(value))


COLUMNS = [
    "at",
    "actor_user_id",
    "actor_email",
    "role",
    "delegation",
    "action",
    "objects",
    "summary",
    "outcome",
    "prev_hash",
    "hash",
]


@pytest.mark.parametrize("column", COLUMNS)
def test_changing_one_byte_of_an_entry_is_found(cica: Context, run_cli: RunCli, column: str) -> None:
    add_entries(cica, 5)
    with as_attacker(cica) as connection:
        change_one_byte(connection, column, 3)
    result = run_cli("audit", "verify")
    assert result.exit_code == 1
    assert result.stdout.startswith("BROKEN entry 3:")


@pytest.mark.parametrize("seq", [1, 3, 6])
def test_deleting_an_entry_is_found(cica: Context, run_cli: RunCli, seq: int) -> None:
    add_entries(cica, 5)
    with as_attacker(cica) as connection:
        connection.execute(text("DELETE FROM audit_entry WHERE seq = :seq"), {"seq": seq})
    result = run_cli("audit", "verify")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"BROKEN entry {seq}: missing")


def test_inserting_an_entry_is_found(cica: Context, run_cli: RunCli) -> None:
    """A copy of the last entry, numbered and linked after it: its hash and the head disagree."""
    add_entries(cica, 3)
    with as_attacker(cica) as connection:
        connection.execute(
            text(
                "INSERT INTO audit_entry (seq, at, actor_user_id, actor_email, role, delegation, action, "
                "objects, summary, outcome, prev_hash, hash) SELECT seq + 1, at, actor_user_id, actor_email, "
                "role, delegation, action, objects, 'slipped in', outcome, hash, :forged FROM audit_entry "
                "WHERE seq = 4"
            ),
            {"forged": "ab" * 32},
        )
    result = run_cli("audit", "verify")
    assert result.exit_code == 1
    assert result.stdout.startswith("BROKEN entry 5:")


def test_renumbering_entries_is_found(cica: Context, run_cli: RunCli) -> None:
    add_entries(cica, 4)
    with as_attacker(cica) as connection:
        connection.execute(text("UPDATE audit_entry SET seq = 100 WHERE seq = 2"))
        connection.execute(text("UPDATE audit_entry SET seq = 2 WHERE seq = 3"))
        connection.execute(text("UPDATE audit_entry SET seq = 3 WHERE seq = 100"))
    result = run_cli("audit", "verify")
    assert result.exit_code == 1
    assert result.stdout.startswith("BROKEN entry 2:")


def test_an_untouched_trail_verifies_at_the_command_line(cica: Context, run_cli: RunCli) -> None:
    add_entries(cica, 2)
    result = run_cli("audit", "verify")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"OK 3 entries, head {verdict(cica).head_hash}"


# --- Export ---------------------------------------------------------------------------------


def test_export_as_json_lines_carries_the_hashes(cica: Context, run_cli: RunCli) -> None:
    add_entries(cica, 2)
    result = run_cli("audit", "export", "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["seq"] for line in lines] == [1, 2, 3]
    assert lines[1]["prev_hash"] == lines[0]["hash"]
    assert lines[2]["objects"] == ["thing:1"]


def test_export_as_csv_filters_by_day_and_action(cica: Context, run_cli: RunCli) -> None:
    add_entries(cica, 2)
    result = run_cli("audit", "export", "--format", "csv", "--action", "test.", "--since", "2000-01-01")
    rows = result.stdout.splitlines()
    assert rows[0].startswith("seq,at,actor_user_id,actor_email")
    assert len(rows) == 3
    assert run_cli("audit", "export", "--format", "csv", "--since", "2999-01-01").stdout.count("\n") == 1
