"""Database plumbing: the declarative base, engines, sessions, UTC timestamps and migrations.

The SQLAlchemy session is the unit of work: an operation runs inside `session_scope` and
everything it wrote (the change and its audit entry) commits or rolls back together.
"""

from __future__ import annotations

import ast
import functools
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Engine,
    MetaData,
    String,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import QueuePool
from sqlalchemy.types import TypeDecorator

from cica.core.errors import NotFound

if TYPE_CHECKING:
    from alembic.config import Config

# Named constraints, so that migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC. Naive datetimes are refused: their zone would be a guess."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a time zone is required")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # SQLite hands back naive values; they were written in UTC.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


E = TypeVar("E", bound=StrEnum)


class EnumText(TypeDecorator[E]):
    """A state or kind stored as its enum's value (VARCHAR) and read back as the enum member.

    The column's allowed values are the enum's: declare them with `one_of`, so that the CHECK
    constraint and the code can never list different values."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int = 16) -> None:
        super().__init__(length)
        self.enum = enum
        # A dict lookup per value read: bulk reads (the silence finalisation) read thousands.
        self._members: dict[str | None, E | None] = {None: None, **{member.value: member for member in enum}}

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        # A string that is no member goes through unchanged: the CHECK constraint refuses it.
        return value.value if isinstance(value, StrEnum) else value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        found = self._members.get(value)
        return found if found is not None or value is None else self.enum(value)


def values_sql(values: Iterable[str]) -> str:
    """Allowed values (an enum, or a tuple of literals) as an SQL list: `('a', 'b')`."""
    return "(" + ", ".join(f"'{value!s}'" for value in values) + ")"


def one_of(column: str, values: Iterable[str], *, name: str | None = None) -> CheckConstraint:
    """CHECK (column IN the allowed values), named after the column unless told otherwise."""
    return CheckConstraint(f"{column} IN {values_sql(values)}", name=name or column)


M = TypeVar("M", bound=Base)


def get_or_not_found(session: Session, model: type[M], key: object, what: str) -> M:
    """The row of `model` under primary key `key`, or `NotFound` saying "no <what> <key>"."""
    row = session.get(model, key)
    if row is None:
        raise NotFound(f"no {what} {key}")
    return row


def utcnow() -> datetime:
    return datetime.now(UTC)


def json_column_text(value: Any) -> str:
    """The text a JSON column stores, by orjson (compact): the standard library took a few
    microseconds a value, and every audited write stores two. What orjson refuses (keys that are
    not text, an integer beyond 64 bits) the standard encoder writes, or refuses, as before; so
    are instants and dataclasses, which orjson would store and the standard encoder refuses."""
    try:
        return orjson.dumps(
            value, option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
        ).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with a pool of connections (`QueuePool`, sized by the keyword arguments: the
    `CICA_DATABASE_POOL_*` settings), so that a request reuses a connection instead of opening one."""
    parsed = make_url(url)
    kwargs.setdefault("poolclass", QueuePool)
    kwargs.setdefault("json_serializer", json_column_text)
    if parsed.get_backend_name() == "sqlite":
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        if parsed.database in (None, "", ":memory:"):
            raise ValueError("cica needs a file-backed SQLite database (WAL mode)")
        engine = create_engine(url, **kwargs)
        # "connect" fires once per new DBAPI connection, not at each checkout from the pool.
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def database_exists(url: str) -> bool:
    """False for a SQLite file not yet created (so that a read does not create it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return True
    return Path(parsed.database or "").exists()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not pysqlite, decide when transactions begin, so BEGIN IMMEDIATE works.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


WRITE = "cica_write"


def _sqlite_begin(conn: Any) -> None:
    # With isolation_level=None above, pysqlite no longer emits BEGIN itself. A unit of work that
    # writes takes the write lock up front (IMMEDIATE): a deferred transaction that read first
    # could not upgrade later under WAL if another writer committed meanwhile (SQLITE_BUSY_SNAPSHOT).
    immediate = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def _writer(factory: sessionmaker[Session]) -> Engine:
    engine: Engine = factory.kw["bind"]
    return engine.execution_options(**{WRITE: True})


@contextmanager
def session_scope(factory: sessionmaker[Session], *, write: bool = True) -> Iterator[Session]:
    """One unit of work: commit if the block succeeds, roll back everything if it raises.

    `write=False` is for reads only: on SQLite it does not take the write lock.
    """
    # A writer's connection is marked when the session first needs one, so SQLite's write lock
    # (BEGIN IMMEDIATE) is taken before its first statement, and never by a unit of work that
    # turns out to issue none (a web request whose route keeps its own units of work).
    session = factory(bind=_writer(factory)) if write else factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# Alembic is imported by the functions that migrate, not by every process that opens a database.
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations" / "versions"
VERSION_TABLE = "alembic_version"  # Alembic's default, which migrations/env.py keeps


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "cica:migrations")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.set_main_option(
        "file_template", "%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s"
    )
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Brings the database to the newest schema. An older database is migrated, never dropped.

    A database already at head (every `cica serve` but the first after an upgrade) is left as it
    is without importing Alembic: with mako, pygments and the migration scripts it would stay in
    the serving worker's memory (about 12 MiB) for nothing."""
    if _at_head(engine):
        return
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (what Alembic's version table records), read with a plain
    select: a worker checking its schema at start need not import Alembic (about 10 MiB)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(versions) > 1:
        raise RuntimeError(f"the database records several schema heads: {', '.join(sorted(versions))}")
    return versions[0] if versions else None


def head_revision() -> str | None:
    """The newest revision of the migration chain, read from the migration files' `revision` and
    `down_revision` assignments without importing them (or Alembic); a test holds it equal to
    Alembic's own answer."""
    revisions: dict[str, tuple[str, ...]] = {}
    for path in MIGRATIONS_DIR.glob("*.py"):
        assigned = _module_constants(path, ("revision", "down_revision"))
        if isinstance(assigned.get("revision"), str):
            parents = assigned.get("down_revision")
            if parents is None:
                parents = ()
            revisions[assigned["revision"]] = (parents,) if isinstance(parents, str) else tuple(parents)
    followed = {parent for parents in revisions.values() for parent in parents}
    heads = sorted(set(revisions) - followed)
    if len(heads) > 1:
        raise RuntimeError(f"the migration chain has several heads: {', '.join(heads)}")
    return heads[0] if heads else None


def _module_constants(path: Path, names: tuple[str, ...]) -> dict[str, Any]:
    stat = path.stat()
    return dict(_parsed_constants(path, stat.st_mtime_ns, stat.st_size, names))


# Every Context.create(migrate=True) asks for the head: each file is parsed once per version of
# it. The lock: CPython 3.11's AST constructor can fail ("recursion depth mismatch") when two
# threads build ASTs at once.
_PARSING = threading.Lock()


@functools.lru_cache(maxsize=256)
def _parsed_constants(path: Path, _mtime_ns: int, _size: int, names: tuple[str, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    source = path.read_text(encoding="utf-8")
    with _PARSING:
        module = ast.parse(source)
    for statement in module.body:
        target = value = None
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            target, value = statement.target.id, statement.value
        elif isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
            target, value = statement.targets[0].id, statement.value
        if target in names and value is not None:
            found[target] = ast.literal_eval(value)
    return found


def schema_is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def _at_head(engine: Engine) -> bool:
    try:
        return schema_is_current(engine)
    except RuntimeError:
        return False  # several heads, in the database or the chain: Alembic says what is wrong
