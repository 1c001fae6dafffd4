"""Validation against the Akoma Ntoso 3.0 schema (OASIS LegalDocML, akomantoso30.xsd and the
xml.xsd it imports), copied into tests/data/akomantoso/ from the schemas cobalt ships (see the
SOURCE.md there)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA = Path(__file__).parent / "data" / "akomantoso" / "akomantoso30.xsd"


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def schema_errors(xml: bytes) -> list[str]:
    """What the schema finds wrong with `xml`: nothing for a valid document."""
    checked = schema()
    if checked.validate(etree.fromstring(xml)):
        return []
    return [f"line {error.line}: {error.message}" for error in checked.error_log]
