"""Every read command, on the demo data, in Russian, Chinese and French (`--format table` or its
text): no English sentence, no raw id (an organ id, a snake_case key) and no words glued, by the
same check as the pages (`tests.reading`). Cell values are read too, not only headings: enum words,
organ names, dates. A title or a text in another language is shown marked "[en] …", as a page
marks it with `lang`, and only that is exempt."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select
from typer.testing import CliRunner

from cica.access.actors import USER_ROLES
from cica.access.rules import CLASSIFICATIONS
from cica.cli import app
from cica.core.console import stdout
from cica.core.context import Context
from cica.core.settings import Settings
from cica.deliberation.amendments import AmendmentKind, AmendmentStatus
from cica.deliberation.consensus import Stance
from cica.deliberation.models import Decision, Procedure
from cica.deliberation.rules import ProcedureKind, ProcedureStatus, Stage
from cica.meetings.rules import DueState, FloorKind, Group, MeetingStatus, SpeakerState
from cica.minutes.rules import MinutesState
from cica.registry.models import Organ
from tests.conftest import RunCli
from tests.reading import READERS, TRANSLATIONS, command_faults

# The codes a command must not show as they are: each has its word in the reader's language.
CODES = {
    *Stage, *ProcedureKind, *ProcedureStatus, *Stance, *AmendmentKind, *AmendmentStatus,
    *MeetingStatus, *DueState, *Group, *FloorKind, *SpeakerState, *MinutesState,
    *USER_ROLES, *CLASSIFICATIONS, "member", "observer", "partner", "silent", "active", "disabled",
    "confirmed", "unconfirmed", "conflicting", "deliberative", "subsidiary", "administrative", "online",
}  # fmt: skip


def catalogue_words(lang: str) -> set[str]:
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalogue = read_po(source, locale=lang)
    strings = (
        text
        for message in catalogue
        for text in (message.string if isinstance(message.string, tuple) else [message.string])
    )
    return {word for text in strings for word in re.findall(r"[\w-]+", text or "")}


@pytest.fixture
def demo(
    run_cli: RunCli, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[list[str]], set[str]]:
    """The read commands to run on the demo data, and the raw ids a reader must not see: organ
    ids and the codes of `CODES`."""
    assert run_cli("demo").exit_code == 0
    # Wide enough that no cell wraps: a sentence split over lines is judged whole.
    monkeypatch.setattr(stdout, "width", 1000)
    with Context.create(settings) as context, context.unit_of_work() as session:
        ids = set(session.scalars(select(Organ.id))) | {str(code) for code in CODES}
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
        ["cbm", "coordinators", "--on", "2023-01-01"],
        ["cbm", "catalogue", "--version", "2021"],
        ["search", "亚信"],
    ]
    return commands, ids


@pytest.mark.parametrize("lang", READERS)
def test_every_read_command_reads_in_the_readers_language(
    cli_env: dict[str, str], demo: tuple[list[list[str]], set[str]], lang: str
) -> None:
    commands, codes = demo
    # A code that is also a word of the reader's language ("consensus", "silence" in French) can
    # not be told from that word: only codes the language's catalogue never writes are looked for.
    ids = codes - catalogue_words(lang)
    # The reader's language as a setting: every command speaks it, with or without `--lang`.
    env = {**cli_env, "CICA_DEFAULT_LANGUAGE": lang}
    found = []
    for command in commands:
        result = CliRunner().invoke(app, command, env=env, catch_exceptions=False)
        assert result.exit_code == 0, (command, result.output)
        found += [f"{' '.join(command)}: {fault}" for fault in command_faults(result.stdout, lang, ids)]
    assert not found, "\n".join(found[:400])
