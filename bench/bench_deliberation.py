"""Deliberation: the live consensus board of a 193-member body, and finalising 10,000 silence
procedures that expire in the same second.

1. The board (`GET /procedures/{id}/board`, the fragment HTMX polls every 2 s) for a body shaped
   like the UN General Assembly, generated here: 193 member states (ISO codes from pycountry),
   2 observer states, a plenary that adopts and a committee that recommends. Half the members have
   taken a position, some with reservations. Target: p95 ≤ 30 ms. Baseline: the same body's
   member list fragment (`GET /members/list`), a page of the same size with no rules applied.
2. `cica tick` over 10,000 open silence procedures with one deadline, on SQLite, each ending with
   its decision (symbol, frozen text), history entry, notice and audit entry. Target ≤ 10 s.
   Baseline: the same work with the audit entry left out, to show what the hash chain costs.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pycountry
import tomli_w
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from bench.common import Figure, Report, baseline_revision, median, p95, sqlite_context, timings
from bench.servers import older_commit
from cica.access.actors import Actor
from cica.app import create_app
from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.deliberation import operations, scheduler
from cica.deliberation.facts import facts
from cica.deliberation.models import Decision, Draft, DraftRevision, Procedure, RevisionText
from cica.deliberation.texts import LanguageVersion

PROCEDURES = 10_000
MEMBERS = 193
SECRETARIAT = Actor(None, "secretariat@bench.example", "secretariat")
# Figure names the commit before this work printed too: "before" is read back by these names.
BOARD_P95 = f"consensus board, {MEMBERS} members, p95"
FINALISE = f"finalise {PROCEDURES:,} silence procedures (SQLite)"


def assembly_charter() -> dict[str, Any]:
    """A charter shaped like the UN General Assembly: 193 members, 2 observers, two organs."""
    codes = sorted(country.alpha_3 for country in pycountry.countries)
    observers = ["VAT", "PSE"]
    members = [code for code in codes if code not in observers][:MEMBERS]
    participants = [
        {"code": code, "type": "state", "statuses": [{"category": "member_state", "from": "1945-10-24"}]}
        for code in members
    ] + [
        {"code": code, "type": "state", "statuses": [{"category": "observer_state", "from": "1964"}]}
        for code in observers
    ]
    return {
        "organisation": {
            "id": "unga",
            "name": {"en": "General Assembly (benchmark)"},
            "abbreviation": {"en": "GA"},
            "time_zone": "America/New_York",
            "languages": {"official": ["en", "fr"], "working": ["en"]},
        },
        "categories": [
            {
                "id": "member_state",
                "kind": "member",
                "applies_to": "state",
                "name": {"en": "Member State"},
                "may_propose": True,
                "may_object": True,
                "may_break_silence": True,
            },
            {
                "id": "observer_state",
                "kind": "observer",
                "applies_to": "state",
                "name": {"en": "Observer State"},
            },
        ],
        "participants": participants,
        "document_kinds": [{"id": "resolution", "name": {"en": "Resolution"}}],
        "organs": [
            {
                "id": "plenary",
                "kind": "deliberative",
                "rank": 1,
                "names": [{"lang": "en", "name": "Plenary"}],
                "abbreviation": {"en": "GA"},
                "composition": ["member_state", "observer_state"],
                "adopts": ["resolution"],
            },
            {
                "id": "first_committee",
                "kind": "subsidiary",
                "rank": 2,
                "names": [{"lang": "en", "name": "First Committee"}],
                "composition": ["member_state"],
                "recommends": ["resolution"],
                "forwards_to": ["plenary"],
            },
        ],
        "decision_rule": {"method": "consensus", "symbol_pattern": "A/RES/{year}/{number}"},
        "silence_procedure": {"default_period": "P3D", "called_by": ["chair", "secretariat"]},
        "chairmanships": [{"participant": members[0], "from": "2000"}],
    }


def board_figures(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="cica-bench-") as folder:
        charter = Path(folder) / "assembly.toml"
        charter.write_text(tomli_w.dumps(assembly_charter()), encoding="utf-8")
        with sqlite_context(charter) as context:
            procedure_id = _assembly_session(context)
            client = TestClient(create_app(context=context))
            board = timings(lambda: client.get(f"/procedures/{procedure_id}/board"), 200, warmup=5)
            members = timings(lambda: client.get("/members/list"), 200, warmup=5)
            rows = client.get(f"/procedures/{procedure_id}/board").text.count('<tr id="board-')
    assert rows == MEMBERS + 2, rows
    report.add(Figure(BOARD_P95, p95(board) * 1000, "ms", target="≤ 30 ms"))
    report.add(
        Figure(
            "consensus board median",
            median(board) * 1000,
            "ms",
            baseline="the member list fragment of the same body",
            ratio=median(board) / median(members),
        )
    )


def _assembly_session(context: Context) -> int:
    """A resolution put to consensus in plenary with everyone present and half the members' positions."""
    chair_code = assembly_charter()["chairmanships"][0]["participant"]
    chair = Actor(None, "chair@bench.example", "delegate", chair_code)
    with context.unit_of_work() as session:
        draft = operations.create_draft(
            session,
            kind="resolution",
            organ="plenary",
            original_lang="en",
            sponsor="chair",
            actor=chair,
            texts=[LanguageVersion("en", "Resolution", "\n\n".join(f"Paragraph {n}." for n in range(1, 13)))],
        )
        operations.circulate(session, draft.id, actor=chair)
        procedure = operations.open_consensus(session, draft.id, actor=chair)
        members = [d.code for d in assembly_members(context)]
        for number, code in enumerate(members[: MEMBERS // 2]):
            reserving = number % 10 == 0
            operations.record_position(
                session,
                procedure.id,
                stance="reservation" if reserving else "join",
                text="Without prejudice to our national position." if reserving else "",
                paragraphs=[3] if reserving else [],
                actor=Actor(None, f"{code}@bench.example", "delegate", code),
            )
        return procedure.id


def assembly_members(context: Context) -> list[Any]:
    with context.unit_of_work(write=False) as session:
        known = facts(session)
        return list(known.members("plenary", known.day_of(datetime.now(UTC))))


@contextmanager
def due_procedures(
    count: int, charter: Path | None = None, *, organ: str = "soc", kind: str = "report"
) -> Iterator[tuple[Context, datetime]]:
    """A database (CICA's charter by default) with `count` open silence procedures in `organ`, all
    due at one second.

    They are written in bulk (this is set-up, not what is measured), as the operations would."""
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(days=15)
    deadline = started + timedelta(days=14)
    with sqlite_context(charter) as context:
        with context.unit_of_work() as session:
            base = {
                "kind": kind,
                "organ_id": organ,
                "stage": "under_negotiation",
                "forwarded_by": None,
                "recommended": False,
                "sponsor_kind": "secretariat",
                "sponsor_code": None,
                "classification": "public",
                "named": "",
                "original_lang": "en",
                "current_revision": 1,
                "amends_id": None,
                "supersedes_id": None,
                "version": 3,
                "created_at": started,
                "created_by": SECRETARIAT.email,
                "updated_at": started,
            }
            drafts = (
                session.execute(
                    insert(Draft).returning(Draft.id, sort_by_parameter_order=True),
                    [base | {"title": f"Report {n}"} for n in range(count)],
                )
                .scalars()
                .all()
            )
            revisions = (
                session.execute(
                    insert(DraftRevision).returning(DraftRevision.id, sort_by_parameter_order=True),
                    [
                        {
                            "draft_id": d,
                            "number": 1,
                            "note": "first revision",
                            "created_at": started,
                            "created_by": SECRETARIAT.email,
                        }
                        for d in drafts
                    ],
                )
                .scalars()
                .all()
            )
            session.execute(
                insert(RevisionText),
                [
                    {
                        "revision_id": r,
                        "lang": "en",
                        "original": True,
                        "title": f"Report {n}",
                        "body": "The Committee takes note.\n\nIt thanks the Secretariat.",
                    }
                    for n, r in enumerate(revisions)
                ],
            )
            session.execute(
                insert(Procedure),
                [
                    {
                        "draft_id": d,
                        "kind": "silence",
                        "purpose": "adopt",
                        "recommend_to": None,
                        "revision_id": r,
                        "organ_id": organ,
                        "status": "open",
                        "opened_at": started,
                        "opened_by": SECRETARIAT.email,
                        "deadline": deadline,
                    }
                    for d, r in zip(drafts, revisions, strict=True)
                ],
            )
        yield context, deadline


def finalise_figures(report: Report) -> None:
    audited = _finalise(PROCEDURES, audited=True)
    unaudited = _finalise(PROCEDURES, audited=False)
    report.add(Figure(FINALISE, audited, "s", target="≤ 10 s"))
    report.add(
        Figure(
            "finalise, per procedure",
            audited / PROCEDURES * 1000,
            "ms",
            baseline="the same work without the audit entry",
            ratio=audited / unaudited,
        )
    )


def _finalise(count: int, *, audited: bool) -> float:
    with due_procedures(count) as (context, deadline):
        # Batches write their entries with record_many, single writes with record: both off.
        patch = _unaudited() if not audited else _nothing()
        with patch:
            start = time.perf_counter()
            done = scheduler.tick(context, now=deadline + timedelta(seconds=1))
            elapsed = time.perf_counter() - start
        with context.unit_of_work(write=False) as session:
            decisions = session.scalar(select(func.count()).select_from(Decision))
            entries = session.scalar(select(func.count()).where(AuditEntry.action == "silence.finalise"))
    assert len(done) == decisions == count, (len(done), decisions)
    assert entries == (count if audited else 0), entries
    return elapsed


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _unaudited() -> Iterator[None]:
    with mock.patch("cica.audit.operations.record"), mock.patch("cica.audit.operations.record_many"):
        yield


def run(report: Report) -> None:
    board_figures(report)
    finalise_figures(report)
    before_figures(report)


def before_figures(report: Report) -> None:
    """The same two figures from the commit before this work, run by that commit's own bench."""
    mine = {figure.name: figure.value for figure in report.figures}
    with older_commit(baseline_revision()) as old:
        theirs = old.bench("deliberation")
    for name, unit in ((BOARD_P95, "ms"), (FINALISE, "s")):
        report.add(
            Figure(
                f"{name}, this tree vs before",
                mine[name],
                unit,
                baseline=f"{old.label} ({theirs[name]:.3f} {unit})",
                ratio=mine[name] / theirs[name],
                target="≤ 1× (no slower)",
            )
        )
