"""An in-process client of the web app, on the test's database with the CICA charter loaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cica.app import create_app
from cica.core.context import Context


@pytest.fixture
def client(cica: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=cica)) as test_client:
        yield test_client
