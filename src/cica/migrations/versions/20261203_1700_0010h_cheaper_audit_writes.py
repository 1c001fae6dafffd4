"""Cheaper audited writes (revision 0010h, after 0009p, 2026-12-03 17:00): SQLite's head is moved
by each entry's insert, and `audit_entry.hash` loses its unique index on both backends.

- Until now every audited write sent two statements for its entry: the UPDATE moving `audit_head`
  (only if it was still where the entry follows) and the INSERT. On SQLite the insert now carries
  that check (`INSERT … SELECT … WHERE EXISTS (the head is at seq - 1 with hash prev_hash)`) and
  the trigger made here moves the head, in the same statement: one round trip through the driver
  less in every write. PostgreSQL keeps the explicit UPDATE: there it also takes the head's row
  lock that queues concurrent writers, and a trigger moving the head once per row would leave one
  row version per entry of a bulk write in the same transaction.
- Nothing looks an entry up by its hash, and the chain already makes hashes distinct (each covers
  its entry's sequence number); the index was only written, at a random place of its B-tree in
  every write (as the actor's e-mail index was until 0007a).

On SQLite a unique constraint goes only by rebuilding the table, which drops its triggers: they
are made again here, as migrations 0002 and this one write them.
"""

from __future__ import annotations

from alembic import op

from cica.migrations import shapes

revision: str = "0010h"
down_revision: str | None = "0009p"

UNIQUE_HASH = "uq_audit_entry_hash"
# As `cica.audit.triggers` expects them (a migration keeps its own copies).
MOVES_HEAD = (
    "CREATE TRIGGER audit_entry_moves_head AFTER INSERT ON audit_entry "
    "BEGIN UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END"
)
REFUSALS = tuple(
    f"CREATE TRIGGER audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry "
    f"BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: {event} refused'); END"
    for event in ("UPDATE", "DELETE")
)


def _sqlite_triggers_in_force() -> set[str]:
    rows = op.get_bind().exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
    )
    return {name for (name,) in rows}


def _sqlite_rebuild(*, unique_hash: bool) -> None:
    # The rebuild drops the table's triggers: those in force before are made again after.
    in_force = _sqlite_triggers_in_force()
    with op.batch_alter_table("audit_entry", recreate="always") as batch:
        if unique_hash:
            batch.create_unique_constraint(UNIQUE_HASH, ["hash"])
        else:
            batch.drop_constraint(UNIQUE_HASH, type_="unique")
    for statement in REFUSALS:
        if statement.split()[2] in in_force:
            op.execute(statement)


def upgrade() -> None:
    if shapes.on_postgresql():
        op.drop_constraint(UNIQUE_HASH, "audit_entry", type_="unique")
        return
    _sqlite_rebuild(unique_hash=False)
    op.execute(MOVES_HEAD)


def downgrade() -> None:
    if shapes.on_postgresql():
        op.create_unique_constraint(UNIQUE_HASH, "audit_entry", ["hash"])
        return
    op.execute("DROP TRIGGER audit_entry_moves_head")
    _sqlite_rebuild(unique_hash=True)
