"""The folding that makes a title search blind to case and accents (Latin, Cyrillic) and a plain
substring match for Chinese; and the bounds of a search."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.errors import InvalidInput
from cica.core.search import MAX_QUERY_LENGTH, MAX_WORDS, fold, words


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


# Latin (with its accented letters) and Cyrillic; Turkish dotless ı and dotted İ are left out,
# as Unicode case folding itself does not pair them with i and I.
LETTERS = st.characters(
    categories=["Lu", "Ll"],
    exclude_characters="ıİ",
    include_characters="ЁёЙй",
    max_codepoint=0x44F,
).filter(lambda char: char < "ɐ" or "А" <= char <= "я" or char in "ЁёЙй")


@given(st.text(alphabet=LETTERS))
def test_case_does_not_matter(text: str) -> None:
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


@given(st.text(), st.text(), st.text())
def test_what_is_inside_a_title_stays_inside_it_once_folded(before: str, word: str, after: str) -> None:
    folded = fold(before + " " + word + " " + after)
    assert all(part in folded for part in fold(word).split())


@pytest.mark.parametrize(
    ("title", "typed"),
    [
        ("Coopération en matière de sécurité", "COOPERATION MATIERE securite"),  # fr
        ("Déclaration d'Almaty", "declaration d'almaty"),
        ("Сотрудничество в области БЕЗОПАСНОСТИ", "безопасности"),  # ru
        ("Ёлка", "елка"),
        ("关于亚洲安全合作的宣言", "安全合作"),  # zh: a substring of a text without spaces
        ("Ｆｕｌｌ－ｗｉｄｔｈ ＣＩＣＡ", "cica"),  # compatibility forms
        ("Straße", "STRASSE"),
    ],
)
def test_a_title_is_found_by_what_a_reader_types(title: str, typed: str) -> None:
    assert all(word in fold(title) for word in words(typed))


def test_an_empty_search_has_no_words_and_a_long_one_is_refused() -> None:
    assert words(None) == words("") == words("   ") == []
    with pytest.raises(InvalidInput, match="at most 200 characters"):
        words("a" * (MAX_QUERY_LENGTH + 1))
    with pytest.raises(InvalidInput, match="at most 10 words"):
        words(" ".join("w" * (MAX_WORDS + 1)))


def _fold_by_unicode(text: str) -> str:
    # The full definition, without fold's shortcut for ASCII.
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", bare.casefold()).split())


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_the_shortcut_for_ascii_folds_as_the_unicode_passes_do(text: str) -> None:
    assert fold(text) == _fold_by_unicode(text)


@given(st.text())
def test_any_text_folds_as_the_unicode_passes_do(text: str) -> None:
    assert fold(text) == _fold_by_unicode(text)
