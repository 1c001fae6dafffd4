"""Akoma Ntoso 3.0 of a language version: valid against the OASIS schema for every kind and
standing, paragraphs as `<p eId="p_N">` holding exactly the stored text, and FRBR identification
at the three levels with a translation pointing at its original."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from cica.documents import akn
from cica.documents.rules import VersionStatus
from tests.akomantoso import schema_errors

NS = {"a": akn.NAMESPACE}
GENERATED = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
# What a stored paragraph can hold: any character but controls and surrogates (refused on input).
PARAGRAPH = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=80)


def _work(kind: str = "document", original: str = "fr") -> akn.Work:
    return akn.Work("cica", "CICA", "CICA/INF/2017/1", kind, date(2017, 4, 19), original, "La Conférence")


def _version(
    lang: str, status: VersionStatus, paragraphs: list[str], certified: bool = False
) -> akn.Expression:
    return akn.Expression(lang, "Titre", status, certified, paragraphs)


# No deadline: validating against the schema takes longer on the first call (it is parsed then)
# and on a loaded machine, which says nothing about the property.
@settings(deadline=None)
@given(st.lists(PARAGRAPH, min_size=1, max_size=6), st.sampled_from(sorted(akn.STATEMENT_KINDS | {"report"})))
def test_every_export_is_valid_and_keeps_each_paragraph_as_it_is(paragraphs: list[str], kind: str) -> None:
    xml = akn.expression(_work(kind), _version("fr", VersionStatus.ORIGINAL, paragraphs), generated=GENERATED)
    assert schema_errors(xml) == []
    root = etree.fromstring(xml)
    body = root.findall(f"a:{akn.document_type(kind)}/a:mainBody/a:p", NS)
    assert [p.get("eId") for p in body] == [f"p_{n}" for n in range(1, len(paragraphs) + 1)]
    assert [p.text or "" for p in body] == [akn.NOT_XML.sub("\ufffd", p) for p in paragraphs]


def test_a_character_xml_cannot_hold_is_shown_as_the_replacement_character() -> None:
    xml = akn.expression(
        _work(), _version("fr", VersionStatus.ORIGINAL, ["a\ufffeb\uffff"]), generated=GENERATED
    )
    assert etree.fromstring(xml).find(".//a:mainBody/a:p", NS).text == "a\ufffdb\ufffd"  # type: ignore[union-attr]


def test_declarations_and_decisions_are_statements_and_other_kinds_docs() -> None:
    assert [akn.document_type(k) for k in ("declaration", "statement", "decision")] == ["statement"] * 3
    assert akn.document_type("report") == akn.document_type("document") == "doc"


def test_a_translation_names_its_original_and_its_language_in_three_letters() -> None:
    xml = akn.expression(
        _work(), _version("zh-Hans", VersionStatus.UNOFFICIAL_TRANSLATION, ["亚信会议"]), generated=GENERATED
    )
    assert schema_errors(xml) == []
    expression = etree.fromstring(xml).find("a:doc/a:meta/a:identification/a:FRBRExpression", NS)
    assert expression is not None
    work = "/akn/cica/doc/document/2017-04-19/cica-inf-2017-1"
    assert expression.find("a:FRBRuri", NS).get("value") == f"{work}/zho@"  # type: ignore[union-attr]
    assert expression.find("a:FRBRlanguage", NS).get("language") == "zho"  # type: ignore[union-attr]
    assert expression.find("a:FRBRauthoritative", NS).get("value") == "false"  # type: ignore[union-attr]
    translation = expression.find("a:FRBRtranslation", NS)
    assert translation is not None and translation.get("fromLanguage") == "fra"
    assert translation.get("href") == f"{work}/fra@"


def test_the_original_and_a_certified_translation_are_authoritative() -> None:
    for status, certified in ((VersionStatus.ORIGINAL, False), (VersionStatus.OFFICIAL_TRANSLATION, True)):
        xml = akn.expression(_work(), _version("ru", status, ["Текст."], certified), generated=GENERATED)
        found = etree.fromstring(xml).find(".//a:FRBRauthoritative", NS)
        assert found is not None and found.get("value") == "true"


def test_the_schema_check_finds_what_is_wrong() -> None:
    # The check itself: a document without its required parts is refused.
    broken = f'<akomaNtoso xmlns="{akn.NAMESPACE}"><doc name="x"><mainBody/></doc></akomaNtoso>'.encode()
    assert schema_errors(broken)
