"""The dashboard of CBMs: the page in the reader's language, the heatmap as PNG (with every glyph
of its Chinese labels), SVG (dimension names as text in the reader's language) and CSV, and the
figures' cache, which a cbm write invalidates."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cica.access.actors import Actor
from cica.cbm import dashboard, operations, plots, setup
from cica.cbm.models import CatalogueVersion, Dimension, PriorityArea
from cica.cbm.rules import EventKind
from cica.core.context import Context
from cica.registry.plots import cjk_font
from tests.conftest import require
from tests.factories import SECRETARIAT, delegate
from tests.reading import READERS, page_faults

MILITARY_ZH = "军事政治领域"


def _first_area(context: Context, dimension: str) -> int:
    with context.unit_of_work(write=False) as session:
        latest = session.scalar(select(CatalogueVersion.id).order_by(CatalogueVersion.adopted.desc()))
        area = session.scalars(
            select(PriorityArea.id)
            .join(Dimension)
            .where(Dimension.key == dimension, Dimension.version_id == latest)
            .order_by(PriorityArea.position)
        ).first()
        assert area is not None
        return area


def _add_event(context: Context, area: int, host: str, participants: list[str]) -> None:
    with context.unit_of_work() as session:
        operations.add_event(
            session, area, kind=EventKind.WORKSHOP, title="Workshop", host=host,
            starts=date(2024, 5, 1), ends=date(2024, 5, 2), plan_year=2024,
            participants=participants, actor=SECRETARIAT,
        )  # fmt: skip


@pytest.fixture
def activity(cica: Context) -> Context:
    """KAZ declares a military-political measure; it hosts an economic workshop CHN attends."""
    with cica.unit_of_work() as session:
        setup.load_catalogue(session, Actor.system())
    military = _first_area(cica, "military_political")
    with cica.unit_of_work() as session:
        measure = session.get(PriorityArea, military)
        assert measure is not None
        operations.declare(
            session, measure.measures[0].id, "KAZ", since=date(2020, 1, 1), actor=delegate("KAZ")
        )
    _add_event(cica, _first_area(cica, "economic"), "KAZ", ["CHN"])
    return cica


def test_the_dashboard_shows_the_heatmap_and_its_figures_in_the_reader_s_language(
    activity: Context, client: TestClient
) -> None:
    page = client.get("/cbm", params={"lang": "zh"})
    assert page.status_code == 200
    assert "建立信任措施" in page.text and MILITARY_ZH in page.text
    assert "/cbm/heatmap.svg?lang=zh" in page.text and "/cbm/heatmap.csv?lang=zh" in page.text
    english = client.get("/cbm", params={"lang": "en"}).text
    assert "Kazakhstan" in english and "Military-political dimension" in english
    for lang in READERS:
        faults = list(page_faults(client.get("/cbm", params={"lang": lang}).text, lang, set()))
        assert not faults, faults


def test_the_dashboard_says_when_there_is_nothing_yet(cica: Context, client: TestClient) -> None:
    page = client.get("/cbm", params={"lang": "en"})
    assert page.status_code == 200 and "Nothing declared or held yet." in page.text
    assert client.get("/cbm/heatmap.png").content.startswith(b"\x89PNG")


def test_the_heatmap_is_a_png_and_an_svg_naming_the_dimensions_in_the_reader_s_language(
    activity: Context, client: TestClient
) -> None:
    png = client.get("/cbm/heatmap.png", params={"lang": "en"})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = client.get("/cbm/heatmap.svg", params={"lang": "zh"})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert MILITARY_ZH in svg.text and "KAZ" in svg.text
    assert "Dimension économique" in client.get("/cbm/heatmap.svg", params={"lang": "fr"}).text


def test_the_heatmap_csv_has_a_line_per_state_and_dimension(activity: Context, client: TestClient) -> None:
    response = client.get("/cbm/heatmap.csv", params={"lang": "ru"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.text)))
    assert lines[0] == list(dashboard.CSV_COLUMNS)
    found = {(code, dimension): (int(d), int(e)) for code, _, dimension, _, d, e in lines[1:]}
    assert found == {
        ("CHN", "economic"): (0, 1),
        ("KAZ", "economic"): (0, 1),
        ("KAZ", "military_political"): (1, 0),
    }
    assert any(row[3] == "Военно-политическое измерение" for row in lines[1:])


def test_the_chinese_png_is_drawn_with_a_cjk_font(
    activity: Context, client: TestClient, recwarn: pytest.WarningsRecorder
) -> None:
    """The PNG's text is drawn on the server: without a CJK font, matplotlib warns "Glyph …
    missing from font" and draws empty boxes for the dimension names."""
    require(cjk_font() is not None, "no CJK font installed (apt install fonts-noto-cjk)")
    png = client.get("/cbm/heatmap.png", params={"lang": "zh"})
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    missing = [str(w.message) for w in recwarn if "missing from font" in str(w.message)]
    assert not missing, missing


def test_a_figure_is_drawn_once_until_a_cbm_write(
    activity: Context, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[tuple[str, str]] = []
    draw: Callable[..., bytes] = plots.heatmap_figure

    def counting(shown: Any, lang: str, image: str) -> bytes:
        drawn.append((image, lang))
        return draw(shown, lang, image)

    monkeypatch.setattr(plots, "heatmap_figure", counting)
    first = client.get("/cbm/heatmap.svg", params={"lang": "zh"}).text
    assert client.get("/cbm/heatmap.svg", params={"lang": "zh"}).text == first
    client.get("/cbm/heatmap.svg", params={"lang": "ru"})
    assert drawn == [("svg", "zh"), ("svg", "ru")]
    assert "India" not in client.get("/cbm", params={"lang": "en"}).text
    # IND hosts an event: the next figure and the next page show it.
    _add_event(activity, _first_area(activity, "human"), "IND", [])
    after = client.get("/cbm/heatmap.svg", params={"lang": "zh"}).text
    assert drawn[-1] == ("svg", "zh") and len(drawn) == 3
    assert "IND" in after and "IND" not in first
    assert "India" in client.get("/cbm", params={"lang": "en"}).text


def test_events_per_year_as_a_picture_and_figures(activity: Context, client: TestClient) -> None:
    svg = client.get("/cbm/events-per-year.svg?lang=ru")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    png = client.get("/cbm/events-per-year.png?lang=zh")
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    lines = client.get("/cbm/events-per-year.csv").text.splitlines()
    assert lines[0] == "year,dimension,dimension_name,events"
    assert len(lines) > 1 and all(int(line.split(",")[-1]) > 0 for line in lines[1:])
    assert '<img src="/cbm/events-per-year.svg?lang=en"' in client.get("/cbm").text
