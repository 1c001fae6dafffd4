"""Reads of deliberation on both backends: the board, the register and its filters, notices, and
the Popolo export validated against the Popolo JSON Schemas (draft-03, resolved locally)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from cica.core.context import Context
from cica.core.errors import InvalidInput
from cica.deliberation import operations, queries
from cica.deliberation.texts import LanguageVersion
from tests.factories import CHAIR, SECRETARIAT, delegate, make_draft, make_silence

POPOLO = Path(__file__).parents[2] / "data" / "popolo"
IND, CHN = delegate("IND"), delegate("CHN")


@cache
def popolo_registry() -> Registry:
    """Every schema under the address its `$ref`s use, so that nothing is fetched."""
    resources = []
    for path in POPOLO.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (f"http://www.popoloproject.com/schemas/{path.name}", Resource(contents, specification=DRAFT3))
        )
    return Registry().with_resources(resources)


def validate(kind: str, instance: dict[str, Any]) -> None:
    schema = json.loads((POPOLO / f"{kind}.json").read_text(encoding="utf-8"))
    validator = Draft3Validator(
        schema, registry=popolo_registry(), format_checker=Draft3Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, f"{kind}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors)


def adopt_with_reservation(context: Context) -> int:
    with context.unit_of_work() as session:
        draft = make_draft(session, organ="ministerial_council")
        procedure = operations.open_consensus(session, draft.id, actor=CHAIR)
        operations.record_position(
            session, procedure.id, stance="reservation", text="On §2", paragraphs=[2], actor=CHN
        )
        operations.record_position(session, procedure.id, stance="join", actor=IND)
        decision = operations.close_consensus(session, procedure.id, actor=CHAIR).decision
        assert decision is not None
        return decision.id


def test_the_board_has_one_row_per_delegation_present_members_first(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session, organ="ministerial_council")
        procedure = operations.open_consensus(
            session, draft.id, present=["USA", "IND", "CHN", "PAK"], actor=CHAIR
        )
        operations.record_position(session, procedure.id, stance="object", text="No", actor=delegate("PAK"))
        procedure_id = procedure.id
    with cica.unit_of_work(write=False) as session:
        found = queries.board(session, queries.reader(session, None), procedure_id)
    assert [(row.code, row.capacity) for row in found.rows] == [
        ("CHN", "member"), ("IND", "member"), ("PAK", "member"), ("USA", "observer"),
    ]  # fmt: skip
    assert [row.counts_as for row in found.rows] == ["join", "join", "object", None]
    assert (found.members_present, found.would_adopt, found.outcome) == (
        3,
        False,
        "not adopted: objection by Pakistan",
    )
    assert found.counts["silent"] == 2 and found.counts["object"] == 1


def test_the_register_filters_by_organ_year_kind_and_procedure(cica: Context) -> None:
    adopt_with_reservation(cica)
    with cica.unit_of_work() as session:
        make_silence(session, started=datetime.now(UTC) - timedelta(days=20))
    with cica.unit_of_work() as session:
        operations.finalise_due(session)
    year = datetime.now(UTC).year
    with cica.unit_of_work(write=False) as session:
        who = queries.reader(session, None)

        def symbols(**filters: Any) -> list[str]:
            return [
                d.symbol
                for d in queries.list_decisions(session, who, queries.DecisionFilter(**filters)).items
            ]

        everything = queries.list_decisions(session, who)
        assert everything.count == 2 and everything.organs == ["ministerial_council", "soc"]
        assert symbols(organ="soc") == [f"CICA/SOC/DEC/{year}/1"]
        assert symbols(procedure="consensus") == [f"CICA/MC/DEC/{year}/1"]
        assert symbols(kind="report") == [f"CICA/SOC/DEC/{year}/1"]
        assert symbols(year=year - 1) == []
        assert len(symbols(year=year)) == 2
        with pytest.raises(InvalidInput, match="procedure: 'vote' is not one of consensus, silence"):
            queries.list_decisions(session, who, queries.DecisionFilter(procedure="vote"))


def test_a_confidential_decision_is_not_listed_counted_or_exported_to_others(cica: Context) -> None:
    with cica.unit_of_work() as session:
        # Named: India, and Azerbaijan, which chairs and must see the text to put it to adoption.
        draft = make_draft(
            session, organ="ministerial_council", classification="confidential", named=("IND", "AZE")
        )
        procedure = operations.open_consensus(session, draft.id, actor=CHAIR)
        operations.close_consensus(session, procedure.id, actor=CHAIR)
    with cica.unit_of_work(write=False) as session:
        for actor, count in ((None, 0), (CHN, 0), (IND, 1), (SECRETARIAT, 1)):
            who = queries.reader(session, actor)
            assert queries.list_decisions(session, who).count == count
            assert queries.list_decisions(session, who).years == ([datetime.now(UTC).year] if count else [])
            assert len(queries.popolo(session, who)["motions"]) == count


def test_notices_go_to_the_delegations_addressed_and_to_everyone(cica: Context) -> None:
    with cica.unit_of_work() as session:
        make_draft(session, organ="soc", title="For members")
        make_draft(session, organ="soc", title="Secret", classification="confidential", named=("KAZ",))
    with cica.unit_of_work(write=False) as session:
        india = queries.notifications(session, queries.reader(session, IND), IND)
        usa = queries.notifications(
            session,
            queries.reader(session, delegate("USA", "observer_delegate")),
            delegate("USA", "observer_delegate"),
        )
    assert [n.title for n in india.items] == ["For members"] and india.unread == 1
    assert usa.items == []  # not a member of the SOC, and the confidential notice is not theirs
    with cica.unit_of_work() as session:
        operations.mark_read(session, india.items[0].id, actor=IND)
    with cica.unit_of_work(write=False) as session:
        assert queries.notifications(session, queries.reader(session, IND), IND).unread == 0


def test_the_popolo_export_validates_against_the_popolo_schemas(cica: Context) -> None:
    adopt_with_reservation(cica)
    with cica.unit_of_work() as session:
        make_silence(session, started=datetime.now(UTC) - timedelta(days=20))
    with cica.unit_of_work() as session:
        operations.finalise_due(session)
    with cica.unit_of_work(write=False) as session:
        export = queries.popolo(session, queries.reader(session, None))
    for organization in export["organizations"]:
        validate("organization", organization)
    for motion in export["motions"]:
        validate("motion", motion)
    for event in export["vote_events"]:
        validate("vote_event", event)
        for count in event["counts"]:
            validate("count", count)
        for vote in event["votes"]:
            validate("vote", vote)
    consensus = next(e for e in export["vote_events"] if e["classification"] == "consensus in session")
    assert consensus["result"] == "adopted"
    china = next(v for v in consensus["votes"] if v["voter_id"] == "CHN")
    assert (china["option"], china["position"], china["note"]) == (
        "yes",
        "reservation",
        "Reservation (paragraphs 2): On §2",
    )
    observers = [v for v in consensus["votes"] if v["role"] == "observer"]
    assert observers and {v["option"] for v in observers} == {"not voting"}
    counts = {c["option"]: c["value"] for c in consensus["counts"]}
    assert counts["no"] == 0 and counts["yes"] + counts["not voting"] == len(consensus["votes"])


def test_an_export_that_breaks_the_schema_is_caught_by_the_validation() -> None:
    with pytest.raises(AssertionError, match="count"):
        validate("vote_event", {"counts": [{"option": "yes"}]})


def test_a_draft_does_not_reveal_a_confidential_decision_it_amends(cica: Context) -> None:
    with cica.unit_of_work() as session:
        secret = make_draft(
            session, organ="ministerial_council", classification="confidential", named=("IND", "AZE")
        )
        procedure = operations.open_consensus(session, secret.id, actor=CHAIR)
        operations.close_consensus(session, procedure.id, actor=CHAIR)
        symbol = queries.list_decisions(session, queries.reader(session, SECRETARIAT)).items[0].symbol
        amending = operations.create_draft(
            session,
            kind="declaration",
            organ="swg",
            texts=[LanguageVersion("en", "Amending declaration", "One paragraph.")],
            original_lang="en",
            sponsor="secretariat",
            amends=symbol,
            actor=SECRETARIAT,
        )
    with cica.unit_of_work(write=False) as session:
        for actor, shown in ((None, False), (CHN, False), (IND, True), (SECRETARIAT, True)):
            detail = queries.draft_detail(session, queries.reader(session, actor), amending.id)
            assert (detail.amends is not None) == shown
