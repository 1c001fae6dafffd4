"""Content digests are a function of the content alone: the same instant or the same map gives
the same digest however it was written or read back; any change of a value changes it."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from cica.audit.content import ABSENT, digest_document

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)


@given(st.dictionaries(st.text(max_size=5), values, min_size=1, max_size=5))
def test_the_order_of_keys_does_not_change_the_digest(document: dict[str, object]) -> None:
    reordered = dict(reversed(list(document.items())))
    assert digest_document(reordered) == digest_document(document)


@given(st.datetimes(timezones=st.just(UTC)), st.integers(-12, 14))
def test_an_instant_digests_the_same_in_any_time_zone(instant: datetime, hours: int) -> None:
    elsewhere = instant.astimezone(timezone(timedelta(hours=hours)))
    assert digest_document({"at": elsewhere}) == digest_document({"at": instant})


@given(st.text(max_size=20), st.text(max_size=20))
def test_a_changed_text_changes_the_digest(original: str, forged: str) -> None:
    if original != forged:
        assert digest_document({"title": original}) != digest_document({"title": forged})


def test_an_object_without_a_row_has_its_own_mark() -> None:
    assert digest_document(None) == ABSENT
    assert digest_document({}) != ABSENT


@given(st.dictionaries(st.text(max_size=5), values, max_size=5))
def test_a_digest_is_of_the_bytes_entries_have_always_been_digested_as(document: dict[str, object]) -> None:
    # The digest of entries already written must not change with how it is computed.
    encoded = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert digest_document(document) == hashlib.sha256(encoded.encode()).hexdigest()


def _plain_standard(value: object) -> str:
    # What the digests always turned instants and days into (`content._plain`), spelled out.
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


dated_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.dates()
    | st.datetimes(timezones=st.timezones() | st.just(UTC)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)


@given(st.dictionaries(st.text(max_size=5), dated_values, max_size=5))
def test_documents_with_instants_and_days_digest_as_they_always_did(document: dict[str, object]) -> None:
    # orjson writes the bytes (tested against the standard encoder with the same conversions).
    encoded = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain_standard
    )
    assert digest_document(document) == hashlib.sha256(encoded.encode()).hexdigest()
