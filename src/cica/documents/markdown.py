"""A document's versions side by side as Markdown: a GitHub-flavoured table with one column per
language and one row per aligned row, each paragraph with its 1-based number in bold.

Every character of a text stays what it is once the Markdown is rendered: ASCII punctuation is
backslash-escaped (CommonMark lets any of it be), so `*`, `|`, `<` or `&copy;` in a negotiated
text are shown, not interpreted; a line break inside a paragraph, which would end a table row,
becomes `<br>`, and paragraphs in one cell are separated by two. Built from plain values, so the
API and the CLI share it.
"""

from __future__ import annotations

import string
from collections.abc import Sequence

MEDIA_TYPE = "text/markdown; charset=utf-8"
LINE_BREAK = "<br>"
_ESCAPED = str.maketrans({char: "\\" + char for char in string.punctuation})

# A paragraph in a cell: its 1-based number and its text.
Numbered = tuple[int, str]


def escape(text: str) -> str:
    """`text` as Markdown that renders as exactly `text` inside a table cell."""
    lines = text.translate(_ESCAPED).splitlines()
    return LINE_BREAK.join(line.strip() for line in lines)


def _cell(paragraphs: Sequence[Numbered]) -> str:
    if not paragraphs:
        return "—"
    return (LINE_BREAK * 2).join(f"**{number}** {escape(text)}" for number, text in paragraphs)


def side_by_side(
    title: str,
    symbol: str,
    headings: Sequence[str],
    rows: Sequence[Sequence[Sequence[Numbered]]],
) -> str:
    """The Markdown of `rows` (each a cell per column, each cell its paragraphs) under a heading
    naming the document; `headings` name the columns (the languages)."""
    lines = [
        f"# {escape(title)}",
        "",
        f"`{symbol}`" if "`" not in symbol else escape(symbol),
        "",
        "| " + " | ".join(escape(heading) for heading in headings) + " |",
        "|" + "|".join(" --- " for _ in headings) + "|",
    ]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
