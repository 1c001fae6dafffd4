"""The search's pure rules: analysers per language, query reading, snippets."""

from __future__ import annotations

import logging
import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cica.core.errors import InvalidInput
from cica.search import rules


def test_chinese_is_segmented_so_a_two_character_word_finds_its_paragraph() -> None:
    text = "亚信会议成员国在上海举行会议。"
    assert rules.matches(text, "zh", rules.parse("亚信"))
    assert not rules.matches(text, "zh", rules.parse("北京"))


def test_french_words_are_stemmed_and_folded() -> None:
    text = "Les États membres coopèrent dans le domaine de la sécurité."
    assert rules.matches(text, "fr", rules.parse("SECURITES membre"))
    assert rules.matches(text, "fr", rules.parse("état"))


def test_russian_words_are_stemmed() -> None:
    text = "Государства-члены сотрудничают в области безопасности."
    assert rules.matches(text, "ru", rules.parse("безопасность"))


def test_english_words_are_stemmed() -> None:
    assert rules.matches("The members agreed on measures.", "en", rules.parse("agreeing measure"))


@pytest.mark.parametrize("query", [None, "", "   ", "x" * 201, " ".join(["a"] * 11)])
def test_an_empty_or_oversized_query_is_bad_input(query: str | None) -> None:
    with pytest.raises(InvalidInput):
        rules.parse(query)


def test_the_snippet_marks_the_matched_words() -> None:
    pieces = rules.snippet("Les États membres coopèrent.", "fr", rules.parse("etat"))
    assert [p.text for p in pieces if p.matched] == ["États"]
    assert "".join(p.text for p in pieces) == "Les États membres coopèrent."


_words = st.lists(
    st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu")), min_size=1, max_size=12),
    min_size=1,
    max_size=20,
)


@settings(max_examples=50, deadline=None)
@given(words=_words, language=st.sampled_from(rules.LANGUAGES), data=st.data())
def test_a_query_made_of_a_paragraphs_own_words_finds_it(
    words: list[str], language: str, data: st.DataObject
) -> None:
    paragraph = " ".join(words)
    chosen = data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=5))
    assert rules.matches(paragraph, language, rules.parse(" ".join(chosen)))


@settings(max_examples=50, deadline=None)
@given(words=_words, language=st.sampled_from(rules.LANGUAGES))
def test_a_snippet_is_a_piece_of_the_text(words: list[str], language: str) -> None:
    paragraph = " ".join(words)
    pieces = rules.snippet(paragraph, language, rules.parse(words[0]), width=1000)
    assert "".join(p.text for p in pieces) == paragraph


def test_chinese_search_mode_also_yields_the_shorter_words_inside_a_long_one() -> None:
    # jieba's default mode keeps 中华人民共和国 as one word; search mode adds 人民, 共和国…
    text = "中华人民共和国成立。"
    assert rules.matches(text, "zh", rules.parse("人民"))
    assert rules.matches(text, "zh", rules.parse("中华人民共和国"))


@pytest.mark.parametrize(
    ("tag", "analyser"),
    [("fr", "fr"), ("fr-CA", "fr"), ("zh-Hans", "zh"), ("RU", "ru"), ("ja", "und"), ("kk", "und")],
)
def test_each_version_is_read_with_its_languages_analyser(tag: str, analyser: str) -> None:
    assert rules.analyser(tag) == analyser


def test_a_term_never_holds_a_space() -> None:
    # U+FDFA folds (NFKD) to a phrase of four words: each is a term of its own.
    assert all(" " not in token.term for token in rules.tokens("\ufdfa", "en"))


@pytest.mark.parametrize(
    "filters",
    [
        rules.Filters(limit=0),
        rules.Filters(limit=rules.MAX_LIMIT + 1),
        rules.Filters(lang="not a tag"),
        rules.Filters(day_from=date(2021, 1, 1), day_to=date(2020, 1, 1)),
    ],
)
def test_bad_filters_are_bad_input(filters: rules.Filters) -> None:
    with pytest.raises(InvalidInput):
        rules.check_filters(filters)


def test_filters_are_kept_in_canonical_form() -> None:
    assert rules.check_filters(rules.Filters(lang="zh-hans", kind="")).lang == "zh-Hans"


# rjieba stands in for Python's jieba: the same words, offsets and order for every run of Han
# characters, on the sample in the repository (and the Chinese UI catalogue) and on strings made of its words.
_SAMPLES = (
    Path(__file__).parents[2] / "data" / "alignment" / "cica-overview-fr-zh" / "zh.txt",
    Path(rules.__file__).parents[1] / "documents" / "data" / "cica-overview.fr-zh.txt",
    Path(rules.__file__).parents[1] / "core" / "translations" / "zh" / "LC_MESSAGES" / "messages.po",
)
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def _han_runs() -> list[str]:
    return [run.group() for path in _SAMPLES for run in _HAN_RUN.finditer(path.read_text(encoding="utf-8"))]


def _both(text: str) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    import jieba
    import rjieba

    jieba.setLogLevel(logging.WARNING)
    return list(jieba.tokenize(text, mode="search")), rjieba.tokenize(text, mode="search")


def test_rjieba_segments_the_sample_as_jieba_does() -> None:
    runs = _han_runs()
    assert sum(map(len, runs)) > 5000
    for run in runs:
        python, rust = _both(run)
        assert rust == python, run


@cache
def _sample_words() -> list[str]:
    return sorted({word for run in _han_runs() for word, _, _ in _both(run)[0]})


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_rjieba_segments_strings_of_the_samples_words_as_jieba_does(data: st.DataObject) -> None:
    text = "".join(data.draw(st.lists(st.sampled_from(_sample_words()), min_size=1, max_size=30)))
    python, rust = _both(text)
    assert rust == python


def test_digits_and_latin_words_in_chinese_text_are_words_of_their_own() -> None:
    assert rules.terms("第2届亚信峰会于2017-04-19举行, users.add。", "zh").split() == [
        "第", "2", "届", "亚信", "峰会", "于", "2017", "04", "19", "举行", "users", "add",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "text", "language", "found"),
    [
        ('"mesures de confiance"', "Les mesures de confiance en Asie", "fr", True),
        ('"confiance de mesures"', "Les mesures de confiance en Asie", "fr", False),
        ("confiance de mesures", "Les mesures de confiance en Asie", "fr", True),
        ('"Mesure confiance"', "Les mesures de confiance en Asie", "fr", False),
        ('"亚信会议成员国"', "亚信会议成员国在上海举行会议。", "zh", True),
        ('"成员国亚信会议"', "亚信会议成员国在上海举行会议。", "zh", False),
        ('"亚信"', "亚信会议成员国在上海举行会议。", "zh", True),
        ('"security measures" file', "Security measures kept: the file.", "en", True),
        ('"measures security" file', "Security measures kept: the file.", "en", False),
    ],
)
def test_a_quoted_phrase_needs_its_words_together_and_in_order(
    query: str, text: str, language: str, found: bool
) -> None:
    assert rules.matches(text, language, rules.parse(query)) is found


def test_a_phrase_of_one_term_is_that_term() -> None:
    assert rules.parse('"sécurité" "亚信"').phrases("fr") == []


@settings(max_examples=50, deadline=None)
@given(words=_words, language=st.sampled_from(rules.LANGUAGES), data=st.data())
def test_a_run_of_a_paragraphs_words_quoted_finds_it(
    words: list[str], language: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, min(len(words), start + 5)))
    paragraph = " ".join(words)
    assert rules.matches(paragraph, language, rules.parse('"' + " ".join(words[start:end]) + '"'))


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80), language=st.sampled_from((*rules.LANGUAGES, "kk")))
def test_the_indexed_terms_are_the_tokens_terms(text: str, language: str) -> None:
    # `terms` (the reindex's path, without offsets) and `tokens` (snippets) must never part.
    assert rules.terms(text, language) == " ".join(token.term for token in rules.tokens(text, language))
