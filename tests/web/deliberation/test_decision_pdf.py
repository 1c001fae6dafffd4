"""A decision as a PDF for the record: its symbol, text, procedure, reservations and statements,
drawn with fonts that have the Chinese and Russian glyphs (fonts-noto-cjk, installed by .ci/run)."""

from __future__ import annotations

import re
import subprocess
import zlib

from fastapi.testclient import TestClient

from cica.core.context import Context
from cica.deliberation import operations
from tests.conftest import require
from tests.factories import CHAIR, delegate, make_draft

BASE_FONT = re.compile(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)")


def embedded_fonts(pdf: bytes) -> set[str]:
    """The fonts a PDF embeds, from its font dictionaries (plain or in compressed object streams)."""
    found = set(BASE_FONT.findall(pdf))
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            found |= set(BASE_FONT.findall(zlib.decompress(stream.group(1))))
        except zlib.error:
            continue
    return {name.decode().split("+", 1)[-1] for name in found}


def test_a_decision_pdf_embeds_fonts_for_chinese_and_russian(client: TestClient, cica: Context) -> None:
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    require(bool(fonts.stdout.strip()), "no CJK font installed (apt install fonts-noto-cjk)")
    with cica.unit_of_work() as session:
        draft = make_draft(
            session,
            organ="ministerial_council",
            texts={"zh": ("宣言", "一。\n\n二。"), "ru": ("Декларация", "Один.\n\nДва.")},
        )
        procedure = operations.open_consensus(session, draft.id, present=["AZE", "IND", "CHN"], actor=CHAIR)
        operations.record_position(
            session, procedure.id, stance="reservation", text="不影响我们对第2段的立场。", paragraphs=[2],
            actor=delegate("CHN"),
        )  # fmt: skip
        decision = operations.close_consensus(session, procedure.id, actor=CHAIR).decision
        assert decision is not None
    page = client.get(f"/decisions/{decision.id}", params={"lang": "zh"}).text
    assert f'href="/decisions/{decision.id}/pdf"' in page
    response = client.get(f"/decisions/{decision.id}/pdf", params={"lang": "zh"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert decision.symbol.replace("/", "-") in response.headers["content-disposition"]
    assert any("CJK" in name for name in embedded_fonts(response.content))
    assert client.get("/decisions/999999/pdf").status_code == 404
