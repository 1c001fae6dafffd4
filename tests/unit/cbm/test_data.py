"""The CBM record file: every fact names its sources, and every source it names is listed."""

import tomllib
from importlib.resources import files
from typing import Any

import pycountry

RECORD: dict[str, Any] = tomllib.loads(
    files("cica.cbm").joinpath("data/cica-cbm.toml").read_text(encoding="utf-8")
)


def _entries() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for kind in ("version", "dimension", "decision", "measure", "area"):
        found.extend(RECORD[kind])
    for area in RECORD["area"]:
        found.extend(area["terms"])
    return found


def test_every_source_named_is_listed_with_its_address() -> None:
    named = {source for entry in _entries() for source in entry["sources"]}
    assert named <= set(RECORD["sources"])


def test_every_confirmed_fact_names_a_source() -> None:
    bare = [e for e in _entries() if not e["sources"] and not e.get("unconfirmed")]
    assert [e for e in bare if not e.get("coordinator_unconfirmed")] == []


def test_terms_name_states_by_alpha_3_and_a_known_role() -> None:
    for area in RECORD["area"]:
        for term in area["terms"]:
            assert pycountry.countries.get(alpha_3=term["state"]) is not None
            assert term["role"] in {"coordinator", "co_coordinator"}


def test_the_trade_area_coordinator_carries_the_sources_conflict() -> None:
    (trade,) = [a for a in RECORD["area"] if a["key"] == "trade_and_investment"]
    assert "S83" in trade["terms"][0]["conflict"]
