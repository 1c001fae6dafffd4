"""The dashboard's heatmap: member states along one axis, the catalogue's dimensions along the
other, each cell shaded by the declarations in force and the events hosted or taken part in; drawn
by the registry's `figure_bytes` (the page's style, its CJK font handling) as SVG or PNG."""

from __future__ import annotations

from typing import Any

from cica.cbm.queries import Heatmap
from cica.core.i18n import translations
from cica.registry.plots import TEXT_COLOUR, figure_bytes

# Inches: wide enough for every member state's code under its column, tall enough for the five
# dimensions' names however long they are in Russian.
FIGURE_SIZE = (12.0, 3.6)
# Below this many states their codes are read at the page's size; above, they shrink to fit.
LEGIBLE_COLUMNS = 40


def heatmap_figure(shown: Heatmap, lang: str, image: str) -> bytes:
    """The heatmap as `image` ("png" or "svg"), its dimensions named as `shown` names them (the
    reader's language) and its other labels in `lang`."""
    return figure_bytes(lambda axes: paint_heatmap(axes, shown, lang), image, size=FIGURE_SIZE)


def paint_heatmap(axes: Any, shown: Heatmap, lang: str) -> None:
    """Paints the heatmap on matplotlib axes (for `figure_bytes`)."""
    _ = translations(lang).gettext
    names = [d.name for d in shown.dimensions]
    axes.set_yticks(range(len(names)), labels=names)
    if not shown.participants or not names:
        axes.text(0.5, 0.5, _("Nothing declared or held yet."), ha="center", va="center",
                  transform=axes.transAxes, color=TEXT_COLOUR)  # fmt: skip
        axes.set_xticks([])
        return
    # Dimensions as rows, states as columns: five rows read across the page.
    by_dimension = [list(column) for column in zip(*shown.matrix(), strict=True)]
    cells = axes.imshow(by_dimension, aspect="auto", cmap="Blues", interpolation="nearest", vmin=0)
    small = len(shown.participants) > LEGIBLE_COLUMNS
    axes.set_xticks(
        range(len(shown.participants)), labels=shown.participants, rotation=90, fontsize=4 if small else 8
    )
    axes.set_xlabel(_("Member state"))
    axes.figure.colorbar(cells, ax=axes, label=_("Declarations and events"), pad=0.01)
    axes.tick_params(length=0)
    for side in axes.spines.values():
        side.set_visible(False)


def events_per_year_figure(shown: Heatmap, lang: str, image: str) -> bytes:
    """Events per year, a bar per year stacked by dimension (named as `shown` names them)."""
    return figure_bytes(lambda axes: paint_events_per_year(axes, shown, lang), image)


def paint_events_per_year(axes: Any, shown: Heatmap, lang: str) -> None:
    _ = translations(lang).gettext
    years = sorted({count.year for count in shown.per_year})
    if not years:
        axes.text(0.5, 0.5, _("No events yet."), ha="center", va="center",
                  transform=axes.transAxes, color=TEXT_COLOUR)  # fmt: skip
        axes.set_xticks([])
        axes.set_yticks([])
        return
    counts = {(count.year, count.dimension): count.events for count in shown.per_year}
    below = [0] * len(years)
    for dimension in shown.dimensions:
        heights = [counts.get((year, dimension.key), 0) for year in years]
        axes.bar(years, heights, bottom=below, label=dimension.name)
        below = [b + h for b, h in zip(below, heights, strict=True)]
    axes.set_ylabel(_("Events"))
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="upper left", fontsize=7, frameon=False)
