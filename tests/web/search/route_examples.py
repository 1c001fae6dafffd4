"""Example requests of the search API, for the route × role test (tests/web/routes.py)."""

from __future__ import annotations

from tests.factories import make_document
from tests.web.routes import Caller, Example


def _search(c: Caller) -> tuple[str, None]:
    with c.context.unit_of_work() as session:
        make_document(session)
    return "/api/v1/search?q=%E4%BA%9A%E4%BF%A1", None


EXAMPLES: dict[tuple[str, str], Example] = {("GET", "/api/v1/search"): _search}
