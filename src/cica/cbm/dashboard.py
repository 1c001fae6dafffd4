"""The dashboard of confidence-building measures: `/cbm`, the heatmap of what each member state does
in each dimension (declarations in force, events hosted or taken part in) and events per year, with
the heatmap as `/cbm/heatmap.png`, `/cbm/heatmap.svg` and `/cbm/heatmap.csv`.

Figures, and the heatmap's figures they are drawn from, are cached in this process, keyed by
(format, language, data version) and (language, data version). The data version
(`queries.data_version`) is the latest cbm audit entry (its sequence number and hash) and today at
the seat: every cbm write leaves one in its own transaction, so a write anywhere (another worker,
the CLI) changes the version the next request reads, and that request counts and draws afresh.
Reading the version is one single-row statement; what was kept for an older version is never
served again, and is dropped as soon as something of a newer version is kept, so the cache holds
at most one version's answers (for the four languages).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, Literal, TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.web import public
from cica.cbm import plots, queries
from cica.core.deps import PageLanguage, SessionDep
from cica.core.output import csv_lines
from cica.core.templating import render
from cica.registry import snapshot
from cica.registry.queries import seat_today

router = APIRouter(include_in_schema=False)

MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
CSV_COLUMNS = ("participant", "name", "dimension", "dimension_name", "declarations", "events")

T = TypeVar("T")


class ByVersion(Generic[T]):
    """Values kept for the current data version only (see the module's docstring)."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, ...], T] = {}
        self._lock = threading.Lock()

    def get(self, version: str, key: tuple[str, ...], build: Callable[[], T]) -> T:
        with self._lock:
            found = self._kept.get((version, *key))
        if found is not None:
            return found
        # Built outside the lock: a reader of something already kept need not wait for this.
        built = build()
        with self._lock:
            for stale in [k for k in self._kept if k[0] != version]:
                del self._kept[stale]
            self._kept[(version, *key)] = built
        return built


_heatmaps: ByVersion[queries.Heatmap] = ByVersion()
_figures: ByVersion[bytes] = ByVersion()


def current_heatmap(session: Session, lang: str, version: str | None = None) -> queries.Heatmap:
    """The heatmap (every year) in `lang`, counted once per data version."""
    version = version or queries.data_version(session)
    return _heatmaps.get(version, (lang,), lambda: queries.heatmap(session, lang=lang))


# The dashboard's figures by the name in their address (the `plots` function drawing each, looked
# up when drawn): each is drawn from the heatmap's counts.
FIGURES = {"heatmap": "heatmap_figure", "events-per-year": "events_per_year_figure"}


def figure_image(session: Session, figure: str, image: str, lang: str) -> bytes:
    """A dashboard figure as `image` in `lang`, drawn once per data version."""
    version = queries.data_version(session)
    return _figures.get(
        version,
        (figure, image, lang),
        lambda: getattr(plots, FIGURES[figure])(current_heatmap(session, lang, version), lang, image),
    )


@router.get("/cbm", response_class=HTMLResponse)
def dashboard(
    request: Request, session: SessionDep, lang: PageLanguage, _: Actor | None = public("cbm.read")
) -> HTMLResponse:
    """Participation and events by member state and dimension, and events per year."""
    shown = current_heatmap(session, lang)
    names = snapshot.current(session).participant_names(seat_today(session), lang)
    per_year: dict[int, dict[str, int]] = {}
    for count in shown.per_year:
        per_year.setdefault(count.year, {})[count.dimension] = count.events
    return render(
        request,
        "cbm/dashboard.html",
        lang,
        heatmap=shown,
        rows=list(zip(shown.participants, shown.matrix(), strict=True)),
        names=names,
        per_year=sorted(per_year.items()),
    )


# The figure's name in the address: one of `FIGURES`; its kind: a picture or its figures.
Figure = Literal["heatmap", "events-per-year"]
FileKind = Literal["png", "svg", "csv"]


@router.get("/cbm/{figure}.{kind}")
def figure_file(
    session: SessionDep,
    lang: PageLanguage,
    figure: Figure,
    kind: FileKind,
    _: Actor | None = public("cbm.read"),
) -> Response:
    """A figure as a picture (PNG for a report, its text drawn on the server, CJK included; SVG
    for the page, its text left to the browser) or its figures as CSV."""
    if kind != "csv":
        return Response(figure_image(session, figure, kind, lang), media_type=MEDIA_TYPES[kind],
                        headers={"Cache-Control": "no-cache"})  # fmt: skip
    shown = current_heatmap(session, lang)
    dimension_names = {d.key: d.name for d in shown.dimensions}
    if figure == "heatmap":
        names = snapshot.current(session).participant_names(seat_today(session), lang)
        columns: tuple[str, ...] = CSV_COLUMNS
        # A line per state and dimension where the state did something.
        rows: list[dict[str, object]] = [
            {"participant": cell.participant, "name": names.get(cell.participant, cell.participant),
             "dimension": cell.dimension, "dimension_name": dimension_names.get(cell.dimension, cell.dimension),
             "declarations": cell.declarations, "events": cell.events}
            for cell in shown.cells
        ]  # fmt: skip
    else:
        columns = ("year", "dimension", "dimension_name", "events")
        # A line per year and dimension with events.
        rows = [
            {"year": c.year, "dimension": c.dimension,
             "dimension_name": dimension_names.get(c.dimension, c.dimension), "events": c.events}
            for c in shown.per_year
        ]  # fmt: skip
    return Response(
        "".join(csv_lines(rows, columns)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="cbm-{figure}.csv"'},
    )
