"""Imports every capability's tables, so that `metadata` is complete for Alembic and tests, and
their audit content digesters, so that `audit.content` knows every kind."""

from cica.access import digests as _access_digests  # noqa: F401
from cica.access import models as _access_models  # noqa: F401
from cica.audit import models as _audit_models  # noqa: F401
from cica.core.db import Base
from cica.deliberation import digests as _deliberation_digests  # noqa: F401
from cica.deliberation import models as _deliberation_models  # noqa: F401
from cica.registry import models as _registry_models  # noqa: F401

metadata = Base.metadata
