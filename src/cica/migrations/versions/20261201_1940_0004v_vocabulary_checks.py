"""The vocabulary's CHECK constraints where the columns had none: the stances kept in the position
history (as the current positions already have).

(A procedure's purpose is held by `ck_procedure_purpose` with `recommend_to`; an IN-list on it
would mean rebuilding `procedure` on SQLite, which the tables referring to it forbid while foreign
keys are on, as they are in cica's migrations.)

The allowed values are the rules' enum (`Stance`) as it stands at this revision,
written out here so that the migration never changes when the code does; a test compares every
enum-typed column's constraint in the database with its enum.

"""

from __future__ import annotations

from alembic import op

revision: str = "0004v"
down_revision: str | None = "0004h"

STANCES = "('join', 'object', 'reservation', 'statement')"

# table, constraint name (without the ck_<table>_ prefix), condition
CHECKS = (
    ("position_change", "stance", f"stance IN {STANCES}"),
    ("position_change", "previous_stance", f"previous_stance IN {STANCES}"),
)


def upgrade() -> None:
    for table, name, condition in CHECKS:
        # SQLite adds a constraint by rebuilding the table (batch mode); PostgreSQL alters it.
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), condition)


def downgrade() -> None:
    for table, name, _ in reversed(CHECKS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
