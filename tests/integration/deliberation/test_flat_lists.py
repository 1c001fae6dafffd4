"""Lists stay flat as rows grow: a page's statements are the same however many rows exist, each
reads through an index in the list's order (no full scan, no sort of every row), and the
register's counts come from its tally, not from grouping every decision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from alembic import command
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from cica.core.context import Context
from cica.core.db import alembic_config, upgrade_to_head
from cica.deliberation import operations, queries
from cica.deliberation.models import DecisionTally
from tests.factories import CHAIR, SECRETARIAT, delegate, make_draft

IND = delegate("IND")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

Statement = tuple[str, Any]


def adopt(
    session: Session, title: str, *, classification: str = "public", organ: str = "ministerial_council"
) -> None:
    draft = make_draft(
        session, organ=organ, title=title, actor=SECRETARIAT, now=T0, classification=classification
    )
    procedure = operations.open_consensus(session, draft.id, actor=CHAIR, now=T0)
    operations.close_consensus(session, procedure.id, actor=CHAIR, now=T0)


def executed(session: Session, run: Callable[[], Any]) -> list[Statement]:
    seen: list[Statement] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return [(sql, parameters) for sql, parameters in seen if sql.lstrip().upper().startswith("SELECT")]


def plan(session: Session, statement: Statement) -> str:
    """The backend's plan of one statement, as text (PostgreSQL told to avoid sequential scans,
    so that on a few test rows it still shows whether an index can serve the query)."""
    sql, parameters = statement
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = connection.exec_driver_sql("EXPLAIN " + sql, parameters).all()
        return "\n".join(row[0] for row in rows)
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters).all()
    return "\n".join(str(row[-1]) for row in rows)


def test_a_register_page_issues_the_same_statements_at_any_size(cica: Context) -> None:
    def page_statements() -> list[str]:
        with cica.unit_of_work(write=False) as session:
            who = queries.reader(session, SECRETARIAT)
            return [sql for sql, _ in executed(session, lambda: queries.list_decisions(session, who))]

    with cica.unit_of_work() as session:
        adopt(session, "Decision 0")
    few = page_statements()
    with cica.unit_of_work() as session:
        for number in range(1, 8):
            adopt(session, f"Decision {number}")
    many = page_statements()
    assert len(many) == len(few)
    # The counts and filter values are read from the tally, never by grouping the register.
    assert not [sql for sql in many if "count(" in sql.lower() and "FROM decision " in sql + " "]


def test_the_register_counts_from_its_tally_what_the_reader_may_see(cica: Context) -> None:
    with cica.unit_of_work() as session:
        adopt(session, "Open 1")
        adopt(session, "Open 2", organ="summit")
        adopt(session, "Members only", classification="restricted")
    with cica.unit_of_work(write=False) as session:
        tallied = session.scalar(select(DecisionTally.count).where(DecisionTally.classification == "public"))
        everything = queries.list_decisions(session, queries.reader(session, SECRETARIAT))
        public = queries.list_decisions(session, queries.reader(session, None))
        in_council = queries.list_decisions(
            session, queries.reader(session, None), queries.DecisionFilter(organ="ministerial_council")
        )
        by_words = queries.list_decisions(
            session, queries.reader(session, None), queries.DecisionFilter(q="open")
        )
    assert tallied == 1  # one public decision in each organ
    assert (everything.count, public.count, in_council.count, by_words.count) == (3, 2, 1, 2)
    assert public.organs == ["ministerial_council", "summit"]
    assert len(public.items) == 2


def test_the_migration_tallies_the_decisions_that_exist(cica: Context, settings: Any) -> None:
    with cica.unit_of_work() as session:
        adopt(session, "Before the tally 1")
        adopt(session, "Before the tally 2")
    config = alembic_config(settings.database_url)
    with cica.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005m")
    upgrade_to_head(cica.engine)
    with cica.unit_of_work(write=False) as session:
        assert queries.list_decisions(session, queries.reader(session, SECRETARIAT)).count == 2
        assert session.scalar(select(DecisionTally.count)) == 2


def test_each_list_page_reads_through_an_index_in_its_order(cica: Context) -> None:
    with cica.unit_of_work() as session:
        for number in range(3):
            adopt(session, f"Decision {number}")
    with cica.unit_of_work(write=False) as session:
        secretariat = queries.reader(session, SECRETARIAT)
        delegation = queries.reader(session, IND)
        lists: dict[str, Callable[[], Any]] = {
            "decision": lambda: queries.list_decisions(session, secretariat),
            "notification": lambda: queries.notifications(session, delegation, IND),
            "draft": lambda: queries.list_drafts(session, secretariat),
        }
        for table, run in lists.items():
            page = [s for s in executed(session, run) if f"ORDER BY {table}." in s[0] and "LIMIT" in s[0]]
            assert len(page) == 1, table
            shown = plan(session, page[0])
            assert "TEMP B-TREE" not in shown and "Sort" not in shown, f"{table}: sorts every row\n{shown}"
            assert "INDEX" in shown.upper(), f"{table}: no index\n{shown}"
            if session.get_bind().dialect.name == "sqlite":
                assert f"SCAN {table}\n" not in shown + "\n", f"{table}: full scan\n{shown}"
        unread = [s for s in executed(session, lists["notification"]) if "read_at IS NULL" in s[0]]
        assert len(unread) == 1
        assert "ix_notification_unread" in plan(session, unread[0])
