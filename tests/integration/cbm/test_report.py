"""The year's implementation report: HTML and PDF in the reader's language, the heatmap inline,
the year's events by dimension with their status, the coordinators and the notifications the
reader may see; Chinese text is drawn in the PDF (its text layer reads back in Chinese)."""

from __future__ import annotations

import dataclasses
import io

import pypdf
from sqlalchemy import select

from cica.access.actors import Actor
from cica.cbm import demo, setup
from cica.cbm.models import Event
from cica.cbm.report import year_report
from cica.core.context import Context
from cica.core.i18n import translations
from cica.core.settings import Settings
from tests.factories import SECRETARIAT


def test_the_report_of_the_demo_year_in_chinese(cica: Context, settings: Settings) -> None:
    # Mid-year, so that the demo's first events are past (held) and later ones planned.
    with Context.create(dataclasses.replace(settings, frozen_time="2026-07-01T06:00:00+00:00")) as context:
        with context.unit_of_work() as session:
            setup.load_catalogue(session, Actor.system())
        demo.demo_step(context)
    with cica.unit_of_work(write=False) as session:
        year = session.scalars(select(Event.starts)).first().year  # type: ignore[union-attr]
        written = year_report(session, year, actor=SECRETARIAT, lang="zh")
        anonymous = year_report(session, year, actor=None, lang="zh")
    assert f"{year}年建立信任措施落实情况" in written.html
    assert "<svg" in written.html and "军事政治" in written.html
    assert f"<td>{translations('zh').gettext('held')}</td>" in written.html  # an event held
    assert "<td>哈萨克斯坦</td><td>逾期：仅提前30天</td>" in written.html  # the demo's notification
    assert "哈萨克斯坦</td><td>逾期" not in anonymous.html
    assert "没有您可查看的通报。" in anonymous.html  # and not for the public
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(written.pdf)).pages)
    assert "建立信任措施" in text
