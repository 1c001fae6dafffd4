"""The papers of the CBM process: a document linked to its priority area as a concept paper, to
the year as its Plan of Implementation; a paper of an area without its area, a yearly paper
without its year, or the same link twice is refused naming the rule; a confidential document
stays unlisted for those who may not read it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cica.access.actors import Actor
from cica.cbm import operations, queries, setup
from cica.cbm.models import Dimension, Paper, PriorityArea
from cica.cbm.rules import PaperKind
from cica.core.context import Context
from cica.core.errors import Conflict, InvalidInput, PermissionDenied
from tests.factories import SECRETARIAT, delegate, make_document


def test_papers_are_linked_refused_and_listed_as_their_documents_allow(cica: Context) -> None:
    with cica.unit_of_work() as session:
        setup.load_catalogue(session, Actor.system())
        area = session.scalars(
            select(PriorityArea.id)
            .join(Dimension)
            .where(PriorityArea.key == "ict_security", Dimension.version_id == "2021")
        ).one()
        concept = make_document(session, symbol="CICA/SOC/2026/1").symbol
        plan = make_document(
            session, symbol="CICA/SOC/2026/2", classification="confidential", named=("KAZ",)
        ).symbol
    with cica.unit_of_work() as session:
        operations.link_paper(session, concept, PaperKind.CONCEPT_PAPER, area_id=area, actor=SECRETARIAT)
        operations.link_paper(session, plan, PaperKind.PLAN_OF_IMPLEMENTATION, year=2026, actor=SECRETARIAT)
    refusals = [
        (
            (concept, PaperKind.CONCEPT_PAPER),
            {"area_id": area},
            Conflict,
            "linked as a concept paper already",
        ),
        ((concept, PaperKind.ACTION_PLAN), {}, InvalidInput, "belongs to a priority area"),
        ((concept, PaperKind.IMPLEMENTATION_REPORT), {}, InvalidInput, "is of a year"),
        ((concept, PaperKind.DIMENSION_REVIEW), {"year": 2026}, InvalidInput, "names the dimension reviewed"),
    ]
    for args, options, error, rule in refusals:
        with pytest.raises(error, match=rule), cica.unit_of_work() as session:
            operations.link_paper(session, *args, **options, actor=SECRETARIAT)
    with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
        operations.link_paper(session, concept, PaperKind.ACTION_PLAN, area_id=area, actor=delegate("KAZ"))
    with cica.unit_of_work(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Paper)) == 2
        public = queries.papers(session, None)
        kazakhstan = queries.papers(session, delegate("KAZ"))
    assert [(p.symbol, p.kind, p.area) for p in public] == [
        ("CICA/SOC/2026/1", PaperKind.CONCEPT_PAPER, "ict_security")
    ]
    assert {p.symbol for p in kazakhstan} == {"CICA/SOC/2026/1", "CICA/SOC/2026/2"}
