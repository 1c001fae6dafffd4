"""Signed checkpoints of the audit trail. Pure: making, reading and checking receipts.

A receipt says "on <at> the trail had <count> entries and its head was <head_hash>", signed
with the instance's Ed25519 key. Kept elsewhere (a file, a print-out, a note verbale), it lets
`verify` prove that today's trail extends it: a trail truncated, or restored from a backup older
than the receipt, has fewer entries or another entry at that place.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cica.core.errors import InvalidInput

FORMAT = "cica-audit-checkpoint/1"
FIELDS = ("format", "count", "head_hash", "at", "public_key", "signature")


@dataclass(frozen=True)
class Receipt:
    count: int
    head_hash: str
    at: datetime
    public_key: str  # base64 of the raw 32 bytes
    signature: str  # base64 of the Ed25519 signature over `signed_bytes`

    def signed_bytes(self) -> bytes:
        document = {
            "format": FORMAT,
            "count": self.count,
            "head_hash": self.head_hash,
            "at": self.at.astimezone(UTC).isoformat(timespec="seconds"),
            "public_key": self.public_key,
        }
        return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()

    def to_json(self) -> str:
        document: dict[str, Any] = json.loads(self.signed_bytes())
        document["signature"] = self.signature
        return json.dumps({name: document[name] for name in FIELDS}, indent=2) + "\n"


def public_text(key: Ed25519PublicKey) -> str:
    return base64.b64encode(
        key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ).decode()


def sign(key: Ed25519PrivateKey, *, count: int, head_hash: str, at: datetime) -> Receipt:
    unsigned = Receipt(count, head_hash, at.replace(microsecond=0), public_text(key.public_key()), "")
    signature = base64.b64encode(key.sign(unsigned.signed_bytes())).decode()
    return Receipt(unsigned.count, unsigned.head_hash, unsigned.at, unsigned.public_key, signature)


def parse(text: str, source: str) -> Receipt:
    """A receipt from its JSON; anything else is refused with the source's name."""
    try:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} receipt")
        count, head_hash = document["count"], document["head_hash"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError("count is not a whole number")
        if not isinstance(head_hash, str) or len(head_hash) != 64:
            raise ValueError("head_hash is not a 64-character hash")
        at = datetime.fromisoformat(document["at"])
        if at.tzinfo is None:
            raise ValueError("at has no time zone")
        public_key, signature = document["public_key"], document["signature"]
        if not isinstance(public_key, str) or not isinstance(signature, str):
            raise ValueError("public_key and signature must be text")
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidInput(f"{source}: not an audit checkpoint receipt ({error})") from None
    return Receipt(count, head_hash, at, public_key, signature)


def signature_problem(receipt: Receipt, trusted: Ed25519PublicKey | None) -> str | None:
    """Why the receipt is not the instance's, or None when its signature holds."""
    if trusted is None:
        return "no public key to check it with (set CICA_AUDIT_PUBLIC_KEY or keep audit-signing.key)"
    if receipt.public_key != public_text(trusted):
        return "signed with another key than this instance's public key"
    try:
        trusted.verify(base64.b64decode(receipt.signature, validate=True), receipt.signed_bytes())
    except (InvalidSignature, ValueError):
        return "its signature does not match its content (altered or forged)"
    return None


def extension_problem(receipt: Receipt, count: int, hash_at_count: str | None) -> str | None:
    """Why a trail of `count` entries, whose entry number `receipt.count` has `hash_at_count`,
    does not extend the receipt (None when it does)."""
    when = receipt.at.astimezone(UTC).isoformat(timespec="seconds")
    if count < receipt.count:
        return (
            f"the trail has {count} entries, but had {receipt.count} on {when} "
            "(truncated, or restored from an older backup)"
        )
    if hash_at_count != receipt.head_hash:
        return (
            f"entry {receipt.count} is not the one signed on {when} "
            "(rewritten, or the trail was restored from another backup)"
        )
    return None
