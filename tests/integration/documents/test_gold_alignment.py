"""Each gold text under `tests/data/alignment/` imported through the real operation into a fresh
database (SQLite and PostgreSQL), its stored alignment read back by paragraph and by sentence
and scored against the hand-made gold: F1 ≥ 0.95 by paragraph and ≥ 0.90 by sentence (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cica.core.context import Context
from cica.documents import evaluation, operations, queries, reading, rules
from cica.documents.rules import AlignmentUnit
from tests.factories import SECRETARIAT

GOLD = Path(__file__).parents[2] / "data" / "alignment"
TARGETS = {AlignmentUnit.PARAGRAPH: 0.95, AlignmentUnit.SENTENCE: 0.90}


def gold_texts() -> list[Path]:
    return sorted(folder for folder in GOLD.iterdir() if (folder / "SOURCE.md").is_file())


def languages(folder: Path) -> list[str]:
    """The folder's two languages, in the order its name gives them (`…-fr-zh`)."""
    first, second = folder.name.rsplit("-", 2)[1:]
    return [first, second]


def test_there_are_three_gold_texts_each_with_its_two_versions_and_both_levels() -> None:
    assert len(gold_texts()) >= 3
    for folder in gold_texts():
        for name in [f"{lang}.txt" for lang in languages(folder)] + ["paragraph.tsv", "sentence.tsv"]:
            assert (folder / name).is_file(), folder / name


@pytest.mark.parametrize("folder", gold_texts(), ids=lambda folder: folder.name)
def test_the_stored_alignment_of_each_gold_text_reaches_the_targets(cica: Context, folder: Path) -> None:
    first, second = languages(folder)
    versions = [
        reading.versions_in(f"{lang}.txt", (folder / f"{lang}.txt").read_bytes(), lang, ())[0]
        for lang in (first, second)
    ]
    with cica.unit_of_work() as session:
        symbol = operations.import_document(
            session, versions, details=operations.Details(), actor=SECRETARIAT
        ).symbol
    for level, target in TARGETS.items():
        with cica.unit_of_work(write=False) as session:
            found = queries.alignment(session, symbol, [first, second], actor=None, level=level)
        predicted = rules.parse_alignment_tsv(queries.alignment_tsv(found))
        gold = rules.parse_alignment_tsv((folder / f"{level.value}.tsv").read_text(encoding="utf-8"))
        score = evaluation.score(predicted, gold)
        assert score.f1 >= target, (level, score, queries.alignment_tsv(found))
