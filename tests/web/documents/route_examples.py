"""Example requests of the documents' API routes, for the route × role test (tests/web/routes.py)."""

from __future__ import annotations

from cica.documents.models import Document
from tests.factories import make_document
from tests.web.routes import Caller, Example

API = "/api/v1"


def _document(c: Caller) -> Document:
    with c.context.unit_of_work() as session:
        document = make_document(session)
        session.flush()
        session.expunge(document)
        return document


EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", "/api/v1/documents"): lambda c: (f"{API}/documents", None),
    ("GET", "/api/v1/documents/{ref:path}"): lambda c: (f"{API}/documents/{_document(c).symbol}", None),
    ("GET", "/api/v1/documents/{ref:path}/versions/{tag}"): lambda c: (
        f"{API}/documents/{_document(c).id}/versions/zh",
        None,
    ),
    ("GET", "/api/v1/documents/{ref:path}/akn/{tag}"): lambda c: (
        f"{API}/documents/{_document(c).symbol}/akn/fr",
        None,
    ),
    ("GET", "/api/v1/documents/{ref:path}/alignment"): lambda c: (
        f"{API}/documents/{_document(c).symbol}/alignment?langs=fr,zh",
        None,
    ),
    ("GET", "/api/v1/documents/{ref:path}/markdown"): lambda c: (
        f"{API}/documents/{_document(c).symbol}/markdown?langs=fr,zh",
        None,
    ),
}
