"""A bounded schemathesis run against the OpenAPI document: every operation, anonymously and with
each role's token, on both backends. No answer may be a server error, and every answer must be
one the document declares (status, content type, body schema).

Bounded and derandomised, so it costs the same every run: a few examples per operation (valid
ones and ones the document rules out), each sent by every caller."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import MagicMock

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cica.app import API_PREFIX, create_app
from cica.core.settings import Settings
from tests.conftest import FAST_PASSWORDS, fresh_database, make_context
from tests.factories import make_draft, make_silence, make_token, make_user

EXAMPLES_PER_OPERATION = 3
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Each role's test user, with the delegation it belongs to (Japan is an observer state).
ROLES = {
    "admin": None,
    "secretariat": None,
    "head_of_delegation": "AZE",  # the chairing state's head: the Chair
    "delegate": "IND",
    "observer_delegate": "JPN",
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzzed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[schemathesis.schemas.BaseSchema, dict[str, dict[str, str]]]]:
    """The app on one backend, with a draft and a silence procedure to find, and the callers."""
    folder = tmp_path_factory.mktemp("fuzz")
    with fresh_database(request.param, folder) as url:
        # The audit keys in the run's own folder, not in the working directory.
        settings = Settings(
            database_url=url, scheduler_seconds=0, audit_key_dir=str(folder), **FAST_PASSWORDS
        )
        context = make_context(settings)
        with context.unit_of_work() as session:
            tokens = {
                role: make_token(session, make_user(session, role=role, delegation=code))
                for role, code in ROLES.items()
            }
            make_draft(session)
            make_silence(session, started=make_draft(session).created_at)
        callers = {"anonymous": {}} | {
            role: {"Authorization": f"Bearer {token}"} for role, token in tokens.items()
        }
        schema = schemathesis.openapi.from_asgi(f"{API_PREFIX}/openapi.json", create_app(context=context))
        yield schema, callers
        context.close()


def _operations() -> list[tuple[str, str]]:
    # The operations do not depend on the database: the document of an app over any context.
    document = create_app(context=MagicMock()).openapi()
    return [(method.upper(), path) for path, methods in document["paths"].items() for method in methods]


@pytest.mark.parametrize(("method", "path"), _operations())
def test_the_api_answers_as_its_document_says(
    fuzzed: tuple[schemathesis.schemas.BaseSchema, dict[str, dict[str, str]]], method: str, path: str
) -> None:
    schema, callers = fuzzed
    operation = schema[path][method]

    # Valid input and input the document rules out (wrong types, out-of-range numbers, …).
    cases = st.one_of(operation.as_strategy(), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def every_caller(case: schemathesis.Case) -> None:
        for headers in callers.values():
            case.call_and_validate(headers=headers, checks=CHECKS)

    every_caller()
