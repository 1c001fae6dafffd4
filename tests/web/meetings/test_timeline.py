"""The timeline of all meetings by organ: SVG with the page's language, PNG with every glyph."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cica.registry.plots import cjk_font
from tests.conftest import require


def test_the_svg_labels_the_organs_in_the_page_language(client: TestClient) -> None:
    svg = client.get("/calendar/timeline.svg", params={"lang": "zh"})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "外交部长理事会" in svg.text and "高官委员会" in svg.text  # organ names stay text
    assert svg.text.count("<use ") >= 20 or svg.text.count("<path") >= 20  # a mark per meeting
    french = client.get("/calendar/timeline.svg", params={"lang": "fr"}).text
    assert "Comité des hauts fonctionnaires" in french


def test_the_png_with_chinese_labels_has_every_glyph(
    client: TestClient, recwarn: pytest.WarningsRecorder
) -> None:
    require(cjk_font() is not None, "no CJK font installed (apt install fonts-noto-cjk)")
    png = client.get("/calendar/timeline.png", params={"lang": "zh"})
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    missing = [str(w.message) for w in recwarn if "missing from font" in str(w.message)]
    assert not missing, missing
