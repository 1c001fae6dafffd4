"""Settings, each declared once with its environment variable, default and help text.

`docs/configuration.md` is generated from `SETTINGS` and a test fails when the two drift apart.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cica.core.errors import InvalidInput


@dataclass(frozen=True)
class SettingSpec:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "database_url",
        "CICA_DATABASE_URL",
        "sqlite:///cica.db",
        "SQLAlchemy URL of the database. SQLite (the default, a file in the working "
        "directory) or PostgreSQL as `postgresql+psycopg://user:password@host/dbname`.",
    ),
    SettingSpec(
        "database_pool_size",
        "CICA_DATABASE_POOL_SIZE",
        "5",
        "Database connections each process keeps open for reuse (SQLite and PostgreSQL): a request "
        "takes one from the pool for its whole unit of work and gives it back, so connecting (and "
        "SQLite's PRAGMAs) happens once per connection, not per request.",
    ),
    SettingSpec(
        "database_pool_overflow",
        "CICA_DATABASE_POOL_OVERFLOW",
        "10",
        "Connections a process may open beyond `CICA_DATABASE_POOL_SIZE` under load; they are "
        "closed when given back. On PostgreSQL, keep workers × (size + overflow) below the "
        "server's `max_connections`.",
    ),
    SettingSpec(
        "database_pool_timeout",
        "CICA_DATABASE_POOL_TIMEOUT",
        "30",
        "Seconds a request waits for a free connection when the pool and its overflow are all in "
        "use, before it fails with an error.",
    ),
    SettingSpec(
        "answer_cache_bytes",
        "CICA_ANSWER_CACHE_BYTES",
        "33554432",
        "Memory, in bytes, each process may use to keep answers of the routes that declare them "
        "cacheable (33554432 = 32 MiB), served again without running the route while the database "
        "has seen no commit and the answer's time has not run out; the least recently used go "
        "first. `0` turns the cache off.",
    ),
    SettingSpec(
        "charter_path",
        "CICA_CHARTER",
        "",
        "Charter TOML file that `cica init` and `cica demo` load when `--charter` is not given. "
        "Empty means the built-in CICA charter.",
    ),
    SettingSpec(
        "secret_key",
        "CICA_SECRET_KEY",
        "",
        "Key that signs the sign-in form's CSRF cookie (sessions themselves are random tokens "
        "kept server-side). Empty means a random key is generated and kept in the database on "
        "first use, so restarts and several workers share it.",
    ),
    SettingSpec(
        "default_language",
        "CICA_DEFAULT_LANGUAGE",
        "en",
        "Interface language when neither `?lang=`, the language cookie nor the browser's "
        "Accept-Language names a supported one (en, ru, zh, fr).",
    ),
    SettingSpec(
        "secure_cookies",
        "CICA_SECURE_COOKIES",
        "auto",
        "`true` marks cookies Secure (HTTPS only); `false` does not; `auto` marks them Secure "
        "unless the server listens on a loopback address and the request came over plain HTTP "
        "(behind a proxy, run uvicorn with proxy headers so that HTTPS is seen).",
    ),
    SettingSpec(
        "session_idle_minutes",
        "CICA_SESSION_IDLE_MINUTES",
        "120",
        "A web session ends after this many minutes without a request; the user signs in again.",
    ),
    SettingSpec(
        "session_max_hours",
        "CICA_SESSION_MAX_HOURS",
        "12",
        "A web session ends this many hours after sign-in, however active it was.",
    ),
    SettingSpec(
        "argon2_time_cost",
        "CICA_ARGON2_TIME_COST",
        "3",
        "Argon2id passes over memory per password hash. With the memory and parallelism "
        "defaults one sign-in costs about 100-150 ms on a 2-core server (see `make bench`).",
    ),
    SettingSpec(
        "argon2_memory_kib",
        "CICA_ARGON2_MEMORY_KIB",
        "65536",
        "Argon2id memory per password hash, in KiB (65536 = 64 MiB). Existing hashes keep "
        "their own parameters and are re-hashed with the new ones at the next sign-in.",
    ),
    SettingSpec(
        "argon2_parallelism",
        "CICA_ARGON2_PARALLELISM",
        "2",
        "Argon2id lanes (threads) per password hash.",
    ),
    SettingSpec(
        "trusted_proxies",
        "CICA_TRUSTED_PROXIES",
        "",
        "Comma-separated addresses of the reverse proxies in front of `cica serve` (e.g. "
        "`127.0.0.1`). Only requests from these have their `X-Forwarded-For` and "
        "`X-Forwarded-Proto` believed (the client's address for sign-in throttling, HTTPS for "
        "Secure cookies); empty means no proxy, so nobody can choose the address they are "
        "throttled by.",
    ),
    SettingSpec(
        "max_request_bytes",
        "CICA_MAX_REQUEST_BYTES",
        "1048576",
        "Largest request body (JSON or form) the server accepts, in bytes (1048576 = 1 MiB). A "
        "larger one is refused with 413 before any of it is parsed, whether it declares its "
        "length or is sent in chunks.",
    ),
    SettingSpec(
        "max_upload_bytes",
        "CICA_MAX_UPLOAD_BYTES",
        "10485760",
        "Largest upload (a document's file sent to a form whose address ends in /upload), in bytes "
        "(10485760 = 10 MiB); other requests are held to CICA_MAX_REQUEST_BYTES.",
    ),
    SettingSpec(
        "max_file_bytes",
        "CICA_MAX_FILE_BYTES",
        "10485760",
        "Largest file the command line reads (`drafts create --file`, `charter validate`, …), in "
        "bytes (10485760 = 10 MiB); a larger one, or one that never ends such as /dev/zero, is "
        "refused after reading at most this much.",
    ),
    SettingSpec(
        "scheduler_seconds",
        "CICA_SCHEDULER_SECONDS",
        "5",
        "How often each `cica serve` worker checks for silence procedures whose deadline has "
        "passed and adopts their texts (each is adopted once, however many workers check). `0` "
        "turns the built-in scheduler off; then run `cica tick` from cron.",
    ),
    SettingSpec(
        "frozen_time",
        "CICA_FROZEN_TIME",
        "",
        "An ISO 8601 moment with its time zone (e.g. `2026-12-01T23:30:00+00:00`) at which the "
        "clock stands still: every default date and deadline is reckoned from it. For tests, "
        "demonstrations and replays; empty (the default) means the system clock.",
    ),
    SettingSpec(
        "audit_key_dir",
        "CICA_AUDIT_KEY_DIR",
        "",
        "Directory of the audit trail's keys, created by `cica init` with 0600 permissions: "
        "`audit-chain.key` (the HMAC-SHA-256 key of the hash chain) and `audit-signing.key` (the "
        "Ed25519 key that signs checkpoints). Keep them out of the database and of its backups, "
        "and back them up apart: whoever has the database but not these files cannot rewrite the "
        "trail unnoticed. Empty means the SQLite database's directory, or the working directory "
        "for PostgreSQL.",
    ),
    SettingSpec(
        "search_index_dir",
        "CICA_SEARCH_INDEX_DIR",
        "",
        "Directory of the full-text search index (tantivy). The index is derived from the "
        "database: delete it and run `cica search reindex` to rebuild it. Every process of one "
        "instance must share it (one of them writes at a time, under `indexer.lock`). Empty means "
        "`search-index` beside the SQLite database, or in the working directory for PostgreSQL.",
    ),
    SettingSpec(
        "audit_public_key",
        "CICA_AUDIT_PUBLIC_KEY",
        "",
        "The instance's published Ed25519 public key (base64, as `cica audit public-key` prints "
        "it): `cica audit verify --checkpoint` accepts only receipts signed with it. Empty means "
        "the public half of `audit-signing.key`.",
    ),
)


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///cica.db"
    database_pool_size: int = 5
    database_pool_overflow: int = 10
    database_pool_timeout: int = 30
    answer_cache_bytes: int = 33_554_432
    charter_path: str = ""
    secret_key: str = ""
    default_language: str = "en"
    secure_cookies: str = "auto"
    session_idle_minutes: int = 120
    session_max_hours: int = 12
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 2
    trusted_proxies: str = ""
    max_request_bytes: int = 1_048_576
    max_upload_bytes: int = 10_485_760
    max_file_bytes: int = 10_485_760
    scheduler_seconds: int = 5
    frozen_time: str = ""
    audit_key_dir: str = ""
    search_index_dir: str = ""
    audit_public_key: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in SETTINGS:
            raw = env.get(spec.env, spec.default)
            # Numeric settings are declared with an int default; their text must be a number.
            if isinstance(getattr(cls, spec.name), int):
                try:
                    values[spec.name] = int(raw)
                except ValueError:
                    raise InvalidInput(f"{spec.env}: {raw!r} is not a whole number") from None
            else:
                values[spec.name] = raw
        return cls(**values)

    @property
    def pool_options(self) -> dict[str, int]:
        """The engine's pool, as `core.db.make_engine` takes it."""
        return {
            "pool_size": self.database_pool_size,
            "max_overflow": self.database_pool_overflow,
            "pool_timeout": self.database_pool_timeout,
        }

    @property
    def proxy_addresses(self) -> list[str]:
        return [address.strip() for address in self.trusted_proxies.split(",") if address.strip()]

    @property
    def charter_file(self) -> Path | None:
        return Path(self.charter_path) if self.charter_path else None
