"""Alignment against the gold files under `tests/data/alignment/`: precision, recall and F1 of
each text by paragraph and by sentence, and the time to align it (paragraphs, then sentences
inside them), each beside the trivial baseline — unit k with unit k — in the same run."""

from __future__ import annotations

from pathlib import Path

from bench.common import Figure, Report, median, timings
from cica.documents import evaluation, rules
from cica.documents.rules import Bead

GOLD = Path(__file__).parents[1] / "tests" / "data" / "alignment"
REPEAT = 200


def _versions(folder: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The folder's two versions' paragraphs, in the order its name gives them (`…-fr-zh`)."""
    first, second = folder.name.rsplit("-", 2)[1:]

    def read(lang: str) -> tuple[str, ...]:
        return rules.split_paragraphs((folder / f"{lang}.txt").read_text(encoding="utf-8"))

    return read(first), read(second)


def _sentence_count(paragraphs: tuple[str, ...]) -> int:
    return sum(len(rules.split_sentences(p)) for p in paragraphs)


def _gold(folder: Path, level: str) -> tuple[Bead, ...]:
    return rules.parse_alignment_tsv((folder / f"{level}.tsv").read_text(encoding="utf-8"))


def _aligned(source: tuple[str, ...], target: tuple[str, ...]) -> tuple[tuple[Bead, ...], tuple[Bead, ...]]:
    paragraphs = rules.align_paragraphs(source, target)
    return paragraphs, rules.align_sentences(source, target, paragraphs)


def _diagonal(source: tuple[str, ...], target: tuple[str, ...]) -> tuple[tuple[Bead, ...], tuple[Bead, ...]]:
    return (
        evaluation.diagonal(len(source), len(target)),
        evaluation.diagonal(_sentence_count(source), _sentence_count(target)),
    )


def _scores(
    report: Report,
    name: str,
    found: tuple[Bead, ...],
    gold: tuple[Bead, ...],
    baseline: tuple[Bead, ...],
    target: str,
) -> None:
    score, trivial = evaluation.score(found, gold), evaluation.score(baseline, gold)
    report.add(
        Figure(
            f"{name} precision",
            score.precision,
            "",
            baseline=f"diagonal ({trivial.precision:.3f})",
            ratio=_ratio(score.precision, trivial.precision),
        )
    )
    report.add(
        Figure(
            f"{name} recall",
            score.recall,
            "",
            baseline=f"diagonal ({trivial.recall:.3f})",
            ratio=_ratio(score.recall, trivial.recall),
        )
    )
    report.add(
        Figure(
            f"{name} F1",
            score.f1,
            "",
            baseline=f"diagonal (F1 {trivial.f1:.3f})",
            ratio=_ratio(score.f1, trivial.f1),
            target=target,
        )
    )


def _ratio(value: float, baseline: float) -> float | None:
    return value / baseline if baseline else None


def run(report: Report) -> None:
    for folder in sorted(f for f in GOLD.iterdir() if (f / "SOURCE.md").is_file()):
        source, target = _versions(folder)
        paragraphs, sentences = _aligned(source, target)
        by_paragraph, by_sentence = _diagonal(source, target)
        name = folder.name
        _scores(report, f"{name} paragraph", paragraphs, _gold(folder, "paragraph"), by_paragraph, "≥ 0.95")
        _scores(report, f"{name} sentence", sentences, _gold(folder, "sentence"), by_sentence, "≥ 0.90")
        measured = median(timings(lambda source=source, target=target: _aligned(source, target), REPEAT))
        trivial = median(timings(lambda source=source, target=target: _diagonal(source, target), REPEAT))
        report.add(
            Figure(
                f"{name} alignment time (paragraphs + sentences)",
                measured * 1000,
                "ms",
                baseline=f"diagonal ({trivial * 1000:.3f} ms)",
                ratio=measured / trivial if trivial else None,
            )
        )
