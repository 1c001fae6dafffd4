"""Example requests of the audit trail's API routes, for the route × role test (tests/web/routes.py)."""

from __future__ import annotations

from tests.web.routes import Example

EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", "/api/v1/audit"): lambda c: ("/api/v1/audit?action=users.&limit=5", None),
    ("GET", "/api/v1/audit/verify"): lambda c: ("/api/v1/audit/verify", None),
}
