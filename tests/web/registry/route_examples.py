"""Example requests of the registry's API routes, for the route × role test (tests/web/routes.py)."""

from __future__ import annotations

from tests.web.routes import Example

EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", "/api/v1/members"): lambda c: ("/api/v1/members?on=2020-01-01", None),
    ("GET", "/api/v1/chair"): lambda c: ("/api/v1/chair?on=2020-01-01", None),
    ("GET", "/api/v1/organs"): lambda c: ("/api/v1/organs", None),
    ("GET", "/api/v1/organisation"): lambda c: ("/api/v1/organisation", None),
    ("GET", "/api/v1/openapi.json"): lambda c: ("/api/v1/openapi.json", None),
    ("GET", "/api/docs"): lambda c: ("/api/docs", None),
}
