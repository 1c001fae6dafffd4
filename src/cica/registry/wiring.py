"""What the layers below need from the registry: the standing of a delegation on a day (for the
permission checks) and the organisation every page's layout names."""

from typing import Any

from sqlalchemy.orm import Session

from cica.access import guard
from cica.core import templating
from cica.registry import queries
from cica.registry.standing import standing


def _layout(session: Session, lang: str) -> dict[str, Any]:
    return {"organisation": queries.organisation(session, lang)}


def wire() -> None:
    guard.use_standing(standing)
    templating.on_layout(_layout)
