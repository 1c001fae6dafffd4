"""The accessions plot: member states and observers over time, drawn server-side as SVG (text left
to the browser's fonts) or PNG (text drawn here, with a CJK font the set-up installs)."""

from __future__ import annotations

import io
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import groupby
from typing import TYPE_CHECKING, Any

from cica.core.i18n import translations
from cica.registry.queries import Accession

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# Colours of the page's palette; the lines also differ in style, so colour is never the only cue.
MEMBER_COLOUR = "#1d4f91"
OBSERVER_COLOUR = "#8a4b08"
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#d5d9e0"

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Micro Hei")

# Text stays text in the SVG (fonttype "none") so that the browser draws it with its own fonts,
# which cover Cyrillic and Chinese; matplotlib's fonts only measure it. The CJK families come
# first so that, where installed, the measurements fit Chinese labels too.
_STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "cica",
    "font.family": ["sans-serif"],
    # matplotlib falls back glyph by glyph along this list; the CJK fonts cover Latin and
    # Cyrillic too.
    "font.sans-serif": [*CJK_FAMILIES, "DejaVu Sans", "Liberation Sans"],
    "font.size": 10,
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "axes.edgecolor": "#6b7380",
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
}


_DRAWING = threading.Lock()


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


def year_of(day: date) -> float:
    """The day as a fractional year (2014-07-02 is about 2014.5)."""
    start = date(day.year, 1, 1).toordinal()
    length = date(day.year + 1, 1, 1).toordinal() - start
    return day.year + (day.toordinal() - start) / length


def accessions_svg(points: Sequence[Point], lang: str, until: date) -> str:
    """A step chart of the series, extended to `until`, labelled in `lang`, as an SVG document."""
    return _draw(tuple(points), lang, until, "svg").decode()


def accessions_png(points: Sequence[Point], lang: str, until: date) -> bytes:
    """The same chart as a PNG image, its text drawn with the server's fonts (CJK included)."""
    return _draw(tuple(points), lang, until, "png")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The first of `_STYLE`'s CJK families matplotlib finds on this machine (`fonts-noto-cjk`
    on Debian, which `.ci/run` installs and `make install` asks for), or None.

    Matplotlib lists the machine's fonts once, in a cache file made the first time it ran (in
    the user's home): fonts installed after that (fonts-noto-cjk after a first `make run`) are
    not in its list, and every Chinese label would be drawn as empty boxes. When no CJK family
    is listed, the fonts on disk that the list lacks are added to it, once per process."""
    from matplotlib import font_manager

    found = _first_cjk_family(font_manager)
    if found is None:
        known = {entry.fname for entry in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # a file FreeType cannot read
                    continue
        found = _first_cjk_family(font_manager)
    return found


def _first_cjk_family(font_manager: Any) -> str | None:
    for family in CJK_FAMILIES:
        try:
            font_manager.findfont(family, fallback_to_default=False)
        except ValueError:
            continue
        return family
    return None


@lru_cache(maxsize=32)
def _draw(points: tuple[Point, ...], lang: str, until: date, image: str) -> bytes:
    # The same chart until the data or the day changes.
    return figure_bytes(lambda axes: _paint_accessions(axes, points, lang, until), image)


def figure_bytes(paint: Callable[[Any], None], image: str, size: tuple[float, float] = (7.2, 3.6)) -> bytes:
    """One chart in the page's style, painted by `paint` on its axes, as PNG (text drawn here,
    CJK font included) or SVG (text left to the browser): the one place that draws, for every
    capability's plots."""
    # rcParams and the warnings filters are process-wide: one chart at a time.
    with _DRAWING:
        # Matplotlib is imported by the first drawing, not by every worker that starts (~80 MB).
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        if image == "png":
            cjk_font()  # so that matplotlib's list of fonts lacks none installed since it was made
        with matplotlib.rc_context(_STYLE):
            # The object-oriented API on an Agg canvas: no pyplot, so no global figure state and
            # nothing shared between the server's threads.
            figure = Figure(figsize=size, layout="constrained")
            FigureCanvasAgg(figure)
            paint(figure.add_subplot())
            output = io.BytesIO()
            if image == "png":
                # Drawn here: a missing glyph would be an empty box, so its warning is not silenced.
                figure.savefig(output, format="png", dpi=120, metadata={"Software": None})
                return output.getvalue()
            with warnings.catch_warnings():
                # Without a CJK font installed, measuring Chinese labels warns of missing glyphs;
                # the browser, not matplotlib, draws the SVG's text (see _STYLE), so this is harmless.
                warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
                figure.savefig(output, format="svg", metadata={"Date": None})
        return output.getvalue()


def _paint_accessions(axes: Any, points: tuple[Point, ...], lang: str, until: date) -> None:
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    _ = translations(lang).gettext
    if points:
        # Years as numbers on the x axis: ticks fall on whole years and read the same in
        # every language, as the page's ISO dates do.
        years = [year_of(point.day) for point in points]
        years.append(max(year_of(until), years[-1]))
        series = (
            ([p.members for p in points], {"color": MEMBER_COLOUR, "linewidth": 2.2}, _("Member states")),
            (
                [p.observers for p in points],
                {"color": OBSERVER_COLOUR, "linewidth": 1.8, "linestyle": (0, (5, 2))},
                _("Observers"),
            ),
        )
        for counts, style, label in series:
            axes.step(years, [*counts, counts[-1]], where="post", label=label, **style)
        axes.legend(loc="upper left", frameon=False)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=8, integer=True))
    axes.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0)
    axes.set_ylabel(_("Number of participants"))
    axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
    axes.spines[["top", "right"]].set_visible(False)
