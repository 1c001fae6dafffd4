"""The CBM catalogue loaded, four states taking part in the measure of the military-activity form,
and a way to see the site on a chosen day (the seat's clock frozen)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cica.access.actors import Actor
from cica.app import create_app
from cica.cbm import operations, setup
from cica.cbm.models import NotificationForm
from cica.core.context import Context
from cica.core.settings import Settings
from tests.factories import delegate

START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 11:00 in Astana
TAKING_PART = ("IND", "KAZ", "CHN", "RUS")

Site = Callable[[datetime], AbstractContextManager[TestClient]]


def taking_part(context: Context, codes: tuple[str, ...] = TAKING_PART, *, since: date | None = None) -> int:
    """Loads the catalogue and has `codes` take part in the military-activity form's measure, from
    `since` (default: today by the context's clock)."""
    with context.unit_of_work() as session:
        setup.load_catalogue(session, Actor.system())
        measure = session.scalars(
            select(NotificationForm.measure_id).where(NotificationForm.key == "military_activity")
        ).one()
        for code in codes:
            operations.declare(session, measure, code, since=since, actor=delegate(code))
    return measure


@pytest.fixture
def catalogue(cica: Context, settings: Settings) -> Context:
    with _at(settings, START) as context:
        taking_part(context)
    return cica


@contextmanager
def _at(settings: Settings, moment: datetime) -> Iterator[Context]:
    with Context.create(dataclasses.replace(settings, frozen_time=moment.isoformat())) as context:
        yield context


@pytest.fixture
def site(catalogue: Context, settings: Settings) -> Site:
    """The site as it is at a moment (HTTPS, so that the session cookie is sent)."""

    @contextmanager
    def at(moment: datetime) -> Iterator[TestClient]:
        with (
            _at(settings, moment) as context,
            TestClient(create_app(context=context), base_url="https://testserver") as client,
        ):
            yield client

    return at
