"""Every integer and text the web edge takes goes through the bounded types of `core.inputs`, and
input the storage cannot hold is a 422 problem on both backends, never a 500."""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any
from unittest.mock import MagicMock

import annotated_types
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import func, select

from cica.app import create_app
from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.core.inputs import INTEGER_MAX, INTEGER_MIN, LINE_VALIDATOR, TEXT_VALIDATOR
from tests.factories import make_draft, make_token, make_user
from tests.web.access.conftest import sign_in


def _bounded(metadata: list[Any]) -> bool:
    lower = upper = None
    for item in metadata:
        if isinstance(item, annotated_types.Interval):
            lower, upper = item.ge, item.le
        lower = getattr(item, "ge", lower)
        upper = getattr(item, "le", upper)
    return lower is not None and upper is not None and lower >= INTEGER_MIN and upper <= INTEGER_MAX


def _unchecked(where: str, annotation: Any, metadata: list[Any], seen: set[type]) -> Iterator[str]:
    """The places under `annotation` where a bare int or str would reach the application."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        yield from _unchecked(where, inner, [*metadata, *extra], seen)
    elif origin in (typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            yield from _unchecked(where, argument, metadata, seen)
    elif origin in (list, tuple, set, frozenset):
        for argument in typing.get_args(annotation):
            yield from _unchecked(f"{where}[]", argument, [], seen)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in seen:
            seen.add(annotation)
            for name, field in annotation.model_fields.items():
                yield from _unchecked(f"{where}.{name}", field.annotation, list(field.metadata), seen)
    elif annotation is int and not _bounded(metadata):
        yield f"{where}: int without bounds"
    elif annotation is str and not any(v in metadata for v in (LINE_VALIDATOR, TEXT_VALIDATOR)):
        yield f"{where}: str that is neither Line nor Text"


def _route_inputs(path: str, route: APIRoute) -> Iterator[str]:
    seen: set[type] = set()
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        stack.extend(dependant.dependencies)
        for field in [
            *dependant.path_params,
            *dependant.query_params,
            *dependant.header_params,
            *dependant.cookie_params,
            *dependant.body_params,
        ]:
            info = field.field_info
            where = f"{sorted(route.methods)} {path} {field.name}"
            yield from _unchecked(where, info.annotation, list(info.metadata), seen)


def test_every_route_input_goes_through_the_bounded_types() -> None:
    # The routes do not depend on the database: an app over any context lists them.
    app = create_app(context=MagicMock())
    offenders = [
        problem
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute)
        for problem in _route_inputs(route.path or "", route.original_route)
    ]
    assert offenders == []


HUGE = "9999999999999999999999"
emails: dict[str, str] = {}
BEYOND_INT32 = "2147483648"


@pytest.fixture
def callers(cica: Context) -> Iterator[tuple[TestClient, dict[str, str], int]]:
    """A client, bearer headers of the Secretariat and India's head, and a circulated draft's id."""
    with cica.unit_of_work() as session:
        secretariat_user = make_user(session, role="secretariat")
        india_user = make_user(session, role="head_of_delegation", delegation="IND")
        emails.update(secretariat=secretariat_user.email, india=india_user.email)
        secretariat, india = make_token(session, secretariat_user), make_token(session, india_user)
        draft_id = make_draft(session).id
    headers = {"secretariat": secretariat, "india": india}
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        yield client, {who: f"Bearer {token}" for who, token in headers.items()}, draft_id


@pytest.mark.parametrize("number", [HUGE, BEYOND_INT32, "-" + HUGE])
@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/api/v1/drafts/{draft}?revision={n}", None),
        ("/api/v1/drafts/{draft}/diff?old={n}", None),
        ("/api/v1/drafts/{draft}/diff?new={n}", None),
        ("/api/v1/decisions?year={n}", None),
        ("/api/v1/audit?before={n}", "secretariat"),
        ("/drafts/{draft}?revision={n}", None),
        ("/drafts/{draft}/diff?old={n}", None),
        ("/audit?before={n}", "secretariat"),
    ],
)
def test_numbers_beyond_storage_are_refused_with_422(
    callers: tuple[TestClient, dict[str, str], int], path: str, who: str | None, number: str
) -> None:
    client, headers, draft_id = callers
    url = path.format(draft=draft_id, n=number)
    if who and not url.startswith("/api/"):
        sign_in(client, emails[who])
    response = client.get(url, headers={"Authorization": headers[who]} if who else {})
    assert response.status_code == 422, (url, response.status_code, response.text[:300])
    if url.startswith("/api/"):
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/api/v1/drafts?organ=a%00b", None),
        ("/api/v1/decisions?symbol=a%00b", None),
        ("/api/v1/audit?actor=a%00b", "secretariat"),
        ("/api/v1/audit?action=a%01b", "secretariat"),
        ("/drafts?organ=a%00b", None),
    ],
)
def test_control_characters_in_filters_are_refused_with_422(
    callers: tuple[TestClient, dict[str, str], int], path: str, who: str | None
) -> None:
    client, headers, _ = callers
    response = client.get(path, headers={"Authorization": headers[who]} if who else {})
    assert response.status_code == 422, (path, response.status_code, response.text[:300])


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b", "a\x1bb"])
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/drafts", lambda bad: {
            "kind": "declaration", "organ": "swg", "sponsor": "secretariat",
            "texts": [{"lang": "en", "title": "Title", "body": f"One {bad} paragraph."}],
        }),
        ("PUT", "/api/v1/delegations/IND", lambda bad: {"head_name": f"Head {bad}"}),
        ("POST", "/api/v1/tokens", lambda bad: {"name": f"name {bad}"}),
    ],
)  # fmt: skip
def test_control_characters_in_json_bodies_are_refused_with_422_and_store_nothing(
    callers: tuple[TestClient, dict[str, str], int],
    cica: Context,
    method: str,
    path: str,
    body: Callable[[str], dict[str, Any]],
    bad: str,
) -> None:
    client, headers, _ = callers
    who = "secretariat" if path == "/api/v1/drafts" else "india"
    with cica.unit_of_work() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    response = client.request(
        method,
        path,
        headers={"Authorization": headers[who], "Content-Type": "application/json"},
        content=json.dumps(body(bad)),
    )
    assert response.status_code == 422, (path, response.status_code, response.text[:300])
    assert response.headers["content-type"] == "application/problem+json"
    with cica.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_multi_line_texts_keep_tabs_and_line_breaks(callers: tuple[TestClient, dict[str, str], int]) -> None:
    client, headers, _ = callers
    text = "First\tparagraph.\r\n\r\nSecond paragraph."
    response = client.post(
        "/api/v1/drafts",
        headers={"Authorization": headers["secretariat"]},
        json={
            "kind": "declaration",
            "organ": "swg",
            "sponsor": "secretariat",
            "texts": [{"lang": "en", "title": "Title", "body": text}],
        },
    )
    assert response.status_code == 201, response.text
