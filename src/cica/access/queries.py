"""The classification filter every capability applies to its lists: who may see which record."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, false, or_, true
from sqlalchemy.orm import Session

from cica.access import rules
from cica.access.actors import Actor
from cica.access.guard import standing


def viewer(session: Session, actor: Actor | None, day: date | None = None) -> rules.Viewer | None:
    """The classification view of `actor`: whether its delegation is a member on `day` counts."""
    if actor is None:
        return None
    if actor.is_secretariat:
        return rules.Viewer(secretariat=True)
    return rules.Viewer.of(actor, standing(session, actor.delegation, day, chair=False))


def visible_to(
    who: rules.Viewer | None, classification: ColumnElement[str], named: ColumnElement[str]
) -> ColumnElement[bool]:
    """A WHERE clause keeping only rows `who` may see, the SQL twin of `rules.may_see`.

    `named` holds the named delegations as written by `rules.encode_named` (",IND,PAK,").
    Apply it to every list, search, count and export, so hidden rows are not even counted.
    """
    if who is not None and who.secretariat:
        return true()
    allowed: list[ColumnElement[bool]] = [classification == "public"]
    if who is not None and who.member:
        allowed.append(classification == "restricted")
    if who is not None and who.delegation:
        allowed.append(
            (classification == "confidential") & named.contains(f",{who.delegation},", autoescape=True)
        )
    return or_(false(), *allowed)
