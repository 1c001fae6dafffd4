"""Web clients of deliberation: API callers with tokens for each part, and signed-in browsers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from cica.app import create_app
from cica.core.context import Context
from tests.factories import PASSWORD, make_token, make_user

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

# Who takes part, by name: role and delegation (Azerbaijan chairs today in the CICA charter).
PARTS: dict[str, tuple[str, str | None]] = {
    "chair": ("head_of_delegation", "AZE"),
    "secretariat": ("secretariat", None),
    "india": ("delegate", "IND"),
    "india_head": ("head_of_delegation", "IND"),
    "china": ("delegate", "CHN"),
    "pakistan": ("delegate", "PAK"),
    "japan": ("observer_delegate", "JPN"),
}


@dataclass
class Api:
    client: TestClient
    tokens: dict[str, str]
    emails: dict[str, str]

    def call(self, method: str, path: str, who: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    def get(self, path: str, who: str | None = None, **kwargs: Any) -> httpx.Response:
        return self.call("GET", path, who, **kwargs)

    def post(self, path: str, who: str | None = None, **kwargs: Any) -> httpx.Response:
        return self.call("POST", path, who, **kwargs)


@pytest.fixture
def api(cica: Context) -> Iterator[Api]:
    tokens, emails = {}, {}
    with cica.unit_of_work() as session:
        for name, (role, delegation) in PARTS.items():
            user = make_user(session, role=role, delegation=delegation)
            tokens[name], emails[name] = make_token(session, user), user.email
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        yield Api(client, tokens, emails)


def sign_in(client: TestClient, email: str) -> str:
    """Signs in through the form; returns the session's CSRF token."""
    page = client.get("/signin")
    token = CSRF.search(page.text)
    assert token, page.text
    response = client.post(
        "/signin",
        data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    account = CSRF.search(client.get("/account").text)
    assert account
    return account.group(1)
