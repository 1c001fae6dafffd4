"""The dashboard of confidence-building measures: `/cbm`, the heatmap of what each member state does
in each dimension (declarations in force, events hosted or taken part in) and events per year, with
the heatmap as `/cbm/heatmap.png`, `/cbm/heatmap.svg` and `/cbm/heatmap.csv`.

Figures are cached in this process, keyed by (format, language, data version). The data version
(`queries.data_version`) is the latest cbm audit entry (its sequence number and hash) and today at
the seat: every cbm write leaves one in its own transaction, so a write anywhere (another worker,
the CLI) changes the version the next request reads, and that request draws afresh. Reading the
version is one single-row statement; a figure of an older version is never served again, and is
dropped as soon as one of a newer version is drawn, so the cache holds at most one version's
figures (two formats × the four languages).
"""

from __future__ import annotations

import threading

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

_figures: dict[tuple[str, str, str], bytes] = {}
_figures_lock = threading.Lock()


def heatmap_image(session: Session, image: str, lang: str) -> bytes:
    """The heatmap as `image` in `lang`, from the cache while no cbm write has happened since."""
    key = (image, lang, queries.data_version(session))
    with _figures_lock:
        cached = _figures.get(key)
    if cached is not None:
        return cached
    # Drawn outside the lock: figure_bytes serialises drawing itself, and a reader of another
    # figure already cached need not wait for this one.
    drawn = plots.heatmap_figure(queries.heatmap(session, lang=lang), lang, image)
    with _figures_lock:
        for stale in [k for k in _figures if k[2] != key[2]]:
            del _figures[stale]
        _figures[key] = drawn
    return drawn


@router.get("/cbm", response_class=HTMLResponse)
def dashboard(
    request: Request, session: SessionDep, lang: PageLanguage, _: Actor | None = public("cbm.read")
) -> HTMLResponse:
    """Participation and events by member state and dimension, and events per year."""
    shown = queries.heatmap(session, lang=lang)
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


@router.get("/cbm/heatmap.png")
def heatmap_png(session: SessionDep, lang: PageLanguage, _: Actor | None = public("cbm.read")) -> Response:
    """The heatmap as a picture for a report: its text drawn on the server (CJK font included)."""
    return Response(heatmap_image(session, "png", lang), media_type=MEDIA_TYPES["png"],
                    headers={"Cache-Control": "no-cache"})  # fmt: skip


@router.get("/cbm/heatmap.svg")
def heatmap_svg(session: SessionDep, lang: PageLanguage, _: Actor | None = public("cbm.read")) -> Response:
    """The heatmap for the page: its text left to the browser's fonts."""
    return Response(heatmap_image(session, "svg", lang), media_type=MEDIA_TYPES["svg"],
                    headers={"Cache-Control": "no-cache"})  # fmt: skip


@router.get("/cbm/heatmap.csv")
def heatmap_csv(session: SessionDep, lang: PageLanguage, _: Actor | None = public("cbm.read")) -> Response:
    """The heatmap's figures: a line per state and dimension where the state did something."""
    shown = queries.heatmap(session, lang=lang)
    names = snapshot.current(session).participant_names(seat_today(session), lang)
    dimension_names = {d.key: d.name for d in shown.dimensions}
    rows = (
        {
            "participant": cell.participant,
            "name": names.get(cell.participant, cell.participant),
            "dimension": cell.dimension,
            "dimension_name": dimension_names.get(cell.dimension, cell.dimension),
            "declarations": cell.declarations,
            "events": cell.events,
        }
        for cell in shown.cells
    )
    return Response(
        "".join(csv_lines(rows, CSV_COLUMNS)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="cbm-heatmap.csv"'},
    )
