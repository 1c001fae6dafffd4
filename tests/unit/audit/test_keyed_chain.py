"""The keyed part of the chain and the signed checkpoints. Pure: no database, no files."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from cica.audit import checkpoints, content
from cica.audit.chain import GENESIS, EntryFields, StoredEntry, canonical, entry_hash, seal, verify
from cica.core.errors import InvalidInput

START = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
KEY = secrets.token_bytes(32)
SIGNING = Ed25519PrivateKey.generate()


def fields(seq: int, *, keyed: bool, summary: str = "wrote") -> EntryFields:
    return EntryFields(
        seq=seq,
        at=START + timedelta(seconds=seq),
        actor_user_id=None,
        actor_email="cli",
        role="admin",
        delegation=None,
        action="test.write",
        objects=(f"thing:{seq}",),
        summary=f"{summary} {seq}",
        outcome="ok",
        content=((f"thing:{seq}", content.digest_document({"n": seq})),) if keyed else None,
    )


def trail(count: int, keyed_from: int, key: bytes = KEY) -> list[StoredEntry]:
    """`count` entries, plain SHA-256 before `keyed_from`, HMAC-SHA-256 with `key` from it."""
    entries, previous = [], GENESIS
    for seq in range(1, count + 1):
        keyed = seq >= keyed_from
        stored = seal(fields(seq, keyed=keyed), previous, key if keyed else None)
        entries.append(stored)
        previous = stored.hash
    return entries


def head(entries: list[StoredEntry]) -> tuple[int, str]:
    return (len(entries), entries[-1].hash if entries else GENESIS)


@given(st.integers(1, 12), st.integers(1, 14))
def test_a_trail_keyed_from_any_entry_verifies_in_both_parts(count: int, keyed_from: int) -> None:
    entries = trail(count, keyed_from)
    assert verify(entries, head(entries), key=KEY, keyed_from=keyed_from).ok


@given(st.integers(2, 10), st.data())
def test_rewriting_a_keyed_entry_and_rehashing_the_rest_without_the_key_is_found(
    count: int, data: st.DataObject
) -> None:
    entries = trail(count, 1)
    target = data.draw(st.integers(1, count))
    guessed_key = data.draw(st.sampled_from([None, b"", secrets.token_bytes(32)]))
    forged, previous = [], GENESIS
    for entry in entries:
        changed = entry.fields
        if changed.seq == target:
            changed = dataclasses.replace(changed, summary="nothing happened")
        stored = seal(changed, previous, guessed_key) if changed.seq >= target else entry
        forged.append(stored)
        previous = stored.hash
    verdict = verify(forged, head(forged), key=KEY, keyed_from=1)
    assert verdict.broken is not None and verdict.broken.seq == target


def test_a_keyed_entry_without_its_content_digests_or_an_old_one_with_them_is_found() -> None:
    entries = trail(4, 3)
    stripped = [
        *entries[:2],
        dataclasses.replace(entries[2], fields=dataclasses.replace(entries[2].fields, content=None)),
        entries[3],
    ]
    assert str(verify(stripped, head(stripped), key=KEY, keyed_from=3).broken) == (
        "entry 3: lacks the content digests every keyed entry carries (altered)"
    )
    padded = [
        dataclasses.replace(entries[0], fields=dataclasses.replace(entries[0].fields, content=())),
        *entries[1:],
    ]
    assert str(verify(padded, head(padded), key=KEY, keyed_from=3).broken) == (
        "entry 1: carries content digests but predates the keyed chain (altered)"
    )


def test_without_the_key_keyed_entries_cannot_be_vouched_for() -> None:
    entries = trail(3, 2)
    verdict = verify(entries, head(entries), key=None, keyed_from=2)
    assert str(verdict.broken) == "entry 2: is keyed, and the chain key is not available to check it"
    assert verdict.count == 1


def test_another_key_breaks_the_first_keyed_entry() -> None:
    entries = trail(3, 2, key=secrets.token_bytes(32))
    assert verify(entries, head(entries), key=KEY, keyed_from=2).broken.seq == 2  # type: ignore[union-attr]


def test_content_digests_are_part_of_what_is_hashed() -> None:
    entries = trail(2, 1)
    second = entries[1]
    other = dataclasses.replace(second.fields, content=(("thing:2", content.digest_document({"n": 3})),))
    swapped = [entries[0], dataclasses.replace(second, fields=other)]
    assert verify(swapped, head(swapped), key=KEY, keyed_from=1).broken.seq == 2  # type: ignore[union-attr]


# --- Checkpoints ------------------------------------------------------------------------------

counts = st.integers(0, 10**9)
hashes = st.text("0123456789abcdef", min_size=64, max_size=64)


@given(counts, hashes)
def test_a_receipt_survives_its_file_and_its_signature_holds(count: int, head_hash: str) -> None:
    receipt = checkpoints.sign(SIGNING, count=count, head_hash=head_hash, at=START)
    read = checkpoints.parse(receipt.to_json(), "receipt.json")
    assert read == receipt
    assert checkpoints.signature_problem(read, SIGNING.public_key()) is None


@given(counts, hashes, st.sampled_from(["count", "head_hash", "at"]))
def test_changing_anything_in_a_receipt_breaks_its_signature(count: int, head_hash: str, name: str) -> None:
    receipt = checkpoints.sign(SIGNING, count=count, head_hash=head_hash, at=START)
    changed = {
        "count": count + 1,
        "head_hash": ("1" if head_hash[0] == "0" else "0") + head_hash[1:],
        "at": START + timedelta(days=1),
    }[name]
    forged = dataclasses.replace(receipt, **{name: changed})
    assert checkpoints.signature_problem(forged, SIGNING.public_key()) == (
        "its signature does not match its content (altered or forged)"
    )


def test_a_receipt_signed_with_another_key_is_not_this_instances() -> None:
    other = checkpoints.sign(Ed25519PrivateKey.generate(), count=3, head_hash="a" * 64, at=START)
    assert checkpoints.signature_problem(other, SIGNING.public_key()) == (
        "signed with another key than this instance's public key"
    )
    assert checkpoints.signature_problem(other, None) is not None


@pytest.mark.parametrize(
    ("count", "hash_at_count", "problem"),
    [
        (5, "a" * 64, None),
        (9, "a" * 64, None),
        (4, None, "the trail has 4 entries, but had 5 on 2026-12-01T12:00:00+00:00 (truncated, or restored from an older backup)"),
        (7, "b" * 64, "entry 5 is not the one signed on 2026-12-01T12:00:00+00:00 (rewritten, or the trail was restored from another backup)"),
    ],
)  # fmt: skip
def test_a_trail_extends_a_receipt_only_with_the_same_entry_at_its_count(
    count: int, hash_at_count: str | None, problem: str | None
) -> None:
    receipt = checkpoints.sign(SIGNING, count=5, head_hash="a" * 64, at=START)
    assert checkpoints.extension_problem(receipt, count, hash_at_count) == problem


@pytest.mark.parametrize(
    "text",
    ["", "[]", '{"format": "other"}', '{"format": "cica-audit-checkpoint/1", "count": -1}', "\x00"],
)
def test_anything_but_a_receipt_is_refused_with_its_name(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"^r\.json: not an audit checkpoint receipt"):
        checkpoints.parse(text, "r.json")


@given(st.integers(1, 50), st.binary(min_size=16, max_size=64))
def test_a_keyed_hash_is_hmac_sha256_of_the_previous_hash_and_the_canonical_entry(
    seq: int, key: bytes
) -> None:
    # Spelled out with the standard library, once per key and entry: whatever the writer keeps
    # ready between entries, the hash is the one the module docstring promises.
    entry = fields(seq, keyed=True)
    previous = "ab" * 32
    expected = hmac.new(key, previous.encode() + canonical(entry), hashlib.sha256).hexdigest()
    assert entry_hash(previous, entry, key) == expected
    assert entry_hash(previous, entry, key) == expected  # and again, from the kept key
