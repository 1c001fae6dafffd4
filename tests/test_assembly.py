"""A capability is added by its own folder and one entry in the list: the assembly builds the
tables, the routes and the commands from the list, and nothing else needs an edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cica.app import create_app
from cica.capabilities import CAPABILITIES
from cica.cli import build_app
from cica.core.capability import load
from cica.core.context import Context
from cica.core.db import Base
from cica.models import load_models
from tests.assembly.notes.capability import CAPABILITY as NOTES

WITH_NOTES = (*CAPABILITIES, NOTES)


@pytest.fixture(scope="module", autouse=True)
def notes_only_here() -> Iterator[None]:
    yield
    # Other tests compare the metadata with the migrations: the notes table is this module's only.
    table = Base.metadata.tables.get("assembly_note")
    if table is not None:
        Base.metadata.remove(table)


def test_the_metadata_of_the_list_has_the_new_table() -> None:
    metadata = load_models(WITH_NOTES)
    assert "assembly_note" in metadata.tables
    assert {"user_account", "participant", "draft"} <= set(metadata.tables)


@pytest.fixture
def notes_context(cica: Context) -> Context:
    """The normal database plus the notes table, as the assembly's metadata describes it."""
    load_models(WITH_NOTES).tables["assembly_note"].create(cica.engine)
    with cica.unit_of_work() as session:
        session.add_all([load("tests.assembly.notes.models:Note")(text=text) for text in ("one", "two")])
    return cica


def test_the_new_route_answers_beside_the_others(notes_context: Context) -> None:
    with TestClient(create_app(context=notes_context, capabilities=WITH_NOTES)) as client:
        assert client.get("/api/v1/notes").json() == ["one", "two"]
        assert client.get("/api/v1/members").status_code == 200
    with TestClient(create_app(context=notes_context)) as client:
        assert client.get("/api/v1/notes").status_code == 404


def test_the_new_command_runs_and_is_listed(notes_context: Context, cli_env: dict[str, str]) -> None:
    runner = CliRunner()
    result = runner.invoke(build_app(WITH_NOTES), ["notes"], env=cli_env, catch_exceptions=False)
    assert (result.exit_code, result.stdout.strip()) == (0, "2 notes")
    listed = runner.invoke(build_app(WITH_NOTES), ["--help"], env=cli_env).stdout
    assert "notes" in listed and "Count the notes." in listed
    assert "notes" not in runner.invoke(build_app(), ["--help"], env=cli_env).stdout.split("Commands")[-1]


def test_every_action_of_the_table_is_declared_by_exactly_one_capability() -> None:
    from cica.access.rules import ACTIONS

    declared = [action for capability in CAPABILITIES for action in capability.actions]
    assert sorted(declared) == sorted(ACTIONS)


def test_the_list_is_in_the_order_of_the_layers_the_contracts_check() -> None:
    import tomllib

    config = tomllib.loads(
        (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    )
    layers = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")["layers"]
    packages = [capability.package for capability in CAPABILITIES]
    assert [layer for layer in reversed(layers) if layer in packages] == packages
