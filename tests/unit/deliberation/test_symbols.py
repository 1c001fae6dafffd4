"""Decisions get symbols from the charter's pattern, numbered within organ and year."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.errors import InvalidInput
from cica.deliberation.symbols import decision_symbol, next_decision_number, numbering_scope, organ_code
from tests.unit.deliberation.builders import cica_charter, pacifica_charter

DEFAULT = "{org}/{organ}/DEC/{year}/{number}"


def test_the_default_pattern_gives_the_organisation_organ_year_and_number() -> None:
    assert decision_symbol(DEFAULT, org="cica", organ="mc", year=2024, number=3) == "CICA/MC/DEC/2024/3"


def test_the_shipped_charters_patterns_fill_in() -> None:
    cica = cica_charter().decision_rule.symbol_pattern
    pacifica = pacifica_charter().decision_rule.symbol_pattern
    assert decision_symbol(cica, org="cica", organ="SOC", year=2026, number=1) == "CICA/SOC/DEC/2026/1"
    assert (
        decision_symbol(pacifica, org="pc", organ="LEADERS", year=2026, number=12) == "PC/LEADERS/RES/2026/12"
    )


def test_a_pattern_may_pad_the_number() -> None:
    assert (
        decision_symbol("{organ}/{year}/{number:03d}", org="x", organ="soc", year=2026, number=7)
        == "SOC/2026/007"
    )


def test_the_first_decision_in_a_scope_is_number_one_and_the_next_follows_the_highest() -> None:
    assert next_decision_number([]) == 1
    assert next_decision_number([1, 2, 5]) == 6


@given(st.sets(st.integers(1, 10_000), max_size=30))
def test_the_next_number_is_never_one_already_given(numbers: set[int]) -> None:
    following = next_decision_number(numbers)
    assert following not in numbers and following >= 1
    assert all(n < following for n in numbers)


def test_numbers_run_within_what_the_pattern_shows() -> None:
    assert numbering_scope(DEFAULT) == ("organ", "year")
    assert numbering_scope("{org}/DEC/{year}/{number}") == ("year",)
    assert numbering_scope("{org}/DEC/{number}") == ()


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{org}/{organ}/DEC/{year}", "has no {number}"),
        ("{org}/{session}/{number}", "uses 'session'"),
        ("{org.__class__}/{number}", "uses 'org.__class__'"),
        ("{org}/{number", "is malformed"),
        ("{org:d}/{number}", "cannot be filled in"),
    ],
)
def test_a_bad_pattern_is_refused_naming_the_charter_key(pattern: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        decision_symbol(pattern, org="cica", organ="MC", year=2024, number=1)
    assert message in caught.value.message
    assert "charter: decision_rule.symbol_pattern" in caught.value.message


def test_a_number_or_year_out_of_range_is_refused() -> None:
    with pytest.raises(InvalidInput, match="decision numbers start at 1"):
        decision_symbol(DEFAULT, org="cica", organ="MC", year=2024, number=0)
    with pytest.raises(InvalidInput, match="is not a year"):
        decision_symbol(DEFAULT, org="cica", organ="MC", year=0, number=1)


@pytest.mark.parametrize(
    ("organ_id", "abbreviation", "code"),
    [
        ("ministerial_council", None, "MC"),
        ("summit", None, "SUMMIT"),
        ("soc", "SOC", "SOC"),
        ("swg", " swg ", "SWG"),
        ("leaders", "", "LEADERS"),
    ],
)
def test_an_organ_s_code_is_its_abbreviation_else_derived_from_its_id(
    organ_id: str, abbreviation: str | None, code: str
) -> None:
    assert organ_code(organ_id, abbreviation) == code
