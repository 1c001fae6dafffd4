"""`cica drafts list` and `cica decisions list` a page at a time, and searched by title words;
a bad cursor, limit or search is one line on stderr and exit 2."""

from __future__ import annotations

import json

import pytest

from cica.core.context import Context
from cica.core.settings import Settings
from tests.conftest import RunCli
from tests.factories import SECRETARIAT, make_draft


@pytest.fixture
def drafts(run_cli: RunCli, settings: Settings) -> None:
    assert run_cli("init").exit_code == 0
    with Context.create(settings) as context, context.unit_of_work() as session:
        make_draft(session, organ="soc", title="Security cooperation",
                   texts={"ru": ("Сотрудничество в области безопасности", "Текст.")}, actor=SECRETARIAT)  # fmt: skip
        for number in range(2):
            make_draft(session, organ="soc", title=f"Report {number}", actor=SECRETARIAT)


def test_the_drafts_list_pages_with_the_cursor_it_prints(run_cli: RunCli, drafts: None) -> None:
    first = run_cli("drafts", "list", "--limit", "2", "--format", "json")
    assert first.exit_code == 0, first.output
    page = json.loads(first.stdout)
    assert page["count"] == 3 and len(page["items"]) == 2
    table = run_cli("drafts", "list", "--limit", "2")
    assert f"older: --cursor {page['page']['next_cursor']}" in table.stdout
    rest = json.loads(run_cli("drafts", "list", "--limit", "2", "--cursor", page["page"]["next_cursor"],
                              "--format", "json").stdout)  # fmt: skip
    ids = [item["id"] for item in page["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 3 and rest["page"]["next_cursor"] is None


@pytest.mark.parametrize("words", ["БЕЗОПАСНОСТИ", "security"])
def test_lists_are_searched_by_title_words(run_cli: RunCli, drafts: None, words: str) -> None:
    found = json.loads(run_cli("drafts", "list", "-q", words, "--format", "json").stdout)
    assert [item["title"] for item in found["items"]] == ["Security cooperation"]
    register = run_cli("decisions", "list", "--search", words, "--format", "json")
    assert register.exit_code == 0 and json.loads(register.stdout)["count"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--cursor", "garbage"), "cursor: not a cursor of this list"),
        (("--limit", "0"), "limit: 0 is not between 1 and 200"),
        (("--search", "x" * 201), "q: a search has at most 200 characters"),
    ],
)
@pytest.mark.parametrize("command", ["drafts", "decisions"])
def test_a_bad_cursor_limit_or_search_is_one_line_and_exit_2(
    run_cli: RunCli, drafts: None, command: str, args: tuple[str, ...], message: str
) -> None:
    result = run_cli(command, "list", *args)
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1
