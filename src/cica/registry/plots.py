"""The accessions plot: member states and observers over time, drawn server-side as SVG."""

from __future__ import annotations

import io
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from cica.core.i18n import translations
from cica.registry.queries import Accession

# Colours of the page's palette; the lines also differ in style, so colour is never the only cue.
MEMBER_COLOUR = "#1d4f91"
OBSERVER_COLOUR = "#8a4b08"
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#d5d9e0"

# Text stays text in the SVG (fonttype "none") so that the browser draws it with its own fonts,
# which cover Cyrillic and Chinese; matplotlib's fonts only measure it. The CJK families come
# first so that, where installed, the measurements fit Chinese labels too.
_STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "cica",
    "font.family": ["sans-serif"],
    "font.sans-serif": [
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "WenQuanYi Micro Hei",
        "DejaVu Sans",
        "Liberation Sans",
    ],
    "font.size": 10,
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "axes.edgecolor": "#6b7380",
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
}


@dataclass(frozen=True)
class Point:
    """How many members and observers there were from `day` on (until the next point)."""

    day: date
    members: int
    observers: int


def membership_series(accessions: Sequence[Accession]) -> list[Point]:
    """The counts after each day on which someone was admitted.

    A participant counts under its latest admission: an observer that becomes a member moves
    from one line to the other on that day rather than being counted twice.
    """
    current: dict[str, str] = {}
    points = []
    ordered = sorted(accessions, key=lambda a: (a.since, a.code))
    for day, admitted in groupby(ordered, key=lambda a: a.since):
        for accession in admitted:
            current[accession.code] = accession.kind
        kinds = Counter(current.values())
        points.append(Point(day, kinds["member"], kinds["observer"]))
    return points


def accessions_svg(points: Sequence[Point], lang: str, until: date) -> str:
    """A step chart of the series, extended to `until`, labelled in `lang`, as an SVG document."""
    _ = translations(lang).gettext
    with matplotlib.rc_context(_STYLE):
        # The object-oriented API on an Agg canvas: no pyplot, so no global figure state and
        # nothing shared between the server's threads.
        figure = Figure(figsize=(7.2, 3.6), layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        if points:
            days = [point.day for point in points]
            end = max(until, days[-1])
            axes.step(
                [*days, end],
                [*(p.members for p in points), points[-1].members],
                where="post",
                color=MEMBER_COLOUR,
                linewidth=2.2,
                label=_("Member states"),
            )
            axes.step(
                [*days, end],
                [*(p.observers for p in points), points[-1].observers],
                where="post",
                color=OBSERVER_COLOUR,
                linewidth=1.8,
                linestyle=(0, (5, 2)),
                label=_("Observers"),
            )
            axes.legend(loc="upper left", frameon=False)
        locator = AutoDateLocator(minticks=4, maxticks=10)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator, show_offset=False))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(bottom=0)
        axes.set_ylabel(_("Number of participants"))
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        axes.spines[["top", "right"]].set_visible(False)
        output = io.StringIO()
        with warnings.catch_warnings():
            # Without a CJK font installed, measuring Chinese labels warns of missing glyphs;
            # the browser, not matplotlib, draws the text (see _STYLE), so this is harmless.
            warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
            figure.savefig(output, format="svg", metadata={"Date": None})
    return output.getvalue()
