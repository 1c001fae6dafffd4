"""The real Alembic migrations build the schema, and every migration can be undone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.schema import CreateIndex

from cica.access.actors import Actor
from cica.audit import queries, triggers
from cica.audit.models import AuditEntry
from cica.core import db
from cica.core.context import Context
from cica.core.db import (
    EnumText,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    upgrade_to_head,
)
from cica.models import metadata
from tests.factories import make_every_event
from tests.integration.audit.test_audit import add_entries


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


def _alembic_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_the_schema_check_reads_the_revisions_as_alembic_does(database_url: str) -> None:
    # A worker checks its schema without importing Alembic: the same answers, read by hand.
    assert head_revision() == ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    engine = make_engine(database_url)
    assert current_revision(engine) is None  # not yet migrated: no version table
    upgrade_to_head(engine)
    assert current_revision(engine) == _alembic_revision(engine) == head_revision()
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    assert current_revision(engine) == _alembic_revision(engine) != head_revision()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert current_revision(engine) is _alembic_revision(engine) is None
    engine.dispose()


def test_a_chain_with_two_heads_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for revision, parent in (("a", None), ("b", "a"), ("c", "a")):
        (tmp_path / f"{revision}.py").write_text(
            f"revision: str = {revision!r}\ndown_revision: str | None = {parent!r}\n"
        )
    monkeypatch.setattr(db, "MIGRATIONS_DIR", tmp_path)
    with pytest.raises(RuntimeError, match="several heads: b, c"):
        db.head_revision()
    (tmp_path / "d.py").write_text("revision = 'd'\ndown_revision = ('b', 'c')\n")
    assert db.head_revision() == "d"


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


def _told(engine: Engine) -> dict[str, list[Any]]:
    with engine.connect() as connection:
        return {
            "events": list(
                connection.execute(text("SELECT id, action, params FROM draft_event ORDER BY id"))
            ),
            "revisions": list(
                connection.execute(text("SELECT id, note, origin FROM draft_revision ORDER BY id"))
            ),
            "endings": list(
                connection.execute(text("SELECT id, ending, outcome FROM procedure ORDER BY id"))
            ),
            "notices": list(connection.execute(text("SELECT id, payload FROM notification ORDER BY id"))),
        }


def test_0004i_turns_the_english_lines_into_events_and_back(cica: Context, database_url: str) -> None:
    """Downgrading writes each event as the English line 0003 stored; upgrading parses those
    lines back into the same events. A line that does not parse is kept, in English."""
    make_every_event(cica)
    engine = make_engine(database_url)
    before = _told(engine)
    config = alembic_config(database_url)
    # To the schema just before 0004i (later migrations are undone on the way; the keyed audit
    # chain of 0004a, which comes before it, stays).
    before_0004i = ScriptDirectory.from_config(config).get_revision("0004i").down_revision
    assert isinstance(before_0004i, str)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, before_0004i)
    with engine.begin() as connection:
        lines = [
            row.summary for row in connection.execute(text("SELECT summary FROM draft_event ORDER BY id"))
        ]
        odd = connection.execute(
            text("SELECT max(id) FROM draft_event WHERE action = 'created'")
        ).scalar_one()
        connection.execute(
            text("UPDATE draft_event SET summary = 'drafted over lunch' WHERE id = :id"), {"id": odd}
        )
    assert all(lines) and "created by the Secretariat" in lines
    upgrade_to_head(engine)
    after = _told(engine)
    kept = [row for row in after["events"] if row.id == odd]
    assert kept and kept[0].params is None
    with engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT summary FROM draft_event WHERE id = :id"), {"id": odd}
            ).scalar_one()
            == "drafted over lunch"
        )
    assert [row for row in after["events"] if row.id != odd] == [
        row for row in before["events"] if row.id != odd
    ]
    for part in ("revisions", "endings", "notices"):
        assert after[part] == before[part], part
    engine.dispose()


def test_0010h_keeps_every_audit_entry_and_trigger_both_ways(cica: Context, database_url: str) -> None:
    """0010h rebuilds `audit_entry` on SQLite (a unique constraint goes no other way): down and up
    again, every entry is still there, the chain verifies, and the triggers are all in force."""
    add_entries(cica, 5)
    engine = make_engine(database_url)

    def entries() -> list[Any]:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT seq, hash FROM audit_entry ORDER BY seq")))

    before = entries()
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009p")
    assert entries() == before
    upgrade_to_head(engine)
    assert entries() == before
    with engine.connect() as connection:
        assert triggers.faults(connection) == {}
        unique = {
            constraint["name"] for constraint in inspect(connection).get_unique_constraints("audit_entry")
        }
        assert "uq_audit_entry_hash" not in unique
    add_entries(cica, 1)  # the head still moves with each entry
    with cica.unit_of_work(write=False) as session:
        assert queries.verify(session, actor=Actor.command_line()).ok
    engine.dispose()


def _entry_indexes(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return {index["name"] or "" for index in inspect(connection).get_indexes("audit_entry")}


def _delegation_index(engine: Engine) -> str:
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            query = (
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'ix_audit_entry_delegation'"
            )
        else:
            query = (
                "SELECT indexdef FROM pg_indexes "
                "WHERE indexname = 'ix_audit_entry_delegation' AND schemaname = current_schema()"
            )
        # PostgreSQL writes the condition back in parentheses.
        return str(connection.exec_driver_sql(query).scalar_one()).replace("(", "").replace(")", "")


def test_0010i_keeps_only_the_audit_indexes_the_lists_use(cica: Context, database_url: str) -> None:
    """0010i makes the delegation index partial (NULL, the Secretariat, is never looked up) and
    drops the date index; down gives both back whole, and up again takes them away, and the
    delegation filter still reads its index."""
    add_entries(cica, 3)
    engine = make_engine(database_url)
    assert "WHERE delegation IS NOT NULL" in _delegation_index(engine)
    assert "ix_audit_entry_at" not in _entry_indexes(engine)
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010h")
    assert "WHERE" not in _delegation_index(engine)
    assert "ix_audit_entry_at" in _entry_indexes(engine)
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            # 0010h's head trigger, which moved the head without checking it.
            assert triggers.faults(connection) == {"audit_entry_moves_head": "redefined"}
    upgrade_to_head(engine)
    assert "WHERE delegation IS NOT NULL" in _delegation_index(engine)
    assert "ix_audit_entry_at" not in _entry_indexes(engine)
    with engine.connect() as connection:
        assert triggers.faults(connection) == {}
    # The model says what the migration made (alembic's comparison does not look at a WHERE).
    model = next(index for index in AuditEntry.__table__.indexes if index.name == "ix_audit_entry_delegation")
    assert "WHERE delegation IS NOT NULL" in str(CreateIndex(model).compile(dialect=engine.dialect))
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            plan = " ".join(
                str(row[-1])
                for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT seq FROM audit_entry WHERE delegation = ? "
                    "ORDER BY seq DESC LIMIT 50",
                    ("IND",),
                )
            )
        assert "ix_audit_entry_delegation" in plan, plan
    engine.dispose()
