"""Appointing coordinators: a term is recorded with the SOC decision that appointed it and is
renewable, but a state holds one term at a time in a role of an area — an overlapping term, an
unknown state or a date that is not one is refused naming the rule, and nothing changes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from cica.access.actors import Actor
from cica.audit.models import AuditEntry
from cica.cbm import operations, queries, setup
from cica.cbm.models import CoordinatorTerm, Dimension, PriorityArea
from cica.cbm.rules import Role
from cica.core.context import Context
from cica.core.errors import InvalidInput, PermissionDenied
from tests.factories import SECRETARIAT, delegate


def _area(context: Context, key: str) -> int:
    with context.unit_of_work() as session:
        setup.load_catalogue(session, Actor.system())
        return session.scalars(
            select(PriorityArea.id)
            .join(Dimension)
            .where(PriorityArea.key == key, Dimension.version_id == "2021")
        ).one()


def _counts(context: Context) -> tuple[int, int]:
    with context.unit_of_work(write=False) as session:
        terms = session.scalar(select(func.count()).select_from(CoordinatorTerm)) or 0
        entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        return terms, entries


def test_a_term_is_recorded_renewed_and_an_overlapping_one_refused(cica: Context) -> None:
    area = _area(cica, "ict_security")
    with cica.unit_of_work() as session:
        operations.appoint(
            session, area, "KAZ", Role.CO_COORDINATOR, starts="2027-01-01", ends="2029-01-01",
            decision="SOC decision of December 2026", actor=SECRETARIAT,
        )  # fmt: skip
    before = _counts(cica)
    refusals = [
        ({"starts": "2028-06-01", "ends": "2030-01-01"}, "KAZ", "a state holds one term at a time"),
        ({"starts": "2026-01-01", "ends": None}, "KAZ", "a state holds one term at a time"),
        ({"starts": "2030-01-01", "ends": "2029-01-01"}, "KAZ", "a term ends after it starts"),
        ({"starts": "2030-13-01"}, "KAZ", "is not a date"),
        ({"starts": "2030-01-01"}, "XXX", "no participant 'XXX'"),
    ]
    for dates, who, rule in refusals:
        with pytest.raises(InvalidInput, match=rule), cica.unit_of_work() as session:
            operations.appoint(session, area, who, Role.CO_COORDINATOR, **dates, actor=SECRETARIAT)
    with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
        operations.appoint(session, area, "KAZ", Role.COORDINATOR, starts="2030-01-01", actor=delegate("KAZ"))
    assert _counts(cica)[0] == before[0]
    # Renewed where the term before ends.
    with cica.unit_of_work() as session:
        operations.appoint(session, area, "KAZ", Role.CO_COORDINATOR, starts="2029-01-01", actor=SECRETARIAT)
    with cica.unit_of_work(write=False) as session:
        on = queries.coordinators(session, date(2029, 6, 1))
    kazakhstan = [t for t in on.terms if t.participant == "KAZ" and t.area == "ict_security"]
    assert [(t.role, t.starts, t.ends) for t in kazakhstan] == [(Role.CO_COORDINATOR, "2029-01-01", None)]
    # Russia's coordination of ICT security has no dates in the sources: a dated term may be recorded.
    with cica.unit_of_work() as session:
        operations.appoint(session, area, "RUS", Role.COORDINATOR, starts="2027-01-01", actor=SECRETARIAT)
