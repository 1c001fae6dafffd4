"""The Markdown of versions side by side renders, in any CommonMark + table renderer, as a table
whose cells hold exactly the stored paragraphs: nothing in a text is read as Markdown or HTML."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import html
from markdown_it import MarkdownIt

from cica.documents.markdown import side_by_side

# Words of any script without control characters or spaces; paragraphs are words joined by one
# space, with an occasional line break inside (as stored paragraphs have them).
word = st.text(
    alphabet=st.characters(exclude_categories=["Cc", "Cs", "Zs", "Zl", "Zp", "Co", "Cn"]),
    min_size=1,
    max_size=8,
)
line = st.lists(word, min_size=1, max_size=5).map(" ".join)
paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)
cell = st.lists(paragraph, max_size=2)


def _rendered_cells(markdown: str) -> tuple[list[str], list[list[str]]]:
    page = html.fromstring(MarkdownIt("commonmark").enable("table").render(markdown))
    headings = [th.text_content() for th in page.iter("th")]
    rows = [[td for td in tr.iter("td")] for tr in page.iter("tr") if list(tr.iter("td"))]
    texts = [["\n".join(part for part in _lines(td)) for td in row] for row in rows]
    return headings, texts


def _lines(td: html.HtmlElement) -> list[str]:
    # A <br> is a line break; two of them separate paragraphs.
    for br in td.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [td.text_content()]


@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=4), word)
def test_every_paragraph_is_shown_as_it_is_stored(
    rows: list[tuple[list[str], list[str]]], title: str
) -> None:
    numbered = [[[(n, text) for n, text in enumerate(side, start=1)] for side in row] for row in rows]
    markdown = side_by_side(title, "CICA/INF/2017/1", ["français", "中文"], numbered)
    headings, cells = _rendered_cells(markdown)
    assert headings == ["français", "中文"]
    assert len(cells) == len(rows)
    for shown_row, row in zip(cells, numbered, strict=True):
        for shown, side in zip(shown_row, row, strict=True):
            expected = "\n\n".join(f"{n} {text}" for n, text in side) or "—"
            assert shown == expected
    first = html.fromstring(MarkdownIt("commonmark").render(markdown)).find(".//h1")
    assert first is not None and first.text_content() == title


def test_markup_in_a_text_is_shown_not_followed() -> None:
    markdown = side_by_side(
        "T", "S/1", ["en", "ru"], [[[(1, "**bold** | <script>x</script> &copy; [a](b)")], [(1, "текст")]]]
    )
    page = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script>" not in page and "<strong>bold" not in page and "<a " not in page
    assert "©" not in page
