"""A client of the web app over https (so that Secure cookies are sent back), and sign-in helpers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cica.app import create_app
from cica.core.context import Context
from tests.factories import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def web(cica: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        yield client


def form_token(client: TestClient, path: str) -> str:
    """The CSRF token of the first form on a page."""
    page = client.get(path)
    found = CSRF.search(page.text)
    assert found, f"no form with a CSRF token on {path} ({page.status_code})"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Signs in through the form; returns the session's CSRF token."""
    response = client.post(
        "/signin",
        data={"email": email, "password": password, "csrf_token": form_token(client, "/signin")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return form_token(client, "/account")
