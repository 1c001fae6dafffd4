"""`GET /api/v1/documents/{symbol}/akn/{lang}`: each language version as Akoma Ntoso 3.0 that the
OASIS schema accepts; a confidential document answers 404 to others, as if it did not exist, and
a language the document lacks answers 404 problem+json."""

from __future__ import annotations

from fastapi.testclient import TestClient
from lxml import etree, html

from cica.core.context import Context
from cica.documents import akn
from tests.akomantoso import schema_errors
from tests.factories import make_document

NS = {"a": akn.NAMESPACE}


def test_each_version_is_a_valid_akoma_ntoso_expression(cica: Context, browser: TestClient) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/INF/2017/1")
    for lang, code in (("fr", "fra"), ("zh", "zho")):
        answer = browser.get(f"/api/v1/documents/CICA/INF/2017/1/akn/{lang}")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith(akn.MEDIA_TYPE)
        assert schema_errors(answer.content) == []
        root = etree.fromstring(answer.content)
        assert root.find(".//a:FRBRlanguage", NS).get("language") == code  # type: ignore[union-attr]
        paragraphs = root.findall("a:doc/a:mainBody/a:p", NS)
        assert [p.get("eId") for p in paragraphs] == ["p_1", "p_2"]
    version = browser.get("/api/v1/documents/CICA/INF/2017/1/versions/zh").json()
    assert [p.text for p in paragraphs] == [item["text"] for item in version["items"]]


def test_a_confidential_document_and_a_missing_language_answer_404(
    cica: Context, browser: TestClient
) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="S/SECRET", classification="confidential", named=("PAK",))
        make_document(session, symbol="CICA/INF/2017/1")
    assert browser.get("/api/v1/documents/S/SECRET/akn/fr").status_code == 404
    missing = browser.get("/api/v1/documents/CICA/INF/2017/1/akn/ru")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"


def test_the_document_page_offers_each_current_version_as_akoma_ntoso(
    cica: Context, browser: TestClient
) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/INF/2017/1")
    page = browser.get("/documents/CICA/INF/2017/1?lang=zh").text
    assert "下载" in page
    for lang in ("fr", "zh"):
        link = f'href="/api/v1/documents/CICA/INF/2017/1/akn/{lang}"'
        assert link in page
        assert browser.get(f"/api/v1/documents/CICA/INF/2017/1/akn/{lang}").status_code == 200


def test_versions_side_by_side_as_markdown_and_for_printing(cica: Context, browser: TestClient) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/INF/2017/1")
        make_document(session, symbol="S/SECRET", classification="confidential", named=("PAK",))
    answer = browser.get("/api/v1/documents/CICA/INF/2017/1/markdown?langs=fr,zh&lang=fr")
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/markdown; charset=utf-8"
    assert "| français | chinois |" in answer.text and "亚信会议" in answer.text
    assert browser.get("/api/v1/documents/S/SECRET/markdown?langs=fr,zh").status_code == 404
    refused = browser.get("/api/v1/documents/CICA/INF/2017/1/markdown?langs=fr")
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    page = browser.get("/documents/CICA/INF/2017/1?lang=ru").text
    assert "Версия для печати" in page
    assert 'href="/documents/CICA/INF/2017/1/print?v=fr&amp;v=zh&amp;lang=ru"' in page
    printable = browser.get("/documents/CICA/INF/2017/1/print?v=zh&v=fr&lang=ru")
    assert printable.status_code == 200
    tree = html.fromstring(printable.text)
    assert [th.text_content() for th in tree.iter("th")] == ["китайский", "французский"]
    assert not tree.findall(".//form[@class='chooser']")
    assert browser.get("/documents/S/SECRET/print").status_code == 404
