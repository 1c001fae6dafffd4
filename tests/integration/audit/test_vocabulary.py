"""One vocabulary: an audit entry names an action some capability declares, and the kinds of
the draft history and of notices are enums the database holds to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from cica.audit import operations as audit
from cica.audit import vocabulary
from cica.audit.models import AuditEntry
from cica.core.context import Context
from tests.factories import SECRETARIAT, make_draft

SOURCE = Path(__file__).resolve().parents[3] / "src" / "cica"
WRITTEN = re.compile(r'\baction\s*=\s*"([a-z_]+\.[a-z_.]+)"|_settle\([^)]*"([a-z_]+\.[a-z_]+)"', re.S)


def test_an_action_no_capability_declares_is_refused_and_nothing_is_written(cica: Context) -> None:
    with cica.unit_of_work() as session:
        before = session.query(AuditEntry).count()
        with pytest.raises(ValueError, match=r"draft\.teleport"):
            audit.record(session, actor=SECRETARIAT, action="draft.teleport", objects=[], summary="no")
        assert session.query(AuditEntry).count() == before


def test_every_action_the_code_writes_is_declared() -> None:
    written = {
        found
        for path in SOURCE.rglob("*.py")
        for match in WRITTEN.finditer(path.read_text(encoding="utf-8"))
        for found in match.groups()
        if found
    }
    assert {"draft.create", "silence.finalise", "charter.load", "amendment.reject"} <= written
    assert written - vocabulary.declared() == set()


@pytest.mark.parametrize(
    ("table", "column"), [("notification", "kind"), ("draft_event", "action")], ids=["notice", "event"]
)
def test_the_database_refuses_a_kind_outside_the_enum(cica: Context, table: str, column: str) -> None:
    with cica.unit_of_work() as session:
        make_draft(session, actor=SECRETARIAT)  # circulated: a history step and notices
    with pytest.raises(IntegrityError), cica.unit_of_work() as session:
        session.execute(text(f"UPDATE {table} SET {column} = 'teleported'"))
