"""Every capability's tables in one `metadata`, for Alembic and the tests."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import MetaData

from cica.capabilities import CAPABILITIES
from cica.core import search as _search  # noqa: F401  (core's own table: search_text)
from cica.core.capability import Capability, load
from cica.core.db import Base


def load_models(capabilities: Sequence[Capability] = CAPABILITIES) -> MetaData:
    """Imports each capability's models module, which adds its tables to `Base.metadata`."""
    for capability in capabilities:
        if capability.models is not None:
            load(capability.models)
    return Base.metadata


metadata = load_models()
