"""The audit keys outside the database, and a trail written before them staying verifiable."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from cica.audit import chain
from cica.audit.keys import CHAIN_KEY_FILE, SIGNING_KEY_FILE
from cica.core.context import Context
from cica.core.db import alembic_config, make_engine, utcnow
from cica.core.settings import Settings
from tests.conftest import RunCli
from tests.integration.audit.test_audit import add_entries, verdict


def test_init_makes_both_keys_readable_by_the_owner_only(run_cli: RunCli, audit_key_dir: Path) -> None:
    assert run_cli("init").exit_code == 0
    for name in (CHAIN_KEY_FILE, SIGNING_KEY_FILE):
        assert stat.S_IMODE((audit_key_dir / name).stat().st_mode) == 0o600
    chain_key = json.loads((audit_key_dir / CHAIN_KEY_FILE).read_text())
    assert chain_key["scheme"] == "hmac-sha256" and chain_key["keyed_from"] == 1
    before = {name: (audit_key_dir / name).read_bytes() for name in (CHAIN_KEY_FILE, SIGNING_KEY_FILE)}
    assert run_cli("init").exit_code == 0  # a second init keeps the keys it finds
    assert before == {name: (audit_key_dir / name).read_bytes() for name in before}
    assert run_cli("audit", "verify").exit_code == 0


def test_without_the_chain_key_nothing_is_written_and_verify_says_why(
    cica: Context, run_cli: RunCli, audit_key_dir: Path
) -> None:
    (audit_key_dir / CHAIN_KEY_FILE).unlink()
    result = run_cli("users", "add", "ana@example.org", "--secretariat", "--role", "secretariat")
    assert result.exit_code == 2
    assert f"no audit chain key at {audit_key_dir / CHAIN_KEY_FILE}: run `cica init`" in result.stderr
    checked = run_cli("audit", "verify")
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [
        "BROKEN entry 1: is keyed, and the chain key is not available to check it",
        f"BROKEN the chain key ({audit_key_dir / CHAIN_KEY_FILE}) is missing: keyed entries cannot be checked",
    ]


def test_a_trail_written_before_the_key_stays_verifiable_and_is_keyed_from_then_on(
    database_url: str, tmp_path: Path
) -> None:
    engine = make_engine(database_url)
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        previous = chain.GENESIS
        for seq in (1, 2, 3):  # entries as the unkeyed cica wrote them
            fields = chain.EntryFields(
                seq, utcnow(), None, "cli", "admin", None, "test.write", (), f"old {seq}", "ok"
            )
            sealed = chain.seal(fields, previous)
            connection.execute(
                text(
                    "INSERT INTO audit_entry (seq, at, actor_user_id, actor_email, role, delegation, action, "
                    "objects, summary, outcome, prev_hash, hash) VALUES (:seq, :at, NULL, 'cli', 'admin', NULL, "
                    "'test.write', '[]', :summary, 'ok', :prev, :hash)"
                ),
                {
                    "seq": seq,
                    "at": fields.at,
                    "summary": fields.summary,
                    "prev": previous,
                    "hash": sealed.hash,
                },
            )
            previous = sealed.hash
        connection.execute(text("UPDATE audit_head SET seq = 3, hash = :hash"), {"hash": previous})
    engine.dispose()
    keys = tmp_path / "keys"
    context = Context.create(Settings(database_url=database_url, audit_key_dir=str(keys)), migrate=True)
    try:
        assert json.loads((keys / CHAIN_KEY_FILE).read_text())["keyed_from"] == 4
        add_entries(context, 2)
        result = verdict(context)
        assert result.ok, result.problems
        assert result.count == 5
        with context.unit_of_work(write=False) as session:
            stored = {
                seq: found for seq, found in session.execute(text("SELECT seq, content FROM audit_entry"))
            }
        assert [stored[seq] for seq in (1, 2, 3)] == [None, None, None]
        assert all(stored[seq] is not None for seq in (4, 5))
    finally:
        context.close()


def test_a_keyed_trail_is_not_downgraded_into_one_nothing_could_verify(cica: Context) -> None:
    config = alembic_config(cica.settings.database_url)
    with pytest.raises(RuntimeError, match="1 audit entries are keyed"), cica.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert verdict(cica).ok
