"""The participants' list as a PDF for printing: linked beside the CSV, the names in it as text
(read back with pypdf) in Chinese and Cyrillic, with the fonts that draw them embedded."""

from __future__ import annotations

import io
import subprocess

from fastapi.testclient import TestClient
from pypdf import PdfReader

from cica.access.actors import Actor
from cica.core.context import Context
from cica.meetings import operations
from tests.conftest import require
from tests.factories import make_meeting


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _embedded_fonts(pdf: bytes) -> set[str]:
    """The fonts whose program the PDF carries (a FontFile in the descriptor), by base name."""
    found = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for part in [font, *(f.get_object() for f in font.get("/DescendantFonts", []))]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is not None and any(
                    key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    found.add(str(part["/BaseFont"]).split("+", 1)[-1])
    return found


def test_the_participants_pdf_has_the_names_as_text_with_fonts_embedded(
    client: TestClient, history: Context
) -> None:
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    require(bool(fonts.stdout.strip()), "no CJK font installed (apt install fonts-noto-cjk)")
    with history.unit_of_work() as session:
        meeting = make_meeting(session, day="2030-06-04")
        system = Actor.system()
        operations.register(session, meeting.id, "CHN", head="王毅", members=["张明"], actor=system)
        operations.register(session, meeting.id, "RUS", head="Сергей Лавров", actor=system)
        operations.register(session, meeting.id, "KGZ", head="Жээнбек Кулубаев", actor=system)
    page = client.get(f"/meetings/{meeting.id}", params={"lang": "ru"}).text
    assert f'href="/meetings/{meeting.id}/participants.pdf?lang=ru"' in page
    answer = client.get(f"/meetings/{meeting.id}/participants.pdf", params={"lang": "ru"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    text = _text(answer.content)
    for name in ("王毅", "张明", "Сергей Лавров", "Кыргызстан", "Китай"):
        assert name in text, name
    fonts_in = _embedded_fonts(answer.content)
    assert any("CJK" in name for name in fonts_in), fonts_in  # draws the Chinese and the Cyrillic
    chinese = _text(client.get(f"/meetings/{meeting.id}/participants.pdf", params={"lang": "zh"}).content)
    assert "中国" in chinese and "吉尔吉斯斯坦" in chinese
    assert client.get("/meetings/999999/participants.pdf").status_code == 404
