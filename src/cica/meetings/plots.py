"""The timeline of all meetings by organ: one row per organ, one mark per meeting, drawn by the
registry's `figure_bytes` (the page's style, its CJK font handling) as SVG or PNG."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cica.core.i18n import translations
from cica.meetings.rules import MeetingStatus, MeetingType
from cica.registry.plots import GRID_COLOUR, MEMBER_COLOUR, OBSERVER_COLOUR, figure_bytes, year_of

CANCELLED_COLOUR = "#8b1d1d"


@dataclass(frozen=True)
class Mark:
    """One meeting on the timeline: its organ's row, when it opened, its type and status."""

    row: int
    year: float
    regular: bool
    status: MeetingStatus


def marks(items: Sequence[Any], organ_ids: Sequence[str]) -> tuple[Mark, ...]:
    """The meetings (`queries.MeetingItem`) as marks, rows in the charter's order of organs."""
    rows = {organ: index for index, organ in enumerate(organ_ids)}
    return tuple(
        Mark(rows[item.organ], year_of(item.first_day), item.kind is MeetingType.REGULAR, item.status)
        for item in items
        if item.organ in rows
    )


def timeline(found: tuple[Mark, ...], organ_names: tuple[str, ...], lang: str, image: str) -> bytes:
    """The timeline as `image` ("svg" or "png"), labelled in `lang`."""
    return _timeline(found, organ_names, lang, image)


@lru_cache(maxsize=16)
def _timeline(found: tuple[Mark, ...], organ_names: tuple[str, ...], lang: str, image: str) -> bytes:
    height = 1.2 + 0.45 * len(organ_names)
    return figure_bytes(lambda axes: _paint(axes, found, organ_names, lang), image, size=(8.0, height))


def _paint(axes: Any, found: tuple[Mark, ...], organ_names: tuple[str, ...], lang: str) -> None:
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    _ = translations(lang).gettext
    groups = (
        (
            _("regular"),
            [m for m in found if m.regular and m.status is not MeetingStatus.CANCELLED],
            "o",
            MEMBER_COLOUR,
        ),
        (
            _("other"),
            [m for m in found if not m.regular and m.status is not MeetingStatus.CANCELLED],
            "D",
            OBSERVER_COLOUR,
        ),
        (_("cancelled"), [m for m in found if m.status is MeetingStatus.CANCELLED], "x", CANCELLED_COLOUR),
    )
    for label, group, marker, colour in groups:
        if group:
            axes.scatter(
                [m.year for m in group],
                [m.row for m in group],
                marker=marker,
                color=colour,
                label=label,
                s=36,
            )
    axes.set_yticks(range(len(organ_names)), labels=list(organ_names))
    axes.set_ylim(len(organ_names) - 0.5, -0.5)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
    axes.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))
    axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.8)
    axes.spines[["top", "right"]].set_visible(False)
    if found:
        axes.legend(loc="lower right", frameon=False)
