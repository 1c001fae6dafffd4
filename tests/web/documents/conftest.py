"""A browser-like client of the documents. pages (HTTPS, so that the session cookie is sent)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cica.app import create_app
from cica.core.context import Context


@pytest.fixture
def browser(cica: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        yield client
