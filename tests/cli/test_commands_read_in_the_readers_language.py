"""Every read command, on the demo data, in Russian, Chinese and French (`--format table` or its
text): no English sentence, no raw id (an organ id, a snake_case key) and no words glued, by the
same check as the pages (`tests.reading`). Cell values are read too, not only headings: enum words,
organ names, dates. A title or a text in another language is shown marked "[en] …", as a page
marks it with `lang`, and only that is exempt."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from cica.cli import app
from cica.core.console import stdout
from cica.core.context import Context
from cica.core.settings import Settings
from cica.deliberation.models import Decision, Procedure, ProcedureKind
from cica.registry.models import Organ
from tests.conftest import RunCli
from tests.reading import READERS, command_faults


@pytest.fixture
def demo(run_cli: RunCli, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> tuple[list[list[str]], set[str]]:
    """The read commands to run on the demo data, and the organ ids (raw ids a reader must not
    see)."""
    assert run_cli("demo").exit_code == 0
    # Wide enough that no cell wraps: a sentence split over lines is judged whole.
    monkeypatch.setattr(stdout, "width", 1000)
    with Context.create(settings) as context, context.unit_of_work() as session:
        ids = set(session.scalars(select(Organ.id)))
        symbols = list(session.scalars(select(Decision.symbol).order_by(Decision.id)))
        consensus = session.scalars(
            select(Procedure.id).where(Procedure.kind == ProcedureKind.CONSENSUS).order_by(Procedure.id)
        ).first()
    commands = [
        ["members", "--on", "2014-05-21"],
        ["members", "--on", "2014-05-21", "--kind", "all"],
        ["chair", "--on", "2014-05-21"],
        ["organs"],
        ["users", "list"],
        ["delegations", "show", "IND"],
        ["meetings", "list"],
        ["meetings", "show", "1"],
        ["meetings", "due"],
        ["drafts", "list"],
        ["drafts", "show", "1"],
        ["drafts", "show", "2"],
        ["drafts", "diff", "1", "--old", "1", "--new", "3"],
        ["consensus", "board", str(consensus)],
        ["silence", "status", "--all"],
        ["decisions", "list"],
        *(["decisions", "show", symbol] for symbol in symbols),
        ["audit", "verify"],
        ["tick"],
    ]
    return commands, ids


@pytest.mark.parametrize("lang", READERS)
def test_every_read_command_reads_in_the_readers_language(
    cli_env: dict[str, str], demo: tuple[list[list[str]], set[str]], lang: str
) -> None:
    commands, ids = demo
    # The reader's language as a setting: every command speaks it, with or without `--lang`.
    env = {**cli_env, "CICA_DEFAULT_LANGUAGE": lang}
    found = []
    for command in commands:
        result = CliRunner().invoke(app, command, env=env, catch_exceptions=False)
        assert result.exit_code == 0, (command, result.output)
        found += [f"{' '.join(command)}: {fault}" for fault in command_faults(result.stdout, lang, ids)]
    assert not found, "\n".join(found[:400])

