"""The audit trail's two keys, kept in files outside the database (setting `audit_key_dir`).

- `audit-chain.key`: the HMAC-SHA-256 key of the chain, with the sequence number from which
  entries are keyed. Whoever controls only the database can neither rewrite keyed entries nor
  pass them off as older, unkeyed ones: the file says where the keyed part begins.
- `audit-signing.key`: the Ed25519 key that signs checkpoints (`cica audit checkpoint`); its
  public half is published (`cica audit public-key`, the audit page, setting `audit_public_key`).

Both are created with 0600 permissions by `cica init` (any context that migrates), never
overwritten: a second process that races to create one reads the first one's file.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Engine, make_url, select
from sqlalchemy.orm import Session

from cica.audit import checkpoints
from cica.audit.chain import Scheme
from cica.audit.models import AuditHead
from cica.core.errors import InvalidInput, NotFound
from cica.core.settings import Settings

CHAIN_KEY_FILE = "audit-chain.key"
SIGNING_KEY_FILE = "audit-signing.key"
# Where sessions find the keys (sessionmaker info), so that `record` needs nothing but its session.
SESSION_INFO = "cica_audit_keys"


@dataclass(frozen=True)
class ChainKey:
    secret: bytes
    keyed_from: int  # the first entry hashed with this key


@dataclass(frozen=True)
class AuditKeys:
    directory: Path
    chain: ChainKey | None
    signing: Ed25519PrivateKey | None
    # The published key receipts must be signed with: the setting if given, else the signing key's.
    public: Ed25519PublicKey | None

    def require_chain(self) -> ChainKey:
        if self.chain is None:
            raise NotFound(f"no audit chain key at {self.directory / CHAIN_KEY_FILE}: run `cica init`")
        return self.chain

    @property
    def public_text(self) -> str | None:
        """The raw 32 bytes in base64: short enough to read out, print or put in a note verbale."""
        return checkpoints.public_text(self.public) if self.public else None

    def require_signing(self) -> Ed25519PrivateKey:
        if self.signing is None:
            raise NotFound(
                f"no checkpoint signing key at {self.directory / SIGNING_KEY_FILE}: run `cica init`"
            )
        return self.signing


def key_directory(settings: Settings) -> Path:
    if settings.audit_key_dir:
        return Path(settings.audit_key_dir)
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent
    return Path.cwd()


def parse_public_key(text: str, source: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise InvalidInput(f"{source}: {text!r} is not an Ed25519 public key (32 bytes, base64)") from None


def _write_new(path: Path, content: bytes) -> bool:
    """Creates `path` with 0600 permissions; False if it exists already (never overwritten)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    return True


def _read_chain_key(path: Path) -> ChainKey | None:
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document["scheme"] != Scheme.HMAC_SHA256:
            raise ValueError(f"unknown scheme {document['scheme']!r}")
        secret = base64.b64decode(document["key"], validate=True)
        keyed_from = document["keyed_from"]
        if len(secret) < 32 or not isinstance(keyed_from, int) or keyed_from < 1:
            raise ValueError("key shorter than 32 bytes or keyed_from not a positive number")
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidInput(f"{path}: not an audit chain key ({error})") from None
    return ChainKey(secret, keyed_from)


def _read_signing_key(path: Path) -> Ed25519PrivateKey | None:
    if not path.exists():
        return None
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except ValueError as error:
        raise InvalidInput(f"{path}: not a PEM private key ({error})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(f"{path}: not an Ed25519 key")
    return key


def _create(directory: Path, engine: Engine) -> None:
    with engine.connect() as connection:
        keyed_from = connection.execute(select(AuditHead.keyed_from).where(AuditHead.id == 1)).scalar()
    chain_document = {
        "scheme": Scheme.HMAC_SHA256.value,
        "key": base64.b64encode(secrets.token_bytes(32)).decode("ascii"),
        "keyed_from": keyed_from or 1,
    }
    _write_new(directory / CHAIN_KEY_FILE, (json.dumps(chain_document, indent=1) + "\n").encode())
    signing = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write_new(directory / SIGNING_KEY_FILE, signing)


def load(settings: Settings, engine: Engine, *, create: bool) -> AuditKeys:
    """The keys of this instance; `create` makes those that are missing (after migrating)."""
    directory = key_directory(settings)
    if create:
        _create(directory, engine)
    signing = _read_signing_key(directory / SIGNING_KEY_FILE)
    if settings.audit_public_key:
        public: Ed25519PublicKey | None = parse_public_key(settings.audit_public_key, "CICA_AUDIT_PUBLIC_KEY")
    else:
        public = signing.public_key() if signing else None
    return AuditKeys(directory, _read_chain_key(directory / CHAIN_KEY_FILE), signing, public)


def of_session(session: Session) -> AuditKeys:
    keys = session.info.get(SESSION_INFO)
    if not isinstance(keys, AuditKeys):
        raise RuntimeError(
            "this session carries no audit keys: make it with a cica Context, after "
            "cica.capabilities.wire() (the app and the command line wire themselves)"
        )
    return keys
