"""What the layers below need from the audit trail: a refusal is recorded wherever it is caught,
and every session carries the trail's keys (kept outside the database)."""

from typing import Any

from sqlalchemy import Engine

from cica.audit import keys
from cica.audit.operations import record_denial
from cica.core import denials
from cica.core.context import on_session_info
from cica.core.settings import Settings


def _keys(settings: Settings, engine: Engine, migrating: bool) -> dict[str, Any]:
    return {keys.SESSION_INFO: keys.load(settings, engine, create=migrating)}


def wire() -> None:
    denials.on_denial(record_denial)
    on_session_info(_keys)
