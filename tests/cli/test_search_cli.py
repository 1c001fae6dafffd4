"""`cica search`: after `cica demo` the sample is found in Chinese and in French, a French hit
shows its Chinese partner, and bad input is one line on stderr with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RunCli

SAMPLE_SYMBOL_PREFIX = "CICA/"


@pytest.fixture
def demo(run_cli: RunCli) -> None:
    assert run_cli("demo").exit_code == 0


def _hits(run_cli: RunCli, *args: str) -> list[dict[str, object]]:
    result = run_cli("search", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["hits"]  # type: ignore[no-any-return]


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("query", "lang"), [("亚信", "zh"), ("亚信会议", "zh"), ("sécurité", "fr"), ("securite", "fr")]
)
def test_the_demo_sample_is_found_in_chinese_and_in_french(run_cli: RunCli, query: str, lang: str) -> None:
    hits = _hits(run_cli, query)
    assert hits and {hit["lang"] for hit in hits} == {lang}
    documents = {hit["symbol"] for hit in hits}
    assert len(documents) == 1 and next(iter(documents)).startswith(SAMPLE_SYMBOL_PREFIX)


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_mesures_de_confiance_finds_the_french_paragraph_with_its_chinese_partner(run_cli: RunCli) -> None:
    first = _hits(run_cli, "mesures de confiance")[0]
    assert first["lang"] == "fr" and first["paragraph"] == 1
    assert [p for p in first["snippet"] if p["matched"]] == [  # type: ignore[attr-defined]
        {"text": "mesures", "matched": True},
        {"text": "de", "matched": True},
        {"text": "confiance", "matched": True},
    ]
    assert first["aligned"] == [{"lang": "zh", "number": 1, "text": "亚信会议"}]
    table = run_cli("search", "mesures de confiance")
    assert table.exit_code == 0 and "亚信会议" in table.stdout


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_quotes_kept_from_the_shell_make_a_phrase(run_cli: RunCli) -> None:
    # `cica search '"mesures de confiance"'`: the shell leaves the double quotes in.
    hits = _hits(run_cli, '"mesures de confiance"')
    assert (hits[0]["lang"], hits[0]["paragraph"]) == ("fr", 1) and {hit["lang"] for hit in hits} == {"fr"}
    assert _hits(run_cli, '"confiance de mesures"') == []


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_filters_and_reindex(run_cli: RunCli, search_index_dir: Path) -> None:
    assert _hits(run_cli, "亚信", "--lang", "fr") == []
    assert _hits(run_cli, "亚信", "--to", "2000-01-01") == []
    assert _hits(run_cli, "亚信", "--lang", "zh", "--sort", "date", "--limit", "1")[0]["score"] is None
    reindexed = run_cli("search", "reindex")
    assert reindexed.exit_code == 0 and "indexed" in reindexed.stdout
    assert _hits(run_cli, "亚信")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "args",
    [
        ("   ",),
        ("word", "--limit", "0"),
        ("word", "--lang", "not a tag"),
        ("word", "--from", "2020-02-30"),
        ("word", "--from", "2021-01-01", "--to", "2020-01-01"),
        ("word", "--format", "csv"),
        ("word", "--sort", "alphabet"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(run_cli: RunCli, args: tuple[str, ...]) -> None:
    assert run_cli("init").exit_code == 0
    result = run_cli("search", *args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
