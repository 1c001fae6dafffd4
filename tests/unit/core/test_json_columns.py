"""What a JSON column stores (`core.db.json_column_text`, the engines' serialiser): orjson's
compact text, read back as the same value the standard encoder's text reads back as, and refused
where the standard encoder refused."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.db import json_column_text

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(values)
def test_what_is_stored_reads_back_as_the_standard_encoders_text_does(value: object) -> None:
    # Integer keys and integers beyond 64 bits go to the standard encoder, which takes them.
    assert json.loads(json_column_text(value)) == json.loads(json.dumps(value))


@dataclasses.dataclass
class Point:
    x: int


@pytest.mark.parametrize("value", [datetime(2026, 12, 4, tzinfo=UTC), date(2026, 12, 4), Point(1), {1, 2}])
def test_what_the_standard_encoder_refused_is_still_refused(value: object) -> None:
    with pytest.raises(TypeError):
        json.dumps(value)
    with pytest.raises(TypeError):
        json_column_text({"value": value})
