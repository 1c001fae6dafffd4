"""Akoma Ntoso 3.0 (OASIS LegalDocML) of a document's language versions.

One work, the document, has one expression per language version; each export is the XML of one
expression, identified at the three FRBR levels (Work, Expression, Manifestation) with URIs after
the Akoma Ntoso naming convention: `/akn/<organisation>/<type>/<kind>/<date>/<number>`, then
`/<language>@` for the expression. Declarations, statements and decisions are `statement`
documents; every other kind is a `doc`. Paragraphs are `<p eId="p_N">`, numbered from 1 as
everywhere else. Built from plain values, so the same function serves the API and the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import pycountry

from cica.documents import rules

if TYPE_CHECKING:
    from lxml import etree

NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
MEDIA_TYPE = "application/akn+xml"
# The kinds Akoma Ntoso calls a statement ("a document expressing a position"); others are docs.
STATEMENT_KINDS = frozenset({"declaration", "statement", "decision"})
AUTHOR = "#author"


@dataclass(frozen=True)
class Expression:
    """One language version, as the export needs it."""

    lang: str  # BCP 47
    title: str
    status: rules.VersionStatus
    certified: bool
    paragraphs: Sequence[str]


@dataclass(frozen=True)
class Work:
    """The document, as the export needs it."""

    organisation: str  # the organisation's id in the charter, in URIs ("cica")
    organisation_name: str  # as it is shown ("CICA")
    symbol: str
    kind: str
    day: date
    original: str  # the BCP 47 tag of the original version
    title: str  # the original's title: the work's name


# What XML 1.0 cannot hold although a stored text may (the noncharacters U+FFFE and U+FFFF):
# shown as the replacement character, the one change an export makes to a text.
NOT_XML = re.compile("[\ufffe\uffff]")


def _text(value: str) -> str:
    return NOT_XML.sub("\ufffd", value)


def language_code(tag: str) -> str:
    """The three-letter ISO 639 code Akoma Ntoso names languages by: `fra` for `fr-CA`."""
    primary = rules.primary_language(tag)
    found = pycountry.languages.get(alpha_2=primary) if len(primary) == 2 else None
    if found is None and len(primary) == 3:
        found = pycountry.languages.get(alpha_3=primary)
    return str(found.alpha_3) if found is not None else primary


def document_type(kind: str) -> str:
    return "statement" if kind in STATEMENT_KINDS else "doc"


def _segment(text: str) -> str:
    # URI segments: lower case, with what a path cannot hold turned into hyphens.
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "-"


def work_uri(work: Work) -> str:
    number = _segment(work.symbol)
    return (
        f"/akn/{_segment(work.organisation)}/{document_type(work.kind)}/{_segment(work.kind)}/"
        f"{work.day.isoformat()}/{number}"
    )


def expression_uri(work: Work, lang: str) -> str:
    return f"{work_uri(work)}/{language_code(lang)}@"


def _element(parent: etree._Element, tag: str, /, **attributes: str) -> etree._Element:
    from lxml import etree

    return etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)


def _core(parent: etree._Element, this: str, uri: str, day: date | datetime, date_name: str) -> None:
    _element(parent, "FRBRthis", value=this)
    _element(parent, "FRBRuri", value=uri)
    day_text = (day.date() if isinstance(day, datetime) else day).isoformat()
    _element(parent, "FRBRdate", date=day_text, name=date_name)
    _element(parent, "FRBRauthor", href=AUTHOR)


def expression(work: Work, version: Expression, *, generated: datetime) -> bytes:
    """The Akoma Ntoso XML (UTF-8, with its declaration) of one language version."""
    # lxml (about 4 MiB) is imported by the first export, not by every worker that serves the API.
    from lxml import etree

    root = etree.Element(f"{{{NAMESPACE}}}akomaNtoso", nsmap={None: NAMESPACE})  # type: ignore[dict-item]
    document = _element(root, document_type(work.kind), name=_segment(work.kind))
    meta = _element(document, "meta")
    identification = _element(meta, "identification", source=AUTHOR)

    frbr_work = _element(identification, "FRBRWork")
    work_address = work_uri(work)
    _core(frbr_work, f"{work_address}/!main", work_address, work.day, "issued")
    _element(frbr_work, "FRBRcountry", value=_segment(work.organisation))
    _element(frbr_work, "FRBRnumber", value=work.symbol)
    _element(frbr_work, "FRBRname", value=_text(work.title))

    frbr_expression = _element(identification, "FRBRExpression")
    address = expression_uri(work, version.lang)
    _core(frbr_expression, f"{address}/!main", address, work.day, "issued")
    # Authoritative: the original and the translations the Secretariat certified.
    authoritative = version.status is rules.VersionStatus.ORIGINAL or version.certified
    _element(frbr_expression, "FRBRauthoritative", value="true" if authoritative else "false")
    if version.status is not rules.VersionStatus.ORIGINAL:
        original = expression_uri(work, work.original)
        _element(frbr_expression, "FRBRmasterExpression", href=original, showAs=work.original)
    _element(frbr_expression, "FRBRlanguage", language=language_code(version.lang))
    if version.status is not rules.VersionStatus.ORIGINAL:
        _element(
            frbr_expression,
            "FRBRtranslation",
            fromLanguage=language_code(work.original),
            href=expression_uri(work, work.original),
            by=AUTHOR,  # translated by the organisation's secretariat
        )

    frbr_manifestation = _element(identification, "FRBRManifestation")
    _core(frbr_manifestation, f"{address}/!main.xml", f"{address}.akn", generated, "generation")

    references = _element(meta, "references", source=AUTHOR)
    _element(
        references,
        "TLCOrganization",
        eId="author",
        href=f"/ontology/organization/{_segment(work.organisation)}",
        showAs=work.organisation_name,
    )

    preface = _element(document, "preface")
    heading = _element(preface, "p")
    _element(heading, "docNumber").text = work.symbol
    _element(heading, "docTitle").text = _text(version.title)
    body = _element(document, "mainBody")
    for number, text in enumerate(version.paragraphs, start=1):
        _element(body, "p", eId=f"p_{number}").text = _text(text)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
