"""A request's unit of work commits before the response is sent, so a failed commit is an error
the client sees, never a success whose change was lost."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cica.app import create_app
from cica.core.context import Context
from cica.core.deps import SessionDep
from cica.registry.models import Category


def test_a_commit_that_fails_is_not_answered_as_a_success(cica: Context) -> None:
    app = create_app(context=cica)

    @app.post("/api/v1/test-only/broken-write")
    def broken_write(session: SessionDep) -> dict[str, bool]:
        # Violates the table's check constraint; nothing flushes before the commit.
        session.add(
            Category(
                id="bad",
                kind="nonsense",
                applies_to="state",
                name={},
                may_attend=True,
                may_speak=True,
                may_propose=False,
                may_object=False,
                may_break_silence=False,
            )
        )
        return {"ok": True}

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/api/v1/test-only/broken-write")
    assert response.status_code == 500
    with cica.unit_of_work(write=False) as session:
        assert session.get(Category, "bad") is None
