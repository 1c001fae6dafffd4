"""Settings, each declared once with its environment variable, default and help text.

`docs/configuration.md` is generated from `SETTINGS` and a test fails when the two drift apart.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


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
        "Key that signs session and CSRF cookies. Empty means a random key is generated and "
        "kept in the database on first start, so restarts keep sessions valid.",
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
        "unless the server listens on a loopback address.",
    ),
)


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///cica.db"
    charter_path: str = ""
    secret_key: str = ""
    default_language: str = "en"
    secure_cookies: str = "auto"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(**{spec.name: env.get(spec.env, spec.default) for spec in SETTINGS})

    @property
    def charter_file(self) -> Path | None:
        return Path(self.charter_path) if self.charter_path else None
