"""How close a computed alignment is to a gold one: precision, recall and F1 over links. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cica.documents.rules import Bead

# A link: a unit of the first text and one of the second (0-based), or None for "unmatched".
Link = tuple[int | None, int | None]


def links(beads: Sequence[Bead]) -> frozenset[Link]:
    """The links of an alignment. A bead links every unit of one side with every unit of the
    other: a 1:1 bead is one link (i, j); a 2:1 merge `i,i+1 → j` is two links, (i, j) and
    (i+1, j) (so finding one half of a merge earns half of it); a 2:2 bead is four. An
    unmatched unit is a link with None, (i, None) or (None, j): saying a unit has no partner
    is a claim that counts, right or wrong, like any other."""
    found: set[Link] = set()
    for bead in beads:
        if not bead.target:
            found.update((i, None) for i in bead.source)
        elif not bead.source:
            found.update((None, j) for j in bead.target)
        else:
            found.update((i, j) for i in bead.source for j in bead.target)
    return frozenset(found)


@dataclass(frozen=True)
class Score:
    """Precision (the predicted links that are gold), recall (the gold links predicted) and
    their harmonic mean F1; all 1.0 when both alignments are empty."""

    precision: float
    recall: float
    f1: float


def score(predicted: Sequence[Bead], gold: Sequence[Bead]) -> Score:
    """The predicted alignment's precision, recall and F1 against the gold one, over `links`."""
    found, truth = links(predicted), links(gold)
    common = len(found & truth)
    precision = common / len(found) if found else (1.0 if not truth else 0.0)
    recall = common / len(truth) if truth else (1.0 if not found else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def diagonal(sources: int, targets: int) -> tuple[Bead, ...]:
    """The trivial baseline: unit k with unit k, the longer side's rest unmatched."""
    shared = min(sources, targets)
    return (
        tuple(Bead((k,), (k,)) for k in range(shared))
        + tuple(Bead((i,), ()) for i in range(shared, sources))
        + tuple(Bead((), (j,)) for j in range(shared, targets))
    )
