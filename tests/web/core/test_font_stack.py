"""Pages name fonts that hold Chinese before the generic family (issue 9 §7): on a machine whose
default sans-serif has no CJK glyphs, the browser still finds one of the common CJK fonts."""

from __future__ import annotations

import re
from pathlib import Path

import cica

STYLESHEET = Path(cica.__file__).parent / "core" / "static" / "cica.css"
COMMON_CJK = {
    "PingFang SC",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
}


def test_the_page_font_stack_includes_common_cjk_fonts_before_the_generic_family() -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    declared = re.search(r"--sans:\s*([^;]+);", css)
    assert declared, "the stylesheet declares no --sans stack"
    families = [name.strip().strip('"') for name in declared.group(1).split(",")]
    assert families[-1] == "sans-serif"
    assert len(COMMON_CJK & set(families[:-1])) >= 3, families
    page = re.search(r"(?m)^html\s*\{[^}]*font-family:\s*var\(--sans\)", css)
    assert page, "the page (html) does not use the --sans stack"
