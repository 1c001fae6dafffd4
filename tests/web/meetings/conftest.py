"""A web client on a database holding CICA's charter and its historical record of meetings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cica.access.actors import Actor
from cica.app import create_app
from cica.core.context import Context
from cica.meetings import operations, record


@pytest.fixture
def history(cica: Context) -> Context:
    with cica.unit_of_work() as session:
        operations.load_record(session, record.load("cica", "Asia/Almaty"), actor=Actor.system())
    return cica


@pytest.fixture
def client(history: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=history)) as test_client:
        yield test_client
