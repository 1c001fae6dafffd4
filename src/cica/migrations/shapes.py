"""Shapes several migrations build alike: keys, foreign keys, enum CHECKs, indexes, refusal triggers.

History is frozen: a migration never imports the live models or enums, it passes its own literal
values (the enum's values as they stood at that revision) to these helpers. For the same reason
what a helper writes must never change once a migration uses it; a new shape is a new helper.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from alembic import op

REFUSED_EVENTS = ("UPDATE", "DELETE")


def key(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    """The primary key `pk_<table>`, on `id` unless columns are named."""
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=op.f(f"pk_{table}"))


def table(name: str, *items: Any, indexed: Iterable[str] = ()) -> None:
    """A table keyed by an integer `id`, its first column; an index on each column of indexed."""
    op.create_table(name, sa.Column("id", sa.Integer(), nullable=False), *items, key(name))
    for column in indexed:
        index(name, column)


def part_of(
    name: str,
    parent: str,
    columns: Iterable[sa.Column[Any]],
    *,
    checks: Iterable[sa.CheckConstraint] = (),
    references: Iterable[tuple[str, ...]] = (),
    unique: tuple[str, ...] = (),
    indexed: bool = True,
    **reference: Any,
) -> None:
    """A table (keyed by `id`) of rows that each belong to one row of parent: `<parent>_id` first,
    then columns; its constraints in this order: checks, the reference to parent (with reference's
    options, as ondelete), the other references as (column, target[, target column]), then unique
    as (name, *columns). `<parent>_id` is indexed unless told not to."""
    column = f"{parent}_id"
    # Made here, in order: SQLAlchemy writes a table's constraints in the order they were made.
    constraints = [
        foreign_key(name, column, parent, **reference),
        *(foreign_key(name, *spec) for spec in references),
        *([sa.UniqueConstraint(*unique[1:], name=unique[0])] if unique else []),
    ]
    table(
        name,
        sa.Column(column, sa.Integer(), nullable=False),
        *columns,
        *checks,
        *constraints,
        indexed=(column,) if indexed else (),
    )


def foreign_key(
    table: str, column: str, target: str, target_column: str = "id", **options: Any
) -> sa.ForeignKeyConstraint:
    """`fk_<table>_<column>_<target>`, the name the models' naming convention gives it."""
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.{target_column}"], name=op.f(f"fk_{table}_{column}_{target}"), **options
    )


def listed(values: Iterable[str]) -> str:
    """`('a', 'b')`: the values as an SQL list."""
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def one_of(table: str, column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    """`ck_<table>_<column>`: the column holds one of the values."""
    return sa.CheckConstraint(f"{column} IN {listed(values)}", name=op.f(f"ck_{table}_{column}"))


def add_checks(checks: Iterable[tuple[str, str, str]]) -> None:
    """(table, name, condition): `ck_<table>_<name>` added to an existing table."""
    for table, name, condition in checks:
        # SQLite adds a constraint by rebuilding the table (batch mode); PostgreSQL alters it.
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), condition)


def drop_checks(checks: Iterable[tuple[str, str, str]]) -> None:
    """Undoes add_checks(checks)."""
    for table, name, _ in reversed(list(checks)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")


def dated_columns() -> list[sa.Column[Any]]:
    """When a registry fact held (partial dates), on what sources, how certain."""
    return [
        sa.Column("since", sa.Date(), nullable=True, comment="first day (of a partial date)"),
        sa.Column("since_precision", sa.String(length=8), nullable=True),
        sa.Column("until", sa.Date(), nullable=True, comment="first day no longer in force"),
        sa.Column("until_precision", sa.String(length=8), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
    ]


def index(table: str, *columns: str, name: str | None = None, **options: Any) -> None:
    """`ix_<table>_<columns>` (or name), not unique unless told."""
    options.setdefault("unique", False)
    op.create_index(op.f(name or f"ix_{table}_{'_'.join(columns)}"), table, list(columns), **options)


def drop_tables(*tables: str) -> None:
    """Drops the tables in the order given (those referring first); their indexes go with them."""
    for table in tables:
        op.drop_table(table)


def on_postgresql() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def refuse_changes(
    tables: Iterable[str], *, function: str, body: str, refusal: str, trigger: str = "{table}_immutable"
) -> None:
    """UPDATE and DELETE of the tables' rows fail, whoever asks.

    PostgreSQL: trigger (formatted with `{table}`) runs function, whose body (kept to the letter:
    PostgreSQL stores it as written) raises. SQLite: `<table>_no_<event>` triggers abort with
    refusal (formatted with `{event}`, `{table}`).
    """
    if on_postgresql():
        op.execute(f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $${body}$$")
        for table in tables:
            op.execute(
                f"CREATE TRIGGER {trigger.format(table=table)} BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
        return
    for table in tables:
        sqlite_refusals(table, refusal)


def allow_changes(tables: Iterable[str], *, function: str, trigger: str = "{table}_immutable") -> None:
    """Undoes refuse_changes."""
    if on_postgresql():
        for table in tables:
            op.execute(f"DROP TRIGGER {trigger.format(table=table)} ON {table}")
        op.execute(f"DROP FUNCTION {function}()")
        return
    for table in tables:
        for event in reversed(REFUSED_EVENTS):
            op.execute(f"DROP TRIGGER {table}_no_{event.lower()}")


def sqlite_refusals(table: str, refusal: str, events: Iterable[str] = REFUSED_EVENTS) -> None:
    """SQLite: `<table>_no_<event>` aborts each event with refusal (formatted with `{event}`, `{table}`)."""
    for event in events:
        op.execute(
            f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{refusal.format(event=event, table=table)}'); END"
        )
