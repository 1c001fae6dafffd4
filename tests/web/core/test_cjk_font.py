"""Issue 9 §7: the set-up brings a CJK font (`.ci/run` installs fonts-noto-cjk; `make fonts` asks
for one). Under CI=true nothing font-related may skip: the PNG and PDF tests call `require`,
which fails there instead of skipping, and this test checks that matplotlib itself (the PNGs'
renderer, through `font_manager`) finds a CJK font that has the Chinese glyphs."""

from __future__ import annotations

from datetime import date

import pytest

from cica.registry.plots import Point, accessions_png, cjk_font
from tests import conftest
from tests.conftest import require


def test_matplotlib_finds_a_cjk_font_with_chinese_glyphs() -> None:
    family = cjk_font()
    require(family is not None, "no CJK font found by matplotlib (apt install fonts-noto-cjk)")
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(family, fallback_to_default=False)
    font = FT2Font(path)
    missing = [char for char in "亚信会议中文成员国观察员" if font.get_char_index(ord(char)) == 0]
    assert not missing, f"{family} ({path}) lacks {missing}"


def test_a_missing_font_fails_under_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the PNG and PDF tests do when no CJK font is found (they call `require`)."""
    monkeypatch.setattr(conftest, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI=true but no CJK font"):
        require(False, "no CJK font installed")
    monkeypatch.setattr(conftest, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception):
        require(False, "no CJK font installed")


def test_the_ci_script_and_make_install_bring_or_ask_for_a_cjk_font() -> None:
    from pathlib import Path

    root = Path(__file__).parents[3]
    script = (root / ".ci" / "run").read_text("utf-8")
    assert "fonts-noto-cjk" in script
    makefile = (root / "Makefile").read_text("utf-8")
    assert "install: $(STAMP) translations fonts" in makefile and "fonts-noto-cjk" in makefile


def test_a_cjk_font_installed_after_matplotlib_listed_the_fonts_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Matplotlib lists the fonts once, in a cache file: a machine that ran it before
    fonts-noto-cjk was installed (a first `make run`, then `make install`) has a list without
    it. `cjk_font` adds the fonts on disk the list lacks, and the Chinese PNG has its glyphs."""
    require(cjk_font() is not None, "no CJK font found by matplotlib (apt install fonts-noto-cjk)")
    from matplotlib import font_manager

    manager = font_manager.fontManager
    without = [entry for entry in manager.ttflist if "CJK" not in entry.name and "CJK" not in entry.fname]
    monkeypatch.setattr(manager, "ttflist", without)  # the list of a cache made before the fonts
    manager._findfont_cached.cache_clear()
    cjk_font.cache_clear()
    try:
        with pytest.raises(ValueError):
            font_manager.findfont("Noto Sans CJK SC", fallback_to_default=False)
        assert cjk_font() is not None
        # A day no other test draws (the charts are cached by their data and day); drawn in
        # Chinese, a missing glyph would warn, which the suite turns into a failure.
        png = accessions_png([Point(date(2024, 1, 1), 3, 1)], "zh", date(2031, 7, 9))
        assert png.startswith(b"\x89PNG")
    finally:
        monkeypatch.undo()
        manager._findfont_cached.cache_clear()
        cjk_font.cache_clear()
