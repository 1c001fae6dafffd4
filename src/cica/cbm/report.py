"""The year's implementation report of confidence-building measures (`cica cbm report`): the
events that began in the year by dimension (held, planned, cancelled; in the plan or added),
the coordinators at the year's end, the notifications of the information exchange with their
timeliness, and the heatmap of the year — as one HTML file and the same as PDF (WeasyPrint),
both in the reader's language. The heatmap is inline SVG, so the HTML stands alone and the PDF
draws its text with the server's fonts (CJK included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from babel.dates import format_date
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.cbm import plots, queries
from cica.cbm.labels import KIND_NAMES, STATUS_NAMES
from cica.core.i18n import translations
from cica.core.pdf import pdf_of
from cica.registry import snapshot


@dataclass(frozen=True)
class Report:
    html: str
    pdf: bytes


@cache
def _environment() -> Environment:
    # The report is a file, not a page: no request, no layout, its own small environment.
    return Environment(
        # The capability's templates, and core's for the shared table macro.
        loader=ChoiceLoader(
            [PackageLoader("cica.cbm", "templates"), PackageLoader("cica.core", "templates")]
        ),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )


def year_report(session: Session, year: int, *, actor: Actor | None, lang: str = "en") -> Report:
    """The report of `year` as the reader may see it (notifications: those `actor` may see)."""
    catalogue = translations(lang)
    shown = queries.heatmap(session, years=(year, year), lang=lang)
    end_of_year = date(year, 12, 31)
    names = snapshot.current(session).participant_names(end_of_year, lang)
    notifications = [
        n for n in queries.notifications(session, actor, lang=lang).items if n.notified_on.year == year
    ]
    html = (
        _environment()
        .get_template("cbm/report.html")
        .render(
            lang=lang,
            _=catalogue.gettext,
            ngettext=catalogue.ngettext,
            year=year,
            dimensions=shown.dimensions,
            events=queries.events(session, year, lang=lang),
            coordinators=queries.coordinators(session, end_of_year, lang=lang),
            notifications=notifications,
            names=names,
            kinds={kind: catalogue.gettext(name) for kind, name in KIND_NAMES.items()},
            statuses={status: catalogue.gettext(name) for status, name in STATUS_NAMES.items()},
            heatmap=Markup(plots.heatmap_figure(shown, lang, "svg").decode()) if shown.cells else None,
            day=lambda day: format_date(day, "medium", locale=lang),
        )
    )
    return Report(html=html, pdf=pdf_of(html))
