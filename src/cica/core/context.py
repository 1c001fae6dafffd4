"""The composition root: settings, engine and session factory, built once per process.

Tests build their own with explicit settings; nothing reads the environment behind their back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cica.core.clock import CLOCK_KEY, SYSTEM_CLOCK, Clock, clock_from_setting
from cica.core.db import (
    database_exists,
    make_engine,
    make_sessionmaker,
    schema_is_current,
    session_scope,
    upgrade_to_head,
)
from cica.core.errors import NotFound
from cica.core.settings import Settings

# What each session of a context carries besides the engine (e.g. the audit trail's keys, which
# live outside the database): `(settings, engine, migrating) -> Session.info entries`. A
# capability registers its source through the assembly's wiring, so core imports no capability.
SessionInfoSource = Callable[[Settings, Engine, bool], dict[str, Any]]
_session_info: list[SessionInfoSource] = []


def on_session_info(source: SessionInfoSource) -> None:
    """Registers `source` (once); every context built afterwards puts its entries in `Session.info`."""
    if source not in _session_info:
        _session_info.append(source)


@dataclass
class Context:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    # The one "now" of this process (see core.clock); every unit of work opened here carries it.
    clock: Clock = field(default=SYSTEM_CLOCK)

    @classmethod
    def create(
        cls, settings: Settings | None = None, *, migrate: bool = False, clock: Clock | None = None
    ) -> Context:
        """`migrate=True` brings the schema to head (init, serve); otherwise it must be current.

        Without `clock`, the settings choose it (`CICA_FROZEN_TIME`, else the system clock)."""
        settings = settings or Settings.from_env()
        clock = clock or clock_from_setting(settings.frozen_time)
        if not migrate and not database_exists(settings.database_url):
            raise NotFound(f"no database at {settings.database_url}: run `cica init`")
        engine = make_engine(settings.database_url, **settings.pool_options)
        if migrate:
            upgrade_to_head(engine)
        elif not schema_is_current(engine):
            engine.dispose()
            raise NotFound(
                f"the database {engine.url.render_as_string(hide_password=True)} is not initialised "
                "or is older than this cica: run `cica init`"
            )
        info: dict[str, Any] = {}
        try:
            for source in _session_info:
                info.update(source(settings, engine, migrate))
        except BaseException:
            engine.dispose()
            raise
        sessions = make_sessionmaker(engine)
        sessions.configure(info=info)
        return cls(settings, engine, sessions, clock)

    @contextmanager
    def unit_of_work(self, *, write: bool = True) -> Iterator[Session]:
        with session_scope(self.sessions, write=write) as session:
            session.info[CLOCK_KEY] = self.clock
            yield session

    def close(self) -> None:
        self.engine.dispose()

    # `with Context.create() as context:` closes the engine however the block ends; a command that
    # fails must not leave pooled connections behind.
    def __enter__(self) -> Context:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
