"""The hash chain: any edit, deletion, insertion or reordering of any entry is found. No database."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.audit import chain
from cica.audit.chain import GENESIS, EntryFields, StoredEntry, Unreadable, seal, verify

START = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)

texts = st.text(max_size=20)
entry_contents = st.fixed_dictionaries(
    {
        "actor_user_id": st.none() | st.integers(1, 1000),
        "actor_email": texts,
        "role": st.sampled_from(["admin", "delegate", "system"]),
        "delegation": st.none() | st.sampled_from(["IND", "PAK"]),
        "action": st.sampled_from(["users.add", "delegation.update", "charter.load"]),
        "objects": st.lists(texts, max_size=3).map(tuple),
        "summary": texts,
        "outcome": st.sampled_from(["ok", "denied"]),
        "seconds": st.integers(0, 10**6),
    }
)


def build(contents: list[dict[str, object]]) -> list[StoredEntry]:
    entries, previous = [], GENESIS
    for seq, values in enumerate(contents, start=1):
        values = dict(values)
        at = START + timedelta(seconds=values.pop("seconds"), microseconds=seq)  # type: ignore[arg-type]
        stored = seal(EntryFields(seq=seq, at=at, **values), previous)  # type: ignore[arg-type]
        entries.append(stored)
        previous = stored.hash
    return entries


def head_of(entries: list[StoredEntry]) -> tuple[int, str]:
    return (len(entries), entries[-1].hash if entries else GENESIS)


chains = st.lists(entry_contents, min_size=1, max_size=12).map(build)


@given(chains)
def test_an_untouched_chain_verifies(entries: list[StoredEntry]) -> None:
    verdict = verify(entries, head_of(entries))
    assert verdict.ok
    assert verdict.count == len(entries)


FIELDS = [
    "at",
    "actor_user_id",
    "actor_email",
    "role",
    "delegation",
    "action",
    "objects",
    "summary",
    "outcome",
]


def changed(value: object) -> object:
    if isinstance(value, datetime):
        return value + timedelta(microseconds=1)
    if isinstance(value, int):
        return value + 1
    if isinstance(value, tuple):
        return (*value, "x")
    if value is None:
        return "X"
    return f"{value}x"


@given(chains, st.data())
def test_an_edited_entry_is_named(entries: list[StoredEntry], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(entries) - 1))
    target = entries[index]
    what = data.draw(st.sampled_from([*FIELDS, "prev_hash", "hash"]))
    if what in FIELDS:
        edited = dataclasses.replace(
            target, fields=dataclasses.replace(target.fields, **{what: changed(getattr(target.fields, what))})
        )
    else:
        value = getattr(target, what)
        edited = dataclasses.replace(target, **{what: ("1" if value[0] != "1" else "2") + value[1:]})
    tampered = [*entries[:index], edited, *entries[index + 1 :]]
    verdict = verify(tampered, head_of(entries))
    assert verdict.broken is not None
    # Whatever the field, even a stored hash or link, the entry itself is the one named.
    assert verdict.broken.seq == index + 1


@given(chains, st.data())
def test_a_deleted_entry_is_named(entries: list[StoredEntry], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(entries) - 1))
    tampered = entries[:index] + entries[index + 1 :]
    verdict = verify(tampered, head_of(entries))
    assert verdict.broken is not None
    assert verdict.broken.seq == index + 1
    assert "missing" in verdict.broken.reason


@given(chains, entry_contents, st.data())
def test_an_inserted_entry_is_found_even_with_correct_hashes(
    entries: list[StoredEntry], extra: dict[str, object], data: st.DataObject
) -> None:
    """The forger numbers the new entry into place and seals it properly; the entries after it are
    renumbered, which their hashes reveal (at the end, the head does)."""
    index = data.draw(st.integers(0, len(entries)))
    values = dict(extra)
    at = START + timedelta(seconds=values.pop("seconds"))  # type: ignore[arg-type]
    previous = entries[index - 1].hash if index else GENESIS
    forged = seal(EntryFields(seq=index + 1, at=at, **values), previous)  # type: ignore[arg-type]
    shifted = [
        dataclasses.replace(e, fields=dataclasses.replace(e.fields, seq=e.fields.seq + 1))
        for e in entries[index:]
    ]
    verdict = verify([*entries[:index], forged, *shifted], head_of(entries))
    assert verdict.broken is not None
    assert verdict.broken.seq in (index + 1, index + 2)


@given(chains, st.data())
def test_reordered_entries_are_found(entries: list[StoredEntry], data: st.DataObject) -> None:
    if len(entries) < 2:
        return
    i = data.draw(st.integers(0, len(entries) - 2))
    j = data.draw(st.integers(i + 1, len(entries) - 1))
    swapped = list(entries)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    verdict = verify(swapped, head_of(entries))
    assert verdict.broken is not None
    assert verdict.broken.seq == i + 1
    # Swapping the contents but keeping the numbers in place: the hashes give it away.
    renumbered = list(entries)
    renumbered[i] = dataclasses.replace(entries[j], fields=dataclasses.replace(entries[j].fields, seq=i + 1))
    renumbered[j] = dataclasses.replace(entries[i], fields=dataclasses.replace(entries[i].fields, seq=j + 1))
    verdict = verify(renumbered, head_of(entries))
    assert verdict.broken is not None
    assert verdict.broken.seq == i + 1


def contents(seconds: int = 0) -> dict[str, object]:
    return {
        "actor_user_id": None, "actor_email": "system", "role": "system", "delegation": None,
        "action": "charter.load", "objects": (), "summary": "", "outcome": "ok", "seconds": seconds,
    }  # fmt: skip


def test_only_the_head_reveals_a_removed_last_entry() -> None:
    entries = build([contents(seconds) for seconds in range(3)])
    assert verify(entries[:-1]).ok
    verdict = verify(entries[:-1], head_of(entries))
    assert verdict.broken is not None
    assert verdict.broken.seq == 3


def test_an_unreadable_row_is_named() -> None:
    entries = build([contents()])
    verdict = verify([entries[0], Unreadable(2, "bad date")], (2, "x"))
    assert verdict.broken == chain.Break(2, "unreadable (bad date)")


def test_the_canonical_form_is_sorted_compact_utf8() -> None:
    fields = EntryFields(
        1, START, None, "système", "system", None, "charter.load", ("charter:cica",), "chargé", "ok"
    )
    text = chain.canonical(fields).decode()
    assert text.startswith(
        '{"action":"charter.load","actor":{"email":"système","user_id":null},"at":"2026-11-27T10:00:00.000000+00:00"'
    )
    assert " " not in text.replace("système", "")


def test_stored_rows_are_read_from_either_backend() -> None:
    row = {
        "seq": 1,
        "at": "2026-11-27 10:00:00.000000",
        "actor_user_id": None,
        "actor_email": "system",
        "role": "system",
        "delegation": None,
        "action": "charter.load",
        "objects": '["charter:cica"]',
        "summary": "",
        "outcome": "ok",
        "prev_hash": GENESIS,
        "hash": "h",
    }
    parsed = chain.from_row(row)
    assert isinstance(parsed, StoredEntry)
    assert parsed.fields.at == START
    assert parsed.fields.objects == ("charter:cica",)
    native = chain.from_row({**row, "at": START, "objects": ["charter:cica"]})
    assert isinstance(native, StoredEntry)
    assert native.fields == parsed.fields
    assert isinstance(chain.from_row({**row, "at": "2026-13-27 10:00"}), Unreadable)
    assert isinstance(chain.from_row({**row, "objects": '["charter:cica"'}), Unreadable)
    assert isinstance(chain.from_row({**row, "actor_user_id": "x"}), Unreadable)


@given(chains)
def test_the_canonical_bytes_are_those_entries_have_always_been_hashed_over(
    entries: list[StoredEntry],
) -> None:
    # Entries already written verify only if the bytes never change with how they are made.
    for entry in entries:
        document = entry.fields.as_document()
        expected = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        assert chain.canonical(entry.fields) == expected


any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
documents = st.recursive(
    st.none() | st.booleans() | st.integers() | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=16,
)


@given(documents)
def test_the_fast_encoder_writes_the_standard_encoders_bytes(document: object) -> None:
    # Any text (control characters, U+2028, astral planes), any integer (beyond 64 bits orjson
    # refuses and the standard encoder answers): the bytes every entry has been hashed over.
    expected = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert chain.canonical_json(document) == expected


def test_text_no_encoding_can_hold_is_refused_as_it_always_was() -> None:
    # A lone surrogate: the standard encoder's bytes cannot be made, and neither are orjson's.
    with pytest.raises(UnicodeEncodeError):
        chain.canonical_json({"summary": "\ud800"})
