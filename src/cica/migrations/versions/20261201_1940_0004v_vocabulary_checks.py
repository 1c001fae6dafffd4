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

from cica.migrations import shapes

revision: str = "0004v"
down_revision: str | None = "0004h"

STANCES = ("join", "object", "reservation", "statement")

# table, constraint name (without the ck_<table>_ prefix), condition
CHECKS = (
    ("position_change", "stance", f"stance IN {shapes.listed(STANCES)}"),
    ("position_change", "previous_stance", f"previous_stance IN {shapes.listed(STANCES)}"),
)


def upgrade() -> None:
    shapes.add_checks(CHECKS)


def downgrade() -> None:
    shapes.drop_checks(CHECKS)
