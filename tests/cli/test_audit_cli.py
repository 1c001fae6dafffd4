"""`cica audit checkpoint`, `verify --checkpoint` and `public-key`: bad input is one line on
stderr and exit 2; a broken trail is not signed."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from cica.audit import checkpoints
from cica.core.context import Context
from tests.conftest import RunCli
from tests.integration.audit.test_attacks import tampering


def test_a_receipt_that_is_missing_binary_or_not_a_receipt_is_one_line_and_exit_2(
    cica: Context, run_cli: RunCli, tmp_path: Path
) -> None:
    binary, other = tmp_path / "binary", tmp_path / "other.json"
    binary.write_bytes(b"\xff\xfe\x00")
    other.write_text('{"hello": 1}')
    for path, message in [
        (tmp_path / "missing.json", "No such file or directory"),
        (binary, "not UTF-8 text"),
        (other, "not an audit checkpoint receipt"),
    ]:
        result = run_cli("audit", "verify", "--checkpoint", str(path))
        assert result.exit_code == 2
        assert result.stderr.strip() == result.stderr.strip().splitlines()[0]
        assert result.stderr.startswith(f"error: --checkpoint {path}: ") and message in result.stderr


def test_a_receipt_is_never_overwritten_nor_written_where_there_is_no_directory(
    cica: Context, run_cli: RunCli, tmp_path: Path
) -> None:
    receipt = tmp_path / "receipt.json"
    assert run_cli("audit", "checkpoint", "-o", str(receipt)).exit_code == 0
    kept = receipt.read_bytes()
    again = run_cli("audit", "checkpoint", "-o", str(receipt))
    assert again.exit_code == 2 and "exists already" in again.stderr
    assert receipt.read_bytes() == kept
    nowhere = run_cli("audit", "checkpoint", "-o", str(tmp_path / "no" / "receipt.json"))
    assert nowhere.exit_code == 2 and "no directory" in nowhere.stderr


def test_a_broken_trail_gets_no_checkpoint(cica: Context, run_cli: RunCli, tmp_path: Path) -> None:
    with tampering(cica) as connection:
        connection.execute(text("UPDATE audit_entry SET summary = 'rewritten' WHERE seq = 1"))
    result = run_cli("audit", "checkpoint", "-o", str(tmp_path / "receipt.json"))
    assert result.exit_code == 2
    assert "the audit trail does not verify, so no checkpoint is signed" in result.stderr
    assert not (tmp_path / "receipt.json").exists()


def test_only_receipts_signed_with_the_published_key_count(
    cica: Context, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    receipt = tmp_path / "receipt.json"
    run_cli("audit", "checkpoint", "-o", str(receipt))
    published = run_cli("audit", "public-key").stdout.strip()
    monkeypatch.setenv("CICA_AUDIT_PUBLIC_KEY", published)
    assert run_cli("audit", "verify", "--checkpoint", str(receipt)).exit_code == 0
    monkeypatch.setenv(
        "CICA_AUDIT_PUBLIC_KEY", checkpoints.public_text(Ed25519PrivateKey.generate().public_key())
    )
    result = run_cli("audit", "verify", "--checkpoint", str(receipt))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"BROKEN checkpoint {receipt}: signed with another key than this instance's public key"
    ]
    monkeypatch.setenv("CICA_AUDIT_PUBLIC_KEY", "not a key")
    refused = run_cli("audit", "verify")
    assert (
        refused.exit_code == 2
        and "CICA_AUDIT_PUBLIC_KEY: 'not a key' is not an Ed25519 public key" in refused.stderr
    )
