"""The CBM forms file: every form names its sources, every source it names is listed, and every
figure the sources do not give is marked as an example; no catalogue facts are kept twice."""

import tomllib
from importlib.resources import files
from typing import Any

from cica.cbm.rules import FieldType

RECORD: dict[str, Any] = tomllib.loads(
    files("cica.cbm").joinpath("data/cica-cbm.toml").read_text(encoding="utf-8")
)


def test_every_source_named_is_listed_with_its_address() -> None:
    named = {source for form in RECORD["form"] for source in form["sources"]}
    assert named <= set(RECORD["sources"])


def test_fields_the_sources_do_not_give_are_marked_as_examples() -> None:
    for form in RECORD["form"]:
        assert form["example"] is True
        for field in form["fields"]:
            assert field["example"] is True
            assert FieldType(field["type"])


def test_the_catalogue_is_the_charters_alone() -> None:
    assert not {"measure", "area", "dimension", "version"} & set(RECORD)
