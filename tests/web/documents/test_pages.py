"""The documents' pages and API: the list, a document's versions side by side in aligned rows,
the Secretariat's upload form (refused uploads come back with the message beside the file), the
upload's own body limit, and a confidential document nobody else learns of."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cica.core.context import Context
from cica.core.middleware import BodyLimit
from cica.documents.models import Document
from tests.factories import make_document, make_user
from tests.web.deliberation.conftest import sign_in

SAMPLE = Path(__file__).parents[3] / "src" / "cica" / "documents" / "data" / "cica-overview.fr-zh.txt"


def _documents(context: Context) -> int:
    with context.unit_of_work(write=False) as session:
        return session.scalar(select(func.count()).select_from(Document)) or 0


def test_a_document_shows_its_versions_side_by_side_in_aligned_rows(
    cica: Context, browser: TestClient
) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/INF/2017/1")
    listed = browser.get("/documents?lang=fr").text
    assert 'href="/documents/CICA/INF/2017/1?lang=fr"' in listed and "Documents" in listed
    page = browser.get("/documents/CICA/INF/2017/1?lang=fr&v=zh&v=fr").text
    assert "Côte à côte" in page
    rows = page.split('<table class="data side-by-side">')[1].split("<tbody>")[1].split("</tr>")[:-1]
    assert len(rows) == 2
    # The reader's order of columns: Chinese first, then French; each row pairs a paragraph.
    assert rows[0].index('lang="zh"') < rows[0].index('lang="fr"')
    assert "亚信会议" in rows[0] and "La Conférence" in rows[0]
    # Each sentence names the first column's sentences it is aligned with (row 2, sentence n).
    assert '<span class="sentence" data-sentence="1" data-partners="2.1">亚信会议恪守' in rows[1]
    assert (
        '<span class="sentence" data-sentence="2" data-partners="2.2">Elle renforce la coopération.</span>'
        in rows[1]
    )
    assert "original" in page and "traduction non officielle" in page


def test_the_api_answers_the_document_its_version_and_the_alignment(
    cica: Context, browser: TestClient
) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="CICA/INF/2017/1")
    listed = browser.get("/api/v1/documents?limit=1").json()
    assert listed["count"] == 1 and listed["items"][0]["languages"] == ["fr", "zh"]
    assert browser.get("/api/v1/documents/CICA/INF/2017/1").json()["versions"][1]["lang"] == "zh"
    version = browser.get("/api/v1/documents/CICA/INF/2017/1/versions/zh-Hans").json()
    assert [len(p["sentences"]) for p in version["items"]] == [1, 2]
    aligned = browser.get("/api/v1/documents/CICA/INF/2017/1/alignment?langs=fr,zh").json()
    assert aligned["rows"] == [{"source": [1], "target": [1]}, {"source": [2], "target": [2]}]
    bad = browser.get("/api/v1/documents/CICA/INF/2017/1/alignment?langs=fr")
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


def test_the_secretariat_uploads_a_file_and_a_refused_one_comes_back(
    cica: Context, browser: TestClient
) -> None:
    with cica.unit_of_work() as session:
        email = make_user(session, role="secretariat").email
    assert "Import a document" not in browser.get("/documents").text
    csrf = sign_in(browser, email)
    assert "Import a document" in browser.get("/documents").text
    form = {"csrf_token": csrf, "form_page": "/documents", "form_id": "document-upload", "symbol": "CICA/X/1"}
    bad = browser.post(
        "/documents/upload",
        data={**form, "lang": "auto"},
        files={"file": ("a.txt", "Conférence".encode("latin-1"))},
    )
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text and "UTF-8" in bad.text
    assert 'value="CICA/X/1"' in bad.text  # what was typed is kept
    assert _documents(cica) == 0
    done = browser.post(
        "/documents/upload",
        data={**form, "lang": "auto"},
        files={"file": (SAMPLE.name, SAMPLE.read_bytes())},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/documents/CICA/X/1"
    assert "亚信会议" in browser.get("/documents/CICA/X/1").text


def test_uploads_have_their_own_body_limit() -> None:
    async def accept(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    client = TestClient(BodyLimit(accept, limit=1000, upload_limit=5000))
    # A form elsewhere is held to the request limit, the upload form to the upload limit.
    assert client.post("/signin", content=b"x" * 2000).status_code == 413
    assert client.post("/documents/upload", content=b"x" * 2000).status_code == 200
    assert client.post("/documents/upload", content=b"x" * 6000).status_code == 413
    assert client.post("/documents/upload", content=iter([b"x" * 6000])).status_code == 413


def test_a_confidential_document_is_not_found_by_others(cica: Context, browser: TestClient) -> None:
    with cica.unit_of_work() as session:
        make_document(session, symbol="S/SECRET", classification="confidential", named=("PAK",))
    assert browser.get("/api/v1/documents").json()["count"] == 0
    assert browser.get("/api/v1/documents/S/SECRET").status_code == 404
    assert browser.get("/documents/S/SECRET").status_code == 404
