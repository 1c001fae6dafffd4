"""The real Alembic migrations build the schema, and every migration can be undone."""

from __future__ import annotations

import re

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from cica.core.db import (
    EnumText,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    upgrade_to_head,
)
from cica.core.models import metadata


def test_migrations_reach_head_and_create_every_table(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_migrations_downgrade_to_nothing_and_upgrade_again(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert not set(metadata.tables) & set(inspect(engine).get_table_names())
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_the_models_match_the_migrations(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []
    engine.dispose()


# A procedure's purpose is held with `recommend_to` by ck_procedure_purpose (see migration 0004v).
WITHOUT_VALUE_CHECK = {("procedure", "purpose")}


def test_every_state_column_allows_exactly_its_enum_s_values(database_url: str) -> None:
    """The CHECK constraint the migrations left on each enum-typed column lists the enum's values."""
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    inspector = inspect(engine)
    checked = 0
    for table in metadata.sorted_tables:
        found = {check["name"]: check["sqltext"] for check in inspector.get_check_constraints(table.name)}
        for column in table.columns:
            if not isinstance(column.type, EnumText) or (table.name, column.name) in WITHOUT_VALUE_CHECK:
                continue
            sql = found.get(f"ck_{table.name}_{column.name}")
            assert sql is not None, f"{table.name}.{column.name} has no CHECK constraint"
            assert set(re.findall(r"'([^']*)'", sql)) == {member.value for member in column.type.enum}, sql
            checked += 1
    assert checked >= 12
    engine.dispose()
