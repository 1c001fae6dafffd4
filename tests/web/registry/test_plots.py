"""The accessions plot: the series it draws and the SVG it draws it as."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from cica.registry.plots import Point, accessions_png, accessions_svg, cjk_font, membership_series
from cica.registry.queries import Accession
from tests.conftest import require


def test_a_participant_counts_under_its_latest_admission() -> None:
    series = membership_series(
        [
            Accession(code="AAA", kind="member", since=date(2000, 1, 1)),
            Accession(code="BBB", kind="observer", since=date(2000, 1, 1)),
            Accession(code="BBB", kind="member", since=date(2004, 6, 1)),
            Accession(code="CCC", kind="observer", since=date(2002, 3, 1)),
            Accession(code="DDD", kind="partner", since=date(2003, 1, 1)),
        ]
    )
    assert series == [
        Point(date(2000, 1, 1), members=1, observers=1),
        Point(date(2002, 3, 1), members=1, observers=2),
        Point(date(2003, 1, 1), members=1, observers=2),
        Point(date(2004, 6, 1), members=2, observers=1),
    ]


def test_no_admissions_give_an_empty_series_and_still_a_chart() -> None:
    assert membership_series([]) == []
    assert "<svg" in accessions_svg([], "en", until=date(2020, 1, 1))


def test_the_chart_is_labelled_in_the_language_and_keeps_text_as_text() -> None:
    points = [Point(date(1999, 1, 1), 3, 0), Point(date(2006, 1, 1), 5, 4)]
    svg = accessions_svg(points, "zh", until=date(2020, 1, 1))
    # Chinese labels stay <text>, drawn by the browser's fonts, whatever fonts the server has.
    assert "成员国" in svg and "观察员" in svg
    assert "Member states" in accessions_svg(points, "en", until=date(2020, 1, 1))


def test_a_png_with_chinese_labels_has_every_glyph(recwarn: pytest.WarningsRecorder) -> None:
    """The PNG's text is drawn on the server: with no CJK font, matplotlib warns "Glyph … missing
    from font" and draws empty boxes. The set-up (`.ci/run`: fonts-noto-cjk) brings one."""
    require(cjk_font() is not None, "no CJK font installed (apt install fonts-noto-cjk)")
    points = [Point(date(1999, 1, 1), 3, 0), Point(date(2006, 1, 1), 5, 4)]
    for lang in ("zh", "ru"):
        png = accessions_png(points, lang, until=date(2020, 2, 2))
        assert png.startswith(b"\x89PNG")
    missing = [str(w.message) for w in recwarn if "missing from font" in str(w.message)]
    assert not missing, missing


def test_the_png_is_served_beside_the_svg(client: TestClient) -> None:
    response = client.get("/members/accessions.png", params={"lang": "zh"})
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
