"""The classification filter in SQL shows exactly what `rules.may_see` allows, counts included,
on a small table of this test's own (later capabilities apply it to their lists)."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, func, insert, select

from cica.access import queries, rules
from cica.access.actors import Actor
from cica.core.context import Context

metadata = MetaData()
papers = Table(
    "test_paper",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("classification", String(16), nullable=False),
    Column("named", Text, nullable=False),
)
NAMED = [(), ("IND",), ("PAK",), ("IND", "JPN")]
CALLERS = {
    "anonymous": None,
    "secretariat": Actor(1, "s@example.org", "secretariat"),
    "India (member)": Actor(2, "d@ind.example", "delegate", "IND"),
    "Pakistan (member)": Actor(3, "d@pak.example", "head_of_delegation", "PAK"),
    "Japan (observer)": Actor(4, "o@jpn.example", "observer_delegate", "JPN"),
}


@pytest.fixture
def paper_ids(cica: Context) -> dict[int, tuple[rules.Classification, tuple[str, ...]]]:
    metadata.create_all(cica.engine)
    rows = {
        number: (classification, named)
        for number, (classification, named) in enumerate(
            itertools.product(rules.CLASSIFICATIONS, NAMED), start=1
        )
    }
    with cica.unit_of_work() as session:
        session.execute(
            insert(papers),
            [
                {"id": n, "classification": c, "named": rules.encode_named(named)}
                for n, (c, named) in rows.items()
            ],
        )
    return rows


@pytest.mark.parametrize("caller", list(CALLERS))
def test_a_list_and_its_count_hold_only_what_the_caller_may_see(
    cica: Context, paper_ids: dict[int, tuple[rules.Classification, tuple[str, ...]]], caller: str
) -> None:
    with cica.unit_of_work(write=False) as session:
        viewer = queries.viewer(session, CALLERS[caller])
        condition = queries.visible_to(viewer, papers.c.classification, papers.c.named)
        listed = set(session.scalars(select(papers.c.id).where(condition)))
        counted = session.scalar(select(func.count()).select_from(papers).where(condition))
    expected = {
        n for n, (classification, named) in paper_ids.items() if rules.may_see(viewer, classification, named)
    }
    assert listed == expected
    assert counted == len(expected)


def test_the_viewers_differ_as_the_rules_say(cica: Context, paper_ids: dict[int, object]) -> None:
    with cica.unit_of_work(write=False) as session:
        seen = {
            caller: session.scalar(
                select(func.count())
                .select_from(papers)
                .where(
                    queries.visible_to(
                        queries.viewer(session, actor), papers.c.classification, papers.c.named
                    )
                )
            )
            for caller, actor in CALLERS.items()
        }
    # 4 public; restricted ×4 for members; confidential where named.
    assert seen == {
        "anonymous": 4,
        "secretariat": 12,
        "India (member)": 4 + 4 + 2,
        "Pakistan (member)": 4 + 4 + 1,
        "Japan (observer)": 4 + 0 + 1,
    }
