"""Cursors of keyset paging: opaque, naming their list, and refused when altered."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.errors import InvalidInput
from cica.core.paging import MAX_LIMIT, Direction, Keyset, PageRequest
from cica.deliberation.models import Decision, Draft

DRAFTS = Keyset("drafts", (Draft.updated_at, Draft.id), (datetime, int))
DECISIONS = Keyset("decisions", (Decision.adopted_on, Decision.id), (date, int))
moments = st.datetimes(timezones=st.just(UTC))
ids = st.integers(min_value=1, max_value=2**31 - 1)


@given(st.sampled_from(Direction), moments, ids)
def test_a_cursor_gives_back_its_key(direction: Direction, moment: datetime, record_id: int) -> None:
    assert DRAFTS.decode(DRAFTS.encode(direction, (moment, record_id))) == (direction, (moment, record_id))


@given(st.sampled_from(Direction), st.dates(), ids)
def test_a_cursor_of_one_list_is_refused_by_another(direction: Direction, day: date, record_id: int) -> None:
    token = DECISIONS.encode(direction, (day, record_id))
    assert DECISIONS.decode(token) == (direction, (day, record_id))
    with pytest.raises(InvalidInput, match="not a cursor of this list"):
        DRAFTS.decode(token)


def forged(payload: str) -> str:
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "token",
    [
        "",
        "%%%",
        "a" * 501,
        forged("not json"),
        forged('{"a": 1}'),
        forged('["drafts", "o", ["2026-01-01T00:00:00", 1]]'),  # a time without its zone
        forged('["drafts", "o", ["2026-01-01T00:00:00+00:00", "1"]]'),  # an id that is a string
        forged('["drafts", "o", ["2026-01-01T00:00:00+00:00", true]]'),
        forged('["drafts", "sideways", ["2026-01-01T00:00:00+00:00", 1]]'),
        forged('["drafts", "o", ["2026-01-01T00:00:00+00:00"]]'),
    ],
)
def test_an_altered_cursor_is_refused(token: str) -> None:
    with pytest.raises(InvalidInput, match="cursor"):
        DRAFTS.decode(token)


@given(st.integers())
def test_a_limit_is_bounded(limit: int) -> None:
    if 1 <= limit <= MAX_LIMIT:
        assert PageRequest(None, limit).checked().limit == limit
    else:
        with pytest.raises(InvalidInput, match="limit"):
            PageRequest(None, limit).checked()
