"""Fixtures shared by the whole suite: databases on both backends, contexts, the CLI runner.

Every test that touches storage takes `database_url`, which is parametrised over SQLite and,
when CICA_TEST_DATABASE_URL is set, PostgreSQL (each test in a schema of its own).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from cica.audit import vocabulary
from cica.capabilities import wire
from cica.charter.loader import load_charter
from cica.cli import app
from cica.core.context import Context
from cica.core.settings import Settings
from cica.registry.operations import apply_charter

# The suite calls operations directly, as the assembly's app and commands do once assembled: the
# hooks the layers below declare (the registry's standing for permission checks, the audit
# trail's denial recorder) are filled here the same way.
wire()
# The audit trail's own tests write entries of an action of their own, declared like any other.
vocabulary.declare(["test.write"])

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get("CICA_TEST_DATABASE_URL", "")
DATA = Path(__file__).parent / "data"
PACIFICA = DATA / "charters" / "pacifica.toml"


def require(condition: bool, reason: str) -> None:
    """Skip with a visible reason, except in CI, where a missing component is a failure."""
    if not condition:
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@contextmanager
def fresh_database(backend: str, directory: Path) -> Iterator[str]:
    """The URL of a fresh, empty database: a file in `directory`, or a PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'cica.db'}"
        return
    require(bool(POSTGRES_URL), "CICA_TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# Argon2 at its cheapest: the suite hashes many passwords; `make bench` measures the real cost.
FAST_PASSWORDS = {"argon2_time_cost": 1, "argon2_memory_kib": 8, "argon2_parallelism": 1}
FAST_PASSWORDS_ENV = {f"CICA_{name.upper()}": str(value) for name, value in FAST_PASSWORDS.items()}


@pytest.fixture
def audit_key_dir(tmp_path: Path) -> Path:
    """Where this test's audit keys live (each test its own: PostgreSQL has no file to sit beside)."""
    return tmp_path / "audit-keys"


@pytest.fixture
def search_index_dir(tmp_path: Path) -> Path:
    """Where this test's search index lives (each test its own, on both backends)."""
    return tmp_path / "search-index"


@pytest.fixture
def settings(database_url: str, audit_key_dir: Path, search_index_dir: Path) -> Settings:
    # No background scheduler in the apps tests build: tests finalise silence procedures
    # themselves, at the moments they choose (the scheduler has tests of its own).
    return Settings(
        database_url=database_url,
        scheduler_seconds=0,
        audit_key_dir=str(audit_key_dir),
        search_index_dir=str(search_index_dir),
        **FAST_PASSWORDS,
    )


@pytest.fixture
def cli_env(
    database_url: str, audit_key_dir: Path, search_index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """The environment a CLI invocation sees: this test's database and audit keys (and cheap
    password hashing)."""
    environment = {
        "CICA_DATABASE_URL": database_url,
        "CICA_AUDIT_KEY_DIR": str(audit_key_dir),
        "CICA_SEARCH_INDEX_DIR": str(search_index_dir),
        # Commands speak the locale's language unless told: these tests read English unless they ask.
        "LANG": "C.UTF-8",
        **FAST_PASSWORDS_ENV,
    }
    for name in ("LC_ALL", "LC_MESSAGES", "CICA_DEFAULT_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("CICA_CHARTER", raising=False)
    monkeypatch.delenv("CICA_AUDIT_PUBLIC_KEY", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return environment


def make_context(settings: Settings, charter: Path | None = None) -> Context:
    """A migrated database with a charter loaded (the built-in CICA one by default)."""
    context = Context.create(settings, migrate=True)
    with context.unit_of_work() as session:
        apply_charter(session, load_charter(charter))
    return context


@pytest.fixture(params=["cica", "pacifica"])
def charter_path(request: pytest.FixtureRequest) -> Path | None:
    """Both the real CICA charter and the fictional one: nothing may be hard-wired to CICA."""
    return None if request.param == "cica" else PACIFICA


@pytest.fixture
def cica(settings: Settings) -> Iterator[Context]:
    context = make_context(settings)
    yield context
    context.close()


@pytest.fixture
def pacifica(settings: Settings) -> Iterator[Context]:
    context = make_context(settings, PACIFICA)
    yield context
    context.close()


RunCli = Callable[..., Result]


def _runner(env: dict[str, str]) -> RunCli:
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return run


@pytest.fixture
def run_cli(cli_env: dict[str, str]) -> RunCli:
    return _runner(cli_env)


@pytest.fixture
def run_offline(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """For commands that must not touch any database (a database URL that cannot be opened)."""
    monkeypatch.setenv("CICA_DATABASE_URL", "sqlite:////nonexistent/directory/cica.db")
    return _runner({"CICA_DATABASE_URL": "sqlite:////nonexistent/directory/cica.db"})
