"""What `cica init` loads of confidence-building measures with the charter: its catalogue (with the
coordinator terms) and the notification forms."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.cbm import operations
from cica.cbm.data import forms_data
from cica.registry import snapshot


def load_catalogue(session: Session, actor: Actor) -> str | None:
    """Adds the charter's catalogue versions this database lacks; a charter without one adds none."""
    catalogue = snapshot.current(session).document.get("catalogue") or []
    if not catalogue:
        return None
    added = operations.load_catalogue(session, catalogue, forms_data(), actor=actor)
    return f"cbm: {added} catalogue versions added from the charter ({len(catalogue) - added} already there)"
