"""Writing adopted texts into the decision register, one or thousands at a time.

Called by the operations that end a procedure with adoption (closing a consensus, finalising
silence), inside their transaction. Numbers come from `decision_counter` with one conditional
UPDATE per numbering scope, so concurrent adoptions in a scope queue on that row; the unique
symbol and the unique procedure of a decision are the database's last word.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from cica.core import search
from cica.core.db import Base
from cica.deliberation import symbols
from cica.deliberation.facts import Facts
from cica.deliberation.models import (
    Decision,
    DecisionCounter,
    DecisionRemark,
    DecisionTally,
    DecisionText,
    Draft,
)
from cica.deliberation.records import FrozenText


@dataclass(frozen=True)
class Remark:
    participant: str
    kind: str  # reservation or statement
    text: str
    paragraphs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Adoption:
    """Everything a decision keeps, gathered by the operation that adopted the text."""

    procedure_id: int
    procedure_kind: str
    draft: Draft
    revision: int
    texts: Sequence[FrozenText]
    adopted_at: datetime
    adopted_on: date
    participants: list[dict[str, str]]
    remarks: Sequence[Remark] = field(default_factory=tuple)


__all__ = ["Adoption", "FrozenText", "Recorded", "Remark", "record_decisions", "table"]


@dataclass(frozen=True)
class Recorded:
    id: int
    symbol: str
    procedure_id: int
    draft_id: int


def table(model: type[Base]) -> Table:
    """The model's table, for bulk writes as Core statements: thousands of rows go in one
    statement without the ORM's per-row bookkeeping (the same columns, types and defaults)."""
    return cast(Table, model.__table__)


def scope_key(pattern: str, organ: str, year: int) -> str:
    """The numbering scope of a decision: `organ=soc;year=2026`, or `all` if the pattern shows neither."""
    parts = []
    for name in symbols.numbering_scope(pattern):
        parts.append(f"organ={organ}" if name == "organ" else f"year={year}")
    return ";".join(parts) or "all"


def _take_numbers(session: Session, scope: str, count: int) -> range:
    """`count` consecutive numbers in `scope`, taken atomically."""
    dialect = session.get_bind().dialect.name
    maker: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(maker(DecisionCounter).values(scope=scope, last=0).on_conflict_do_nothing())
    last = session.execute(
        update(DecisionCounter)
        .where(DecisionCounter.scope == scope)
        .values(last=DecisionCounter.last + count)
        .returning(DecisionCounter.last)
    ).scalar_one()
    return range(last - count + 1, last + 1)


def _tally(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Adds the new decisions to the register's tally (`DecisionTally`), one upsert a combination."""
    added: Counter[tuple[int, str, str, str, str]] = Counter(
        (row["adopted_on"].year, row["organ_id"], row["kind"], row["classification"], row["named"])
        for row in rows
    )
    dialect = session.get_bind().dialect.name
    maker: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for (year, organ_id, kind, classification, named), count in sorted(added.items()):
        statement = maker(DecisionTally).values(
            year=year, organ_id=organ_id, kind=kind, classification=classification, named=named, count=count
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["year", "organ_id", "kind", "classification", "named"],
                set_={"count": DecisionTally.count + statement.excluded.count},
            )
        )


def record_decisions(
    session: Session, adoptions: Sequence[Adoption], *, known: Facts, now: datetime
) -> list[Recorded]:
    """Writes one decision per adoption (with its frozen texts and remarks) and returns them in
    the order given. Rows are written in bulk: finalising thousands of procedures is one batch."""
    if not adoptions:
        return []
    pattern = known.symbol_pattern
    by_scope: dict[str, list[int]] = defaultdict(list)
    for index, adoption in enumerate(adoptions):
        by_scope[scope_key(pattern, adoption.draft.organ_id, adoption.adopted_on.year)].append(index)
    numbers: dict[int, int] = {}
    for scope in sorted(by_scope):  # a fixed order, so two writers take scope rows in the same order
        indexes = by_scope[scope]
        for index, number in zip(indexes, _take_numbers(session, scope, len(indexes)), strict=True):
            numbers[index] = number
    rows: list[dict[str, Any]] = []
    for index, adoption in enumerate(adoptions):
        draft = adoption.draft
        symbol = symbols.decision_symbol(
            pattern,
            org=known.org_code,
            organ=known.organ_code(draft.organ_id),
            year=adoption.adopted_on.year,
            number=numbers[index],
        )
        rows.append(
            {
                "symbol": symbol,
                "number": numbers[index],
                "procedure_id": adoption.procedure_id,
                "draft_id": draft.id,
                "revision": adoption.revision,
                "organ_id": draft.organ_id,
                "kind": draft.kind,
                "procedure_kind": adoption.procedure_kind,
                "adopted_on": adoption.adopted_on,
                "adopted_at": adoption.adopted_at,
                "participants": adoption.participants,
                "classification": draft.classification,
                "named": draft.named,
                "original_lang": draft.original_lang,
                "title": next((t.title for t in adoption.texts if t.original), draft.title),
                "amends_id": draft.amends_id,
                "supersedes_id": draft.supersedes_id,
                "recorded_at": now,
            }
        )
    # Each new id is matched to its row by the symbol, unique: asking the database to return them
    # in the rows' order would make SQLite insert one row per statement.
    decisions = table(Decision)
    written: dict[str, int] = dict(
        session.execute(insert(decisions).returning(decisions.c.symbol, decisions.c.id), rows).all()
    )
    ids = [written[row["symbol"]] for row in rows]
    _tally(session, rows)
    texts = [
        {"decision_id": decision_id, "lang": t.lang, "original": t.original, "title": t.title, "body": t.body}
        for decision_id, adoption in zip(ids, adoptions, strict=True)
        for t in adoption.texts
    ]
    remarks = [
        {
            "decision_id": decision_id,
            "participant_code": r.participant,
            "kind": r.kind,
            "text": r.text,
            "paragraphs": list(r.paragraphs),
        }
        for decision_id, adoption in zip(ids, adoptions, strict=True)
        for r in adoption.remarks
    ]
    if texts:
        session.execute(insert(table(DecisionText)), texts)
    search.index(
        session,
        search.Subject.DECISION,
        [(i, [t.title for t in adoption.texts]) for i, adoption in zip(ids, adoptions, strict=True)],
        new=True,
    )
    if remarks:
        session.execute(insert(table(DecisionRemark)), remarks)
    return [
        Recorded(decision_id, str(row["symbol"]), adoption.procedure_id, adoption.draft.id)
        for decision_id, row, adoption in zip(ids, rows, adoptions, strict=True)
    ]
