"""Keyset paging and title search of every list, on both backends: each row exactly once however
the pages are cut and whatever is inserted between two requests; words in any language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.audit import queries as audit_queries
from cica.core import paging
from cica.core.context import Context
from cica.core.db import alembic_config, upgrade_to_head
from cica.core.errors import InvalidInput
from cica.deliberation import operations, queries, rules
from cica.deliberation.texts import LanguageVersion
from tests.factories import CHAIR, SECRETARIAT, delegate, make_draft

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IND = delegate("IND")

Lister = Callable[[Session, paging.PageRequest], tuple[list[int], paging.PageLinks]]


def drafts(session: Session, page: paging.PageRequest) -> tuple[list[int], paging.PageLinks]:
    found = queries.list_drafts(session, queries.reader(session, SECRETARIAT), page=page)
    return [item.id for item in found.items], found.page


def notices(session: Session, page: paging.PageRequest) -> tuple[list[int], paging.PageLinks]:
    found = queries.notifications(session, queries.reader(session, IND), IND, page=page)
    return [item.id for item in found.items], found.page


def audit(session: Session, page: paging.PageRequest) -> tuple[list[int], paging.PageLinks]:
    found = audit_queries.entries(
        session, audit_queries.AuditFilter(), cursor=page.cursor, limit=page.limit, actor=SECRETARIAT
    )
    return [item.seq for item in found.items], found.page


def decisions(session: Session, page: paging.PageRequest) -> tuple[list[int], paging.PageLinks]:
    found = queries.list_decisions(session, queries.reader(session, SECRETARIAT), None, page)
    return [item.id for item in found.items], found.page


def adopt(session: Session, title: str, now: datetime | None = None) -> None:
    draft = make_draft(session, organ="ministerial_council", title=title, actor=SECRETARIAT, now=now)
    procedure = operations.open_consensus(session, draft.id, actor=CHAIR, now=now)
    operations.close_consensus(session, procedure.id, actor=CHAIR, now=now)


def walk(cica: Context, lister: Lister, limit: int, between: Callable[[int], None]) -> list[int]:
    """Every id, following `next_cursor` page by page in separate units of work."""
    seen: list[int] = []
    cursor: str | None = None
    for number in range(100):
        with cica.unit_of_work(write=False) as session:
            ids, links = lister(session, paging.PageRequest(cursor, limit))
        seen += ids
        assert len(ids) <= limit
        if links.next_cursor is None:
            return seen
        cursor = links.next_cursor
        between(number)
    raise AssertionError("the pages never ended")


@pytest.mark.parametrize("lister", [drafts, notices, audit], ids=["drafts", "notices", "audit"])
def test_paging_returns_each_row_once_even_when_rows_are_inserted_between_pages(
    cica: Context, lister: Lister
) -> None:
    with cica.unit_of_work() as session:
        for number in range(7):
            make_draft(session, organ="soc", title=f"Draft {number}", now=T0 + timedelta(minutes=number))
    with cica.unit_of_work(write=False) as session:
        everything, links = lister(session, paging.PageRequest(limit=paging.MAX_LIMIT))
    assert links.next_cursor is None and len(everything) == len(set(everything)) >= 7

    def insert(number: int) -> None:
        # Newer rows (they land on pages already read) and rows with the same times as the ones
        # being read: neither may repeat a row or push one past the cursor.
        with cica.unit_of_work() as session:
            make_draft(session, organ="soc", title=f"Inserted {number}")
            make_draft(session, organ="soc", title=f"Same time {number}", now=T0 + timedelta(minutes=3))

    for limit in (1, 3, len(everything)):
        seen = walk(cica, lister, limit, insert)
        assert len(seen) == len(set(seen)), "a row came twice"
        assert set(everything) <= set(seen), "a row that existed was skipped"


def test_the_register_pages_through_each_decision_once(cica: Context) -> None:
    with cica.unit_of_work() as session:
        for number in range(4):
            adopt(session, f"Decision {number}")
    seen = walk(cica, decisions, 3, lambda _: None)
    assert len(seen) == len(set(seen)) == 4


def test_newer_leads_back_to_the_page_before(cica: Context) -> None:
    with cica.unit_of_work() as session:
        for number in range(5):
            make_draft(session, organ="soc", title=f"Draft {number}", now=T0 + timedelta(minutes=number))
    with cica.unit_of_work(write=False) as session:
        first, links = drafts(session, paging.PageRequest(limit=2))
        assert links.prev_cursor is None and links.next_cursor
        second, links = drafts(session, paging.PageRequest(links.next_cursor, 2))
        assert links.prev_cursor and not set(first) & set(second)
        back, links = drafts(session, paging.PageRequest(links.prev_cursor, 2))
        assert back == first and links.prev_cursor is None


@pytest.mark.parametrize(
    "cursor",
    ["nonsense", "", "x" * 600, paging.Keyset("decisions", (), ()).encode(paging.Direction.OLDER, [])],
)
def test_a_cursor_that_is_not_this_lists_is_refused(cica: Context, cursor: str) -> None:
    with cica.unit_of_work(write=False) as session, pytest.raises(InvalidInput, match="cursor"):
        drafts(session, paging.PageRequest(cursor or "=", 10))


def test_a_limit_out_of_bounds_is_refused(cica: Context) -> None:
    with cica.unit_of_work(write=False) as session:
        for limit in (0, paging.MAX_LIMIT + 1):
            with pytest.raises(InvalidInput, match="limit"):
                drafts(session, paging.PageRequest(None, limit))


# --- Finding by words of the title ------------------------------------------------------------

TITLES = {
    "en": "Draft Declaration on Security Cooperation",
    "ru": "Проект декларации о сотрудничестве в области безопасности",
    "zh": "关于安全合作的宣言草案",
    "fr": "Projet de déclaration sur la coopération en matière de sécurité",
}


def multilingual(session: Session, title: str = TITLES["en"], organ: str = "soc") -> int:
    draft = operations.create_draft(
        session,
        kind="declaration",
        organ=organ,
        texts=[LanguageVersion(lang, TITLES[lang] if lang != "en" else title, "Text.") for lang in TITLES],
        original_lang="en",
        sponsor="secretariat",
        actor=SECRETARIAT,
    )
    operations.circulate(session, draft.id, actor=SECRETARIAT)
    return draft.id


@pytest.mark.parametrize(
    "words",
    [
        "security cooperation",  # en
        "SECURITY",  # case
        "БЕЗОПАСНОСТИ сотрудничестве",  # ru, case
        "декларации",
        "安全合作",  # zh: a substring, no spaces
        "宣言",
        "securite cooperation",  # fr without its accents
        "DÉCLARATION",
    ],
)
def test_drafts_are_found_by_words_of_the_title_in_any_language(cica: Context, words: str) -> None:
    with cica.unit_of_work() as session:
        wanted = multilingual(session)
        make_draft(session, organ="soc", title="Annual report of the Secretariat")
    with cica.unit_of_work(write=False) as session:
        found = queries.list_drafts(session, queries.reader(session, SECRETARIAT), q=words)
        assert [item.id for item in found.items] == [wanted] and found.count == 1


def test_a_search_keeps_the_other_filters_and_the_classification(cica: Context) -> None:
    with cica.unit_of_work() as session:
        multilingual(session, organ="soc")
        multilingual(session, organ="swg")
        draft = make_draft(
            session, organ="soc", title="Security secret", classification="confidential", named=("KAZ",)
        )
    with cica.unit_of_work(write=False) as session:
        india = queries.reader(session, IND)
        assert queries.list_drafts(session, india, q="security").count == 2
        assert queries.list_drafts(session, india, q="security", organ="swg").count == 1
        assert queries.list_drafts(session, india, q="secret").count == 0
        secretariat = queries.reader(session, SECRETARIAT)
        assert [d.id for d in queries.list_drafts(session, secretariat, q="secret").items] == [draft.id]
        assert queries.list_drafts(session, india, q="security nothing-like-this").count == 0


def test_a_revision_changes_what_a_draft_is_found_by(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft_id = multilingual(session)
        operations.revise(
            session,
            draft_id,
            texts=[LanguageVersion("en", "Renamed text", "Text.")],
            note="",
            actor=SECRETARIAT,
        )
    with cica.unit_of_work(write=False) as session:
        who = queries.reader(session, SECRETARIAT)
        assert queries.list_drafts(session, who, q="renamed").count == 1
        assert queries.list_drafts(session, who, q="безопасности").count == 0


def test_decisions_notices_and_the_audit_trail_are_found_by_their_words(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(
            session, organ="ministerial_council", title="Déclaration d'Almaty", actor=SECRETARIAT
        )
        procedure = operations.open_consensus(session, draft.id, actor=CHAIR)
        operations.close_consensus(session, procedure.id, actor=CHAIR)
        adopt(session, "Annual report")
        make_draft(session, organ="soc", title="Другой проект")
    with cica.unit_of_work(write=False) as session:
        who = queries.reader(session, SECRETARIAT)
        register = queries.list_decisions(session, who, queries.DecisionFilter(q="declaration almaty"))
        assert [item.title for item in register.items] == ["Déclaration d'Almaty"]
        inbox = queries.notifications(session, queries.reader(session, IND), IND, q="ДРУГОЙ")
        assert inbox.items and all(item.draft_id == inbox.items[0].draft_id for item in inbox.items)
        entries = audit_queries.entries(session, audit_queries.AuditFilter(q="другой"), actor=SECRETARIAT)
        assert entries.items and all("Другой" in entry.summary for entry in entries.items)


@pytest.mark.parametrize("words", ["x" * 201, " ".join(["w"] * 11)])
def test_a_search_too_long_is_refused(cica: Context, words: str) -> None:
    with cica.unit_of_work(write=False) as session, pytest.raises(InvalidInput, match="q: a search"):
        queries.list_drafts(session, queries.reader(session, SECRETARIAT), q=words)


# --- What a list row loads --------------------------------------------------------------------


def statements(session: Session, run: Callable[[], Any]) -> list[str]:
    seen: list[str] = []

    def note(*args: Any) -> None:
        seen.append(str(args[2]))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return seen


def test_the_register_list_neither_loads_participants_nor_derives_names_per_row(
    cica: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    with cica.unit_of_work() as session:
        for number in range(3):
            adopt(session, f"Decision {number}")
    derived: list[Any] = []
    original = rules.Competences.from_charter

    def counted(*args: Any, **kwargs: Any) -> rules.Competences:
        derived.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(rules.Competences, "from_charter", counted)
    with cica.unit_of_work(write=False) as session:
        who = queries.reader(session, Actor.command_line(), "fr", day=(T0 + timedelta(days=400)).date())
        sql = statements(session, lambda: queries.list_decisions(session, who))
        listed = queries.list_decisions(session, who)
    assert listed.count == 3 and len(listed.items) == 3
    assert not [s for s in sql if "participants" in s], "the list loaded the participants column"
    assert len(derived) <= 1, "organ names derived per row"


def test_the_migration_fills_the_search_from_existing_records(cica: Context, settings: Any) -> None:
    """Records written before `search_text` existed are found once the migration has run."""
    with cica.unit_of_work() as session:
        multilingual(session)
        adopt(session, "Déclaration d'Almaty")
    config = alembic_config(settings.database_url)
    with cica.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004i")
    with cica.engine.begin() as connection:
        assert "search_text" not in inspect(connection).get_table_names()
    upgrade_to_head(cica.engine)
    with cica.unit_of_work(write=False) as session:
        who = queries.reader(session, SECRETARIAT)
        assert queries.list_drafts(session, who, q="安全合作").count == 1
        assert queries.list_decisions(session, who, queries.DecisionFilter(q="almaty declaration")).count == 1
        entries = audit_queries.entries(session, audit_queries.AuditFilter(q="almaty"), actor=SECRETARIAT)
        assert entries.items
