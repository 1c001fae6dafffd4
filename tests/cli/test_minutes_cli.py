"""`cica minutes …`: the lifecycle at the command line, approval by silence and `cica tick`, and
refusals as one line on stderr with exit 2, changing nothing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cica.core.context import Context
from cica.core.settings import Settings
from cica.deliberation import scheduler
from cica.deliberation.models import Procedure
from cica.minutes.models import MinutesVersion
from tests.conftest import RunCli
from tests.factories import make_meeting, make_user


@pytest.fixture
def setup(run_cli: RunCli, settings: Settings) -> dict[str, str]:
    assert run_cli("init").exit_code == 0
    with Context.create(settings) as context, context.unit_of_work() as session:
        return {
            "secretariat": make_user(session, role="secretariat").email,
            "india": make_user(session, role="delegate", delegation="IND").email,
            "first": str(make_meeting(session, day="2025-03-04").id),
            "later": str(make_meeting(session, day="2025-09-09").id),
        }


def ok(run: RunCli, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(run: RunCli, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    return result.stderr


def test_the_minutes_at_the_command_line(run_cli: RunCli, setup: dict[str, str], settings: Settings) -> None:
    first, secretariat = setup["first"], setup["secretariat"]
    as_secretariat = ("--as", secretariat)
    drafted = ok(
        run_cli, "minutes", "draft", first, "--text", "One.\n\nTwo.", "--lang", "en", *as_secretariat
    )
    assert "version 1" in drafted and "being drafted" in drafted
    ok(run_cli, "minutes", "circulate", first, *as_secretariat)
    ok(run_cli, "minutes", "correct", first, "--text", "One.\n\nTwo, corrected.", *as_secretariat)
    shown = json.loads(ok(run_cli, "minutes", "show", first, "--format", "json", "--as", setup["india"]))
    assert [v["number"] for v in shown["versions"]] == [1, 2]
    assert "Two, corrected." in ok(run_cli, "minutes", "show", first, "--version", "2", *as_secretariat)
    assert "changed" in ok(run_cli, "minutes", "diff", first, "1", "2", *as_secretariat)
    ok(run_cli, "minutes", "approve", first, "--at-meeting", setup["later"], *as_secretariat)
    with Context.create(settings) as context, context.unit_of_work(write=False) as session:
        versions = session.scalar(select(func.count()).select_from(MinutesVersion))
    twice = refused(run_cli, "minutes", "approve", first, "--at-meeting", setup["later"], *as_secretariat)
    assert "frozen minutes are immutable" in twice
    edit = refused(run_cli, "minutes", "correct", first, "--text", "Rewritten.", *as_secretariat)
    assert "frozen minutes are immutable" in edit
    with Context.create(settings) as context, context.unit_of_work(write=False) as session:
        assert session.scalar(select(func.count()).select_from(MinutesVersion)) == versions
    assert "give exactly one" in refused(run_cli, "minutes", "approve", first, *as_secretariat)


def test_approval_by_silence_and_cica_tick(
    run_cli: RunCli, setup: dict[str, str], settings: Settings
) -> None:
    first, as_secretariat = setup["first"], ("--as", setup["secretariat"])
    ok(run_cli, "minutes", "draft", first, "--text", "One.", "--lang", "en", *as_secretariat)
    ok(run_cli, "minutes", "circulate", first, *as_secretariat)
    assert "under silence" in ok(
        run_cli, "minutes", "approve", first, "--silence", "--period", "P2W", *as_secretariat
    )
    assert "under a silence procedure" in refused(
        run_cli, "minutes", "correct", first, "--text", "Other.", *as_secretariat
    )
    with Context.create(settings) as context:
        with context.unit_of_work() as session:
            procedure = session.scalars(select(Procedure)).one()
            # Opened and due in the past, as if two weeks had gone by.
            assert procedure.deadline is not None
            procedure.deadline = procedure.deadline - timedelta(days=15)
            procedure.opened_at = procedure.opened_at - timedelta(days=15)
        assert scheduler.any_due(context, context.clock.now())
    assert "adopted" in ok(run_cli, "tick")
    assert "frozen" in ok(run_cli, "minutes", "show", first)
