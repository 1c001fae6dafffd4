"""Precision, recall and F1 of an alignment against a gold one, over links."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cica.documents import evaluation, rules
from cica.documents.rules import Bead


@st.composite
def alignments(draw: st.DrawFn) -> tuple[Bead, ...]:
    """A monotone alignment covering each side's units once, in beads of the aligner's shapes."""
    shapes = draw(st.lists(st.sampled_from([(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)]), max_size=12))
    beads, i, j = [], 0, 0
    for di, dj in shapes:
        beads.append(Bead(tuple(range(i, i + di)), tuple(range(j, j + dj))))
        i, j = i + di, j + dj
    return tuple(beads)


@given(alignments())
def test_an_alignment_scores_one_against_itself(gold: tuple[Bead, ...]) -> None:
    assert evaluation.score(gold, gold) == evaluation.Score(1.0, 1.0, 1.0)


@given(alignments(), alignments())
def test_swapping_prediction_and_gold_swaps_precision_and_recall(
    first: tuple[Bead, ...], second: tuple[Bead, ...]
) -> None:
    one, other = evaluation.score(first, second), evaluation.score(second, first)
    assert (one.precision, one.recall) == (other.precision, other.recall)[::-1]
    assert abs(one.f1 - other.f1) < 1e-12
    assert 0.0 <= one.f1 <= 1.0
    assert min(one.precision, one.recall) <= one.f1 <= max(one.precision, one.recall) + 1e-12


@given(alignments())
def test_the_tsv_of_an_alignment_reads_back_as_the_same_alignment(beads: tuple[Bead, ...]) -> None:
    assert rules.parse_alignment_tsv(rules.alignment_tsv(beads)) == beads


def test_a_merge_counts_one_link_per_unit_and_an_unmatched_unit_counts_too() -> None:
    gold = rules.parse_alignment_tsv("1,2\t1\n3\t-\n")
    assert evaluation.links(gold) == {(0, 0), (1, 0), (2, None)}
    half = rules.parse_alignment_tsv("1\t1\n2\t-\n3\t-\n")  # the merge missed: (1, None) is wrong
    assert evaluation.score(half, gold) == evaluation.Score(2 / 3, 2 / 3, 2 / 3)


def test_the_diagonal_baseline_pairs_unit_k_with_unit_k() -> None:
    assert rules.alignment_tsv(evaluation.diagonal(3, 2)) == "1\t1\n2\t2\n3\t-\n"
