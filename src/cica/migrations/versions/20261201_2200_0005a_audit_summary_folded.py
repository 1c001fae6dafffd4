"""The audit trail's search text in the entry's own row: `audit_entry.folded`.

Until now every entry also wrote a row of `search_text` (subject 'audit'): a second insert, and a
second index, in every audited write. The folded summary (`cica.core.search.line` of the summary)
now travels in the entry's own insert; it is not part of what the entry's hash covers, as the
search table's line was not. The existing lines move here from `search_text`. Entries are
append-only, so the append-only UPDATE trigger is lifted for the copy alone and put back as
migration 0002 made it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cica.migrations import shapes

revision: str = "0005a"
down_revision: str | None = "0005l"

# As migration 0002 wrote it (a migration keeps its own copy).
SQLITE_NO_UPDATE = (
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: UPDATE refused'); END"
)
COPY = (
    "UPDATE audit_entry SET folded = (SELECT s.folded FROM search_text s "
    "WHERE s.subject = 'audit' AND s.record_id = audit_entry.seq)"
)


def _copy_with_updates_allowed() -> None:
    # The trigger refusing UPDATE is lifted for the copy alone, where it is in force.
    if shapes.on_postgresql():
        in_force = (
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass "
            "AND tgname = 'audit_entry_no_change' AND tgenabled <> 'D'"
        )
        lift = "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change"
        restore = "ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_change"
    else:
        in_force = (
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_entry_no_update'"
        )
        lift, restore = "DROP TRIGGER audit_entry_no_update", SQLITE_NO_UPDATE
    lifted = bool(op.get_bind().execute(sa.text(in_force)).scalar())
    if lifted:
        op.execute(lift)
    op.execute(COPY)
    if lifted:
        op.execute(restore)


def upgrade() -> None:
    op.add_column("audit_entry", sa.Column("folded", sa.Text(), comment="the summary folded for search"))
    _copy_with_updates_allowed()
    op.execute("DELETE FROM search_text WHERE subject = 'audit'")


def downgrade() -> None:
    op.execute(
        "INSERT INTO search_text (subject, record_id, folded) "
        "SELECT 'audit', seq, folded FROM audit_entry WHERE folded IS NOT NULL"
    )
    # ALTER TABLE … DROP COLUMN, not a batch rebuild: rebuilding the table would drop its triggers.
    op.execute("ALTER TABLE audit_entry DROP COLUMN folded")
