"""Cheaper audited writes again (revision 0010i, after 0010h, 2026-12-04 20:00): the trail keeps
only the indexes its lists use, and on SQLite the head trigger checks the head itself.

- `ix_audit_entry_delegation` becomes partial, `WHERE delegation IS NOT NULL`. The column is NULL
  for what the Secretariat and the command line do, and the filter always names a delegation
  (`delegation = 'IND'` implies `IS NOT NULL`, so both backends answer it from this index): the
  Secretariat's writes paid for index entries no query could use.
- `ix_audit_entry_at` goes. The lists are newest first, a page at a time by sequence number, and
  the planner walks the sequence numbers for them: with only `since` or only `until` it never
  read this index, and with both it read the window through it and then sorted it. Measured on
  SQLite at 100,000 entries: a page of a window in the past 5 ms with the index, 20 ms without;
  the newest page of the same filters 0.2 ms either way. Each write saved 10 to 25 µs of its
  ~0.75 ms.
- SQLite: `audit_entry_moves_head` moves the head only from where the new entry follows, and
  refuses the insert otherwise (RAISE when its UPDATE changed nothing). The writer's INSERT is
  then a plain one: with a row trigger on the table, SQLite runs an INSERT … SELECT (0010h's way
  of checking the head in the statement) through a temporary table, which cost about a third of
  the entry's insert.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010i"
down_revision: str | None = "0010h"

DELEGATION = "ix_audit_entry_delegation"
AT = "ix_audit_entry_at"
# As `cica.audit.triggers` expects them (a migration keeps its own copies).
CHECKS_AND_MOVES_HEAD = (
    "CREATE TRIGGER audit_entry_moves_head AFTER INSERT ON audit_entry BEGIN "
    "UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash "
    "WHERE id = 1 AND seq = NEW.seq - 1 AND hash = NEW.prev_hash; "
    "SELECT RAISE(ABORT, 'audit_head is not where this entry follows') WHERE changes() = 0; END"
)
MOVES_HEAD = (  # 0010h's
    "CREATE TRIGGER audit_entry_moves_head AFTER INSERT ON audit_entry "
    "BEGIN UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END"
)


def _head_trigger(create: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_moves_head")
        op.execute(create)


def upgrade() -> None:
    op.drop_index(DELEGATION, table_name="audit_entry")
    where = sa.text("delegation IS NOT NULL")
    op.create_index(DELEGATION, "audit_entry", ["delegation"], sqlite_where=where, postgresql_where=where)
    op.drop_index(AT, table_name="audit_entry")
    _head_trigger(CHECKS_AND_MOVES_HEAD)


def downgrade() -> None:
    _head_trigger(MOVES_HEAD)
    op.create_index(AT, "audit_entry", ["at"])
    op.drop_index(DELEGATION, table_name="audit_entry")
    op.create_index(DELEGATION, "audit_entry", ["delegation"])
