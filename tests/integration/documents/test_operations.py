"""Documents through their operations on SQLite and PostgreSQL: import with its versions and
stored alignment, symbols from the charter's pattern, certification once, corrections that keep
the old version and realign, the classification of reads, the audit trail's content digests,
and refusals that change nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from cica.access.actors import Actor
from cica.audit import queries as audit_queries
from cica.audit.models import AuditEntry
from cica.core import paging
from cica.core.context import Context
from cica.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from cica.documents import operations, queries, reading
from cica.documents.models import Document, DocumentAlignment, DocumentParagraph, DocumentVersion
from cica.documents.rules import NewVersion, VersionStatus
from tests.factories import SAMPLE_FR, SAMPLE_ZH, SECRETARIAT, delegate, make_document

SAMPLE = Path(__file__).parents[3] / "src" / "cica" / "documents" / "data" / "cica-overview.fr-zh.txt"
ADMIN = Actor(None, "admin@cica.example", "admin")


def _state(context: Context) -> dict[str, Any]:
    with context.unit_of_work(write=False) as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table))
            for table in (Document, DocumentVersion, DocumentParagraph, DocumentAlignment)
        } | {"audit_ok": session.scalar(select(func.count()).where(AuditEntry.outcome == "ok"))}


def test_the_sample_becomes_one_document_with_a_french_and_a_chinese_version(cica: Context) -> None:
    versions = reading.versions_in(SAMPLE.name, SAMPLE.read_bytes(), "auto", ["en", "ru"])
    assert [(v.lang, len(v.paragraphs)) for v in versions] == [("fr", 3), ("zh", 2)]
    with cica.unit_of_work() as session:
        document = operations.import_document(
            session, versions, details=operations.Details(), actor=SECRETARIAT
        )
        symbol = document.symbol
    assert symbol == f"CICA/GEN/DOC/{cica.clock.now().year}/1"
    with cica.unit_of_work(write=False) as session:
        shown = queries.document(session, symbol, actor=None)
        aligned = queries.alignment(session, symbol, ["fr", "zh"], actor=None)
        chinese = queries.version(session, str(shown.id), "zh", actor=None)
    assert [(v.lang, v.status) for v in shown.versions] == [
        ("fr", VersionStatus.ORIGINAL),
        ("zh", VersionStatus.UNOFFICIAL_TRANSLATION),
    ]
    assert queries.alignment_tsv(aligned) == "1\t1\n2\t-\n3\t2\n"
    assert chinese.items[0].text == "亚信会议" and len(chinese.items[1].sentences) == 6


def test_symbols_number_within_the_pattern_and_a_used_one_is_refused(
    database_url: str, cica: Context
) -> None:
    with cica.unit_of_work() as session:
        first = make_document(session).symbol
        second = make_document(session).symbol
        make_document(session, symbol="CICA/SUMMIT/2022/1")
    assert (first[-2:], second[-2:]) == ("/1", "/2")
    before = _state(cica)
    with pytest.raises(Conflict, match="already used"), cica.unit_of_work() as session:
        make_document(session, symbol="CICA/SUMMIT/2022/1")
    assert _state(cica) == before


def test_a_version_is_certified_once_and_a_correction_keeps_the_old_one(
    database_url: str, cica: Context
) -> None:
    with cica.unit_of_work() as session:
        symbol = make_document(session).symbol
    with cica.unit_of_work() as session:
        certified = operations.certify_version(session, symbol, "zh", actor=SECRETARIAT)
        assert certified.status is VersionStatus.OFFICIAL_TRANSLATION
    before = _state(cica)
    with pytest.raises(Conflict, match="already certified"), cica.unit_of_work() as session:
        operations.certify_version(session, symbol, "zh", actor=SECRETARIAT)
    assert _state(cica) == before
    corrected = ("亚信会议", "亚信会议恪守宗旨。", "加强合作。")
    with cica.unit_of_work() as session:
        operations.correct_version(
            session, symbol, NewVersion("zh", corrected, "zh.v2.txt"), actor=SECRETARIAT
        )
    with cica.unit_of_work(write=False) as session:
        shown = queries.document(session, symbol, actor=None)
        beads = session.scalars(select(DocumentAlignment.beads)).all()
        side = queries.side_by_side(session, symbol, ["fr", "zh"], actor=None)
    assert [(v.number, v.lang, v.current, v.certified_at is not None) for v in shown.versions] == [
        (1, "fr", True, False),
        (2, "zh", False, True),
        (3, "zh", True, False),
    ]
    # The alignment was computed again against the correction's three paragraphs.
    assert len(beads) == 1 and sorted(j for _, target in json.loads(beads[0]) for j in target) == [0, 1, 2]
    assert [p.number for row in side.rows for p in row[1].paragraphs] == [1, 2, 3]


def test_reads_follow_the_classification(database_url: str, cica: Context) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="S/PUBLIC")
        make_document(session, symbol="S/SECRET", classification="confidential", named=("PAK",))
    with cica.unit_of_work(write=False) as session:
        anonymous = queries.documents(session, paging.PageRequest(), actor=None)
        india = queries.documents(session, paging.PageRequest(), actor=delegate("IND"))
        pakistan = queries.documents(session, paging.PageRequest(), actor=delegate("PAK"))
        with pytest.raises(NotFound):
            queries.document(session, "S/SECRET", actor=delegate("IND"))
    assert ([i.symbol for i in anonymous.items], anonymous.count) == (["S/PUBLIC"], 1)
    assert india.count == 1
    assert [i.symbol for i in pakistan.items] == ["S/SECRET", "S/PUBLIC"]


def test_only_the_secretariat_and_the_administrator_import(database_url: str, cica: Context) -> None:
    before = _state(cica)
    with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
        make_document(session, actor=delegate("IND", "head_of_delegation"))
    assert _state(cica) == before
    with cica.unit_of_work() as session:
        make_document(session, actor=ADMIN)


def test_bad_versions_are_refused_and_change_nothing(database_url: str, cica: Context) -> None:
    before = _state(cica)
    for versions, refusal in [
        ({"fr": SAMPLE_FR, "fr-FR": SAMPLE_ZH}, None),
        ({"français": SAMPLE_FR}, "not a BCP 47"),
        ({"fr": ()}, "empty"),
    ]:
        with pytest.raises((InvalidInput, Conflict), match=refusal), cica.unit_of_work() as session:
            if refusal is None:
                # Two versions in one language from one import.
                operations.import_document(
                    session,
                    [NewVersion("fr", SAMPLE_FR, "a.txt"), NewVersion("fr", SAMPLE_ZH, "b.txt")],
                    details=operations.Details(),
                    actor=SECRETARIAT,
                )
            else:
                make_document(session, versions=versions)
    assert _state(cica) == before


def test_the_audit_trail_covers_the_versions_text(database_url: str, cica: Context) -> None:
    with cica.unit_of_work() as session:
        symbol = make_document(session).symbol
    with cica.unit_of_work(write=False) as session:
        assert audit_queries.verify(session, actor=SECRETARIAT).ok
    with cica.unit_of_work() as session:
        session.execute(
            update(DocumentParagraph).where(DocumentParagraph.number == 2).values(text="rewritten")
        )
    with cica.unit_of_work(write=False) as session:
        result = audit_queries.verify(session, actor=SECRETARIAT)
    assert not result.ok
    assert any("document:" in problem for problem in map(str, result.problems)), symbol
