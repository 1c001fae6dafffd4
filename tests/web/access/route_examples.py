"""Example requests of access's API routes, for the route × role test (tests/web/routes.py)."""

from __future__ import annotations

from tests.web.routes import Example, unique

EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", "/api/v1/me"): lambda c: ("/api/v1/me", None),
    ("GET", "/api/v1/delegations"): lambda c: ("/api/v1/delegations", None),
    ("GET", "/api/v1/delegations/{code}"): lambda c: (f"/api/v1/delegations/{c.home}", None),
    ("PUT", "/api/v1/delegations/{code}"): lambda c: (
        f"/api/v1/delegations/{c.home}",
        {"address": f"Street {next(unique)}"},
    ),
    ("GET", "/api/v1/users"): lambda c: ("/api/v1/users", None),
    ("POST", "/api/v1/users"): lambda c: (
        "/api/v1/users",
        {"email": f"new{next(unique)}@example.org", "role": c.staff_role(), "delegation": c.home},
    ),
    ("POST", "/api/v1/users/{user_id}/disable"): lambda c: (f"/api/v1/users/{c.new_user_id()}/disable", None),
    ("GET", "/api/v1/tokens"): lambda c: ("/api/v1/tokens", None),
    ("POST", "/api/v1/tokens"): lambda c: ("/api/v1/tokens", {"name": "script"}),
    ("DELETE", "/api/v1/tokens/{token_id}"): lambda c: (f"/api/v1/tokens/{c.new_token_id()}", None),
}
