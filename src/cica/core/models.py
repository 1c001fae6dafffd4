"""Imports every capability's tables, so that `metadata` is complete for Alembic and tests."""

from cica.access import models as _access_models  # noqa: F401
from cica.audit import models as _audit_models  # noqa: F401
from cica.core import search as _search  # noqa: F401
from cica.core.db import Base
from cica.deliberation import models as _deliberation_models  # noqa: F401
from cica.registry import models as _registry_models  # noqa: F401

metadata = Base.metadata
