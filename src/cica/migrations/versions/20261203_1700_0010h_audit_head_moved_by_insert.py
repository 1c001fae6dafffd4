"""SQLite: each audit entry's insert moves the chain's head itself (revision 0010h, after 0009p,
2026-12-03 17:00).

Until now every audited write sent two statements for its entry: the UPDATE moving `audit_head`
(only if it was still where the entry follows) and the INSERT. On SQLite the insert now carries
that check (`INSERT … SELECT … WHERE EXISTS (the head is at seq - 1 with hash prev_hash)`) and
this trigger moves the head, in the same statement: one round trip through the driver less in
every write, which was a sixth of what an entry cost. PostgreSQL keeps the explicit UPDATE: there
it also takes the head's row lock that queues concurrent writers, and a trigger moving the head
once per row would leave one row version per entry of a bulk write in the same transaction.
"""

from __future__ import annotations

from alembic import op

from cica.migrations import shapes

revision: str = "0010h"
down_revision: str | None = "0009p"

# As `cica.audit.triggers` expects it (a migration keeps its own copy).
MOVES_HEAD = (
    "CREATE TRIGGER audit_entry_moves_head AFTER INSERT ON audit_entry "
    "BEGIN UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END"
)


def upgrade() -> None:
    if not shapes.on_postgresql():
        op.execute(MOVES_HEAD)


def downgrade() -> None:
    if not shapes.on_postgresql():
        op.execute("DROP TRIGGER audit_entry_moves_head")
