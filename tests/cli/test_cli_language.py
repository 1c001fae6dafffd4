"""Commands print in the reader's language: table titles and headings, counts with their plural
forms, and the one-line errors (exit 2), through the same catalogues as the pages (core.output,
core.i18n); `--lang`, else CICA_DEFAULT_LANGUAGE, else the locale's language."""

from __future__ import annotations

import re

import pytest
from click.testing import Result
from typer.testing import CliRunner

from cica.cli import app
from cica.core.context import Context
from cica.core.settings import Settings
from tests.conftest import RunCli
from tests.factories import SECRETARIAT, make_draft

LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture
def initialised(run_cli: RunCli, settings: Settings) -> RunCli:
    assert run_cli("init").exit_code == 0
    with Context.create(settings) as context, context.unit_of_work() as session:
        for number in range(2):
            make_draft(session, organ="soc", title=f"Report {number}", actor=SECRETARIAT)
    return run_cli


def title_and_headings(table: str) -> tuple[str, list[str]]:
    """The title above a Rich table and its column headings (a heading may wrap over lines)."""
    lines = table.splitlines()
    top = next(index for index, line in enumerate(lines) if line.startswith("┏"))
    below = next(index for index, line in enumerate(lines) if line.startswith("┡"))
    rows = [[cell.strip() for cell in line.strip("┃").split("┃")] for line in lines[top + 1 : below]]
    headings = [" ".join(part for part in column if part) for column in zip(*rows, strict=True)]
    return " ".join(lines[:top]).strip(), headings


def wide(run: RunCli, *args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def test_members_in_chinese_have_no_english_label(initialised: RunCli) -> None:
    title, headings = title_and_headings(
        wide(initialised, "members", "--on", "2014-05-21", "--lang", "zh").stdout
    )
    assert title == "2014-05-21的参加方（成员国）"
    assert headings == ["代码", "名称", "类型", "起始时间", "可靠性", "来源"]
    assert not LATIN.search(title + "".join(headings))


def test_the_drafts_list_in_russian_has_no_english_label_and_counts_in_russian(initialised: RunCli) -> None:
    title, headings = title_and_headings(wide(initialised, "drafts", "list", "--lang", "ru").stdout)
    assert title == "2 проекта"  # Russian's second plural form (2–4)
    assert headings[:5] == ["№", "Название", "Вид", "Орган", "Стадия"]
    assert not LATIN.search(title + "".join(headings)), headings


def test_meetings_in_french_have_french_headings(initialised: RunCli) -> None:
    title, headings = title_and_headings(wide(initialised, "meetings", "list", "--lang", "fr").stdout)
    assert title == "Réunions"
    assert headings == ["N°", "Titre", "Dates", "Ville", "Pays hôte", "Présidence", "Statut"]
    english = {"title", "city", "host", "chair", "status", "meetings"}
    assert not english & {word.lower() for word in [title, *headings]}


def test_csv_keeps_the_keys_programs_read(initialised: RunCli) -> None:
    csv = wide(initialised, "meetings", "list", "--lang", "fr", "--format", "csv").stdout
    assert csv.splitlines()[0] == "id,title,dates,city,host,chair,status"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["drafts", "show", "99999", "--lang", "ru"], "ошибка: Такой записи нет. (no draft 99999)"),
        (
            ["members", "--on", "2014-13-01", "--lang", "zh"],
            "错误：请按年-月-日填写日期，例如 2026-12-01。（--on: not a date: '2014-13-01' (expected YYYY-MM-DD)）",
        ),
        (
            # Refused before `--lang` is read by the command: the group has chosen it already.
            ["meetings", "show", "abc", "--lang", "fr"],
            "erreur : Cela n’a pas été accepté. ('abc' is not a whole number)",
        ),
    ],
)
def test_an_error_line_is_in_the_chosen_language(initialised: RunCli, args: list[str], line: str) -> None:
    result = initialised(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == line + "\n"


def test_english_error_lines_are_as_they_were(initialised: RunCli) -> None:
    result = initialised("drafts", "show", "99999", "--lang", "en")
    assert (result.exit_code, result.stderr) == (2, "error: no draft 99999\n")


@pytest.mark.parametrize(
    ("environment", "title"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "Réunions"),
        ({"LC_ALL": "ru_RU.UTF-8", "LANG": "fr_FR.UTF-8"}, "Заседания"),
        ({"CICA_DEFAULT_LANGUAGE": "zh", "LANG": "fr_FR.UTF-8"}, "会议"),
        ({"LANG": "C.UTF-8"}, "Meetings"),
    ],
)
def test_without_lang_the_setting_then_the_locale_decides(
    initialised: RunCli, cli_env: dict[str, str], environment: dict[str, str], title: str
) -> None:
    result = CliRunner().invoke(
        app, ["meetings", "list"], env={**cli_env, **environment}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert title_and_headings(result.stdout)[0] == title
    # `--lang` given wins over both.
    told = CliRunner().invoke(
        app, ["meetings", "list", "--lang", "en"], env={**cli_env, **environment}, catch_exceptions=False
    )
    assert title_and_headings(told.stdout)[0] == "Meetings"
