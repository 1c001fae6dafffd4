"""The triggers that make the audit trail append-only and the decision register immutable, and
(SQLite) the one that moves the chain's head with each entry: which must exist on each backend,
whether they do (`verify`), and putting back missing ones (`init`).

The statements are those of migrations 0002, 0003 and 0010i (which stand alone and keep their copies).
A trigger counts as present only if it is there, enabled (PostgreSQL) and still refuses: a
trigger redefined to do nothing is as good as dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

AUDIT_REFUSAL = "audit entries are append-only"
# SQLite: an entry's insert moves the head, only from where the entry follows; anywhere else the
# insert is refused (the writer then reads the head and seals its entries again: `audit.operations`).
# Without it nothing moves the head or checks it, and the writer refuses to go on.
HEAD_ELSEWHERE = "audit_head is not where this entry follows"
SQLITE_HEAD_MOVER = (
    "CREATE TRIGGER audit_entry_moves_head AFTER INSERT ON audit_entry BEGIN "
    "UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash "
    "WHERE id = 1 AND seq = NEW.seq - 1 AND hash = NEW.prev_hash; "
    f"SELECT RAISE(ABORT, '{HEAD_ELSEWHERE}') WHERE changes() = 0; END"
)
REGISTER_TABLES = ("decision", "decision_text", "decision_remark")


@dataclass(frozen=True)
class Guard:
    name: str
    table: str
    create: str  # the statement that makes it
    # PostgreSQL: what pg_get_triggerdef must contain (it spells events in its own order)
    definition: tuple[str, ...] = ()
    function: str = ""


@dataclass(frozen=True)
class Function:
    name: str
    create: str


def _sqlite_guards() -> tuple[Guard, ...]:
    guards = [
        Guard(
            f"audit_entry_no_{event.lower()}",
            "audit_entry",
            f"CREATE TRIGGER audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry "
            f"BEGIN SELECT RAISE(ABORT, '{AUDIT_REFUSAL}: {event} refused'); END",
        )
        for event in ("UPDATE", "DELETE")
    ]
    guards += [
        Guard(
            f"{table}_no_{event.lower()}",
            table,
            f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'decisions are immutable: {event} on {table} refused'); END",
        )
        for table in REGISTER_TABLES
        for event in ("UPDATE", "DELETE")
    ]
    guards.append(Guard("audit_entry_moves_head", "audit_entry", SQLITE_HEAD_MOVER))
    return tuple(guards)


POSTGRES_FUNCTIONS = (
    Function(
        "audit_entry_append_only",
        f"""CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{AUDIT_REFUSAL}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END
            $$""",
    ),
    Function(
        "decision_immutable",
        """CREATE OR REPLACE FUNCTION decision_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'decisions are immutable: % on % refused', TG_OP, TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$""",
    ),
)


def _postgres_guards() -> tuple[Guard, ...]:
    guards = [
        Guard(
            "audit_entry_no_change",
            "audit_entry",
            "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
            ("BEFORE DELETE OR UPDATE", "FOR EACH ROW", "EXECUTE FUNCTION audit_entry_append_only()"),
            "audit_entry_append_only",
        ),
        Guard(
            "audit_entry_no_truncate",
            "audit_entry",
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()",
            ("BEFORE TRUNCATE", "EXECUTE FUNCTION audit_entry_append_only()"),
            "audit_entry_append_only",
        ),
    ]
    guards += [
        Guard(
            f"{table}_immutable",
            table,
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION decision_immutable()",
            ("BEFORE DELETE OR UPDATE", "FOR EACH ROW", "EXECUTE FUNCTION decision_immutable()"),
            "decision_immutable",
        )
        for table in REGISTER_TABLES
    ]
    return tuple(guards)


def guards(dialect: str) -> tuple[Guard, ...]:
    return _postgres_guards() if dialect == "postgresql" else _sqlite_guards()


def _normalised(statement: str) -> str:
    return " ".join(statement.split()).rstrip(";")


def _sqlite_faults(connection: Connection) -> dict[str, str]:
    rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    stored: dict[str, str] = {name: sql for name, sql in rows}
    faults = {}
    for guard in _sqlite_guards():
        found = stored.get(guard.name)
        if found is None:
            faults[guard.name] = "missing"
        elif _normalised(found) != _normalised(guard.create):
            faults[guard.name] = "redefined"
    return faults


def _function_refuses(connection: Connection, name: str) -> bool:
    source = connection.execute(
        text("SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure(:signature)"), {"signature": f"{name}()"}
    ).scalar()
    return source is not None and "RAISE EXCEPTION" in source


def _postgres_faults(connection: Connection) -> dict[str, str]:
    faults = {}
    refusing = {
        function.name: _function_refuses(connection, function.name) for function in POSTGRES_FUNCTIONS
    }
    for guard in _postgres_guards():
        row = connection.execute(
            text(
                "SELECT tgenabled, pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE tgrelid = to_regclass(:table) AND tgname = :name AND NOT tgisinternal"
            ),
            {"table": guard.table, "name": guard.name},
        ).first()
        if row is None:
            faults[guard.name] = "missing"
        elif row[0] == "D":
            faults[guard.name] = "disabled"
        elif not all(part in row[1] for part in guard.definition) or not refusing[guard.function]:
            faults[guard.name] = "redefined"
    return faults


def faults(connection: Connection) -> dict[str, str]:
    """Each required trigger that is not in force, with why: missing, disabled or redefined."""
    if connection.dialect.name == "postgresql":
        return _postgres_faults(connection)
    return _sqlite_faults(connection)


def restore(connection: Connection) -> dict[str, str]:
    """Recreates the triggers that are not in force; returns those it restored, with their fault."""
    found = faults(connection)
    if not found:
        return found
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        for function in POSTGRES_FUNCTIONS:
            connection.execute(text(function.create))
    for guard in guards(connection.dialect.name):
        if guard.name not in found:
            continue
        drop = f"DROP TRIGGER IF EXISTS {guard.name}" + (f" ON {guard.table}" if postgres else "")
        connection.execute(text(drop))
        connection.execute(text(guard.create))
    return found
