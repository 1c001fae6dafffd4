"""`cica docs …`: import of text, Markdown, Word and PDF with the language of each paragraph
detected, several files as versions of one symbol, batches that report each refused file, the
stored alignment as TSV and JSON, certification, and refusals as one line with exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cica.core.context import Context
from cica.core.settings import Settings
from cica.documents.models import Document, DocumentVersion
from tests.akomantoso import schema_errors
from tests.conftest import RunCli

SAMPLE = Path(__file__).parents[2] / "src" / "cica" / "documents" / "data" / "cica-overview.fr-zh.txt"
ENGLISH = (
    "The Conference on Interaction and Confidence-Building Measures in Asia.\n\nIt met in Almaty in 2002."
)
RUSSIAN = "Совещание по взаимодействию и мерам доверия в Азии.\n\nОно собралось в Алматы в 2002 году."


@pytest.fixture
def initialised(run_cli: RunCli) -> None:
    assert run_cli("init").exit_code == 0


def ok(run: RunCli, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _counts(settings: Settings) -> tuple[int, int]:
    with Context.create(settings) as context, context.unit_of_work(write=False) as session:
        return (
            session.scalar(select(func.count()).select_from(Document)) or 0,
            session.scalar(select(func.count()).select_from(DocumentVersion)) or 0,
        )


def test_the_sample_imports_as_one_document_in_french_and_chinese(
    run_cli: RunCli, initialised: None, tmp_path: Path
) -> None:
    sample = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, sample)
    out = ok(run_cli, "docs", "import", str(sample), "--symbol", "CICA/INF/2017/1")
    assert out.strip() == "imported CICA/INF/2017/1: fr (3 paragraphs), zh (2 paragraphs)"
    assert ok(run_cli, "docs", "align", "CICA/INF/2017/1", "--langs", "fr,zh") == "1\t1\n2\t-\n3\t2\n"
    assert ok(run_cli, "docs", "align", "CICA/INF/2017/1", "--langs", "zh,fr") == "1\t1\n-\t2\n2\t3\n"
    shown = json.loads(
        ok(run_cli, "docs", "align", "CICA/INF/2017/1", "--langs", "fr,zh", "--format", "json")
    )
    assert shown["rows"][1] == {"source": [2], "target": []}
    # By sentence: numbered over each version; exactly the gold files' lines, nothing else.
    by_sentence = ok(run_cli, "docs", "align", "CICA/INF/2017/1", "--langs", "fr,zh", "--level", "sentence")
    assert by_sentence == "1\t1\n2\t-\n" + "".join(f"{i}\t{i - 1}\n" for i in range(3, 9))
    sentences = json.loads(
        ok(
            run_cli,
            "docs",
            "align",
            "CICA/INF/2017/1",
            "--langs",
            "fr,zh",
            "--level",
            "sentence",
            "--format",
            "json",
        )
    )
    assert sentences["level"] == "sentence" and len(sentences["rows"]) == 8
    listed = json.loads(ok(run_cli, "docs", "list", "--format", "json"))
    assert [(i["symbol"], i["languages"]) for i in listed["items"]] == [("CICA/INF/2017/1", ["fr", "zh"])]
    version = json.loads(
        ok(run_cli, "docs", "show", "CICA/INF/2017/1", "--version", "zh", "--format", "json")
    )
    assert version["items"][0]["text"] == "亚信会议"


def test_files_with_one_symbol_are_versions_of_one_document(
    run_cli: RunCli, initialised: None, tmp_path: Path, settings: Settings
) -> None:
    (tmp_path / "statement.en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "statement.ru.md").write_text("# " + RUSSIAN, encoding="utf-8")
    out = ok(
        run_cli, "docs", "import", str(tmp_path / "statement.en.txt"), str(tmp_path / "statement.ru.md"),
        "--symbol", "CICA/SUMMIT/2022/1", "--kind", "statement", "--date", "2022-10-13", "--organ", "summit",
    )  # fmt: skip
    assert out.strip() == "imported CICA/SUMMIT/2022/1: en (2 paragraphs), ru (2 paragraphs)"
    assert _counts(settings) == (1, 2)
    shown = json.loads(ok(run_cli, "docs", "show", "CICA/SUMMIT/2022/1", "--format", "json"))
    assert (shown["kind"], shown["day"], shown["organ"]) == ("statement", "2022-10-13", "summit")
    assert [(v["lang"], v["status"]) for v in shown["versions"]] == [
        ("en", "original"),
        ("ru", "unofficial_translation"),
    ]
    assert ok(run_cli, "docs", "certify", "CICA/SUMMIT/2022/1", "--version", "ru").startswith("certified")
    again = run_cli("docs", "certify", "CICA/SUMMIT/2022/1", "--version", "ru")
    assert again.exit_code == 2 and "already certified" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    used = run_cli("docs", "import", str(tmp_path / "statement.en.txt"), "--symbol", "CICA/SUMMIT/2022/1")
    assert used.exit_code == 2 and "already used" in used.stderr
    assert _counts(settings) == (1, 2)


def test_word_and_pdf_files_are_read(run_cli: RunCli, initialised: None, tmp_path: Path) -> None:
    from docx import Document as Word

    word = Word()
    for paragraph in ENGLISH.split("\n\n"):
        word.add_paragraph(paragraph)
    word.save(str(tmp_path / "a.docx"))
    from cica.core.pdf import pdf_of

    (tmp_path / "b.pdf").write_bytes(
        pdf_of("<html><body><p>" + RUSSIAN.replace("\n\n", "</p><p>") + "</p></body></html>")
    )
    out = ok(run_cli, "docs", "import", str(tmp_path / "a.docx"), str(tmp_path / "b.pdf"))
    lines = out.strip().splitlines()
    assert lines[0].endswith("en (2 paragraphs)") and " ru (" in lines[1]


def test_a_batch_reports_each_refused_file_and_imports_the_others(
    run_cli: RunCli, initialised: None, tmp_path: Path, settings: Settings
) -> None:
    from pypdf import PdfWriter

    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Conférence".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("\n\n", encoding="utf-8")
    scan = PdfWriter()
    scan.add_blank_page(width=200, height=200)
    with (tmp_path / "scan.pdf").open("wb") as out:
        scan.write(out)
    files = [str(tmp_path / name) for name in ("good.txt", "latin1.txt", "empty.txt", "scan.pdf")]
    nothing = run_cli("docs", "import", *files, "--all-or-nothing")
    assert nothing.exit_code == 2 and _counts(settings) == (0, 0)
    batch = run_cli("docs", "import", *files)
    assert batch.exit_code == 2
    errors = batch.stderr.strip().splitlines()
    assert len(errors) == 3
    assert "latin1.txt: not UTF-8" in errors[0] and "empty.txt: the file is empty" in errors[1]
    assert "scan.pdf: the PDF has no text layer" in errors[2]
    assert batch.stdout.count("imported ") == 1 and _counts(settings) == (1, 1)


def test_a_tag_that_is_not_bcp47_is_refused(run_cli: RunCli, initialised: None, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    refused = run_cli("docs", "import", str(tmp_path / "a.txt"), "--lang", "english!")
    assert refused.exit_code == 2
    assert refused.stderr.strip().splitlines() == [
        "error: lang: 'english!' is not a BCP 47 language tag such as 'fr', 'zh-Hans' or 'ru-RU'"
    ]


def test_the_generated_documents_are_still_written_under_docs(run_cli: RunCli, tmp_path: Path) -> None:
    out = ok(run_cli, "docs", "write", "--dir", str(tmp_path))
    assert "permissions.md" in out and (tmp_path / "configuration.md").exists()


def test_the_language_of_an_imported_text_is_not_the_language_the_command_speaks(
    run_cli: RunCli, initialised: None, tmp_path: Path
) -> None:
    english = tmp_path / "statement.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    assert "imported CICA/INF/2020/1: fr (2 paragraphs)" in ok(
        run_cli, "docs", "import", str(english), "--lang", "fr", "--symbol", "CICA/INF/2020/1"
    )
    again = run_cli("docs", "import", str(english), "--lang", "fr", "--symbol", "CICA/INF/2020/1")
    assert again.exit_code == 2
    assert again.stderr.startswith("error: "), again.stderr  # not "erreur : ": the reader reads English
    # `--lang` of the other `docs` commands is still the reader's.
    assert ok(run_cli, "docs", "list", "--lang", "fr") != ok(run_cli, "docs", "list")


def test_a_version_exports_as_valid_akoma_ntoso_to_the_screen_or_a_file(
    run_cli: RunCli, initialised: None, tmp_path: Path
) -> None:
    sample = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, sample)
    ok(run_cli, "docs", "import", str(sample), "--symbol", "CICA/INF/2017/1")
    printed = ok(run_cli, "docs", "akn", "CICA/INF/2017/1", "--version", "zh")
    assert schema_errors(printed.encode()) == []
    assert '<FRBRlanguage language="zho"/>' in printed
    target = tmp_path / "fr.xml"
    ok(run_cli, "docs", "akn", "CICA/INF/2017/1", "--version", "fr", "--output", str(target))
    assert schema_errors(target.read_bytes()) == []
    refused = run_cli(
        "docs", "akn", "CICA/INF/2017/1", "--version", "fr", "--output", str(tmp_path / "no" / "f.xml")
    )
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr


def test_versions_side_by_side_export_as_a_markdown_table(
    run_cli: RunCli, initialised: None, tmp_path: Path
) -> None:
    sample = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, sample)
    ok(run_cli, "docs", "import", str(sample), "--symbol", "CICA/INF/2017/1")
    printed = ok(run_cli, "docs", "markdown", "CICA/INF/2017/1", "--langs", "fr,zh", "--lang", "zh")
    table = [line for line in printed.splitlines() if line.startswith("|")]
    assert table[0] == "| 法语 | 中文 |"
    # A header, its rule, and one row per row of the stored alignment, numbered as it says.
    aligned = ok(run_cli, "docs", "align", "CICA/INF/2017/1", "--langs", "fr,zh").splitlines()
    assert len(table) == 2 + len(aligned)
    for row, line in zip(table[2:], aligned, strict=True):
        french, chinese = row.strip("| ").split(" | ")
        for numbers, cell in zip(line.split("\t"), (french, chinese), strict=True):
            shown = [part.split("**")[1] for part in cell.split("<br><br>") if part.startswith("**")]
            assert shown == ([] if numbers == "-" else numbers.split(","))
    target = tmp_path / "side.md"
    ok(run_cli, "docs", "markdown", "CICA/INF/2017/1", "--langs", "fr,zh", "--output", str(target))
    assert "| français | chinois |" not in target.read_text() and "| French | Chinese |" in target.read_text()
    refused = run_cli("docs", "markdown", "CICA/INF/2017/1", "--langs", "fr")
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
