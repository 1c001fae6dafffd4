"""The documents' pure rules: tags, symbols, paragraphs, sentences in three scripts, alignment."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.errors import Conflict, InvalidInput
from cica.documents import rules
from cica.documents.rules import Bead, VersionStatus

SAMPLE = Path(__file__).parents[3] / "src" / "cica" / "documents" / "data" / "cica-overview.fr-zh.txt"

# Text from the three scripts, with the punctuation that ends (or does not end) sentences.
_WORDS = st.sampled_from(
    [
        "La", "CICA", "observe", "M.", "ONU.", "3.5", "sécurité", "Азии", "т.е.", "СВМДА", "亚信会议",
        "成员国", "合作。", "平等;", "Fin.", "Oui!", "Quoi?", "«", "»", "(", ")", "1992年", "…",
    ]
)  # fmt: skip
_SEPARATORS = st.sampled_from([" ", "  ", "", "\n", "。", ". ", "! ", "? ", "; "])
paragraphs = st.lists(st.tuples(_WORDS, _SEPARATORS), min_size=1, max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts).strip() or "x"
)


def _sample() -> tuple[str, ...]:
    return rules.split_paragraphs(SAMPLE.read_text(encoding="utf-8"))


@given(paragraphs)
def test_the_sentences_joined_give_the_paragraph_back_and_none_is_empty(paragraph: str) -> None:
    sentences = rules.split_sentences(paragraph)
    assert "".join(sentences) == paragraph
    assert all(sentence.strip() for sentence in sentences)


def test_chinese_sentences_end_in_full_and_half_width_stops() -> None:
    assert rules.split_sentences("你好;世界。再见!好吗?是。") == ("你好;", "世界。", "再见!", "好吗?", "是。")
    assert rules.split_sentences("亚信会议建立了机制。截止到2014年,已有26个成员国。") == (
        "亚信会议建立了机制。",
        "截止到2014年,已有26个成员国。",
    )


def test_numbers_and_abbreviations_do_not_end_latin_or_cyrillic_sentences() -> None:
    assert rules.split_sentences("M. Dupont a parlé 3.5 fois à l'ONU. Puis il est parti.") == (
        "M. Dupont a parlé 3.5 fois à l'ONU. Puis il est parti.",
    )
    assert rules.split_sentences("Il a parlé. Elle a répondu.") == ("Il a parlé. ", "Elle a répondu.")
    assert rules.split_sentences("Это т.е. пример. Второе предложение.") == (
        "Это т.е. пример. ",
        "Второе предложение.",
    )
    # A French semicolon is no sentence end: only after a CJK character is ';' one.
    assert rules.split_sentences("Un ; deux.") == ("Un ; deux.",)


def test_the_sample_has_six_sentences_in_each_language() -> None:
    french, chinese = _sample()[2], _sample()[4]
    assert len(rules.split_sentences(french)) == 6
    assert rules.split_sentences(french)[0].startswith("En octobre 1992, le président kazakh")
    assert len(rules.split_sentences(chinese)) == 6
    assert rules.split_sentences(chinese)[-1].startswith("在本次峰会上")


def test_paragraphs_are_kept_exactly_in_order() -> None:
    text = "  One line\nand its second line  \n\n\n\nTwo\r\n\r\nThree\n \n"
    assert rules.split_paragraphs(text) == ("  One line\nand its second line  ", "Two", "Three")
    assert [p[:4] for p in _sample()] == ["La C", "Mise", "En o", "亚信会议", "1992"]


# A paragraph: lines, each with something written on it (a line of spaces is a blank line).
_lines = st.text(alphabet="ab 亚.", min_size=1).filter(lambda line: line.strip() != "")
blocks = st.lists(st.lists(_lines, min_size=1, max_size=4).map("\n".join), min_size=1, max_size=12)


@given(blocks, st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\r\n\r\n"]))
def test_paragraphs_joined_by_blank_lines_split_back_exactly(paragraphs: list[str], blank: str) -> None:
    assert rules.split_paragraphs(blank.join(paragraphs)) == tuple(paragraphs)


@pytest.mark.parametrize(
    ("tag", "canonical"),
    [
        ("fr", "fr"),
        ("zh-hans", "zh-Hans"),
        ("ZH-hant-tw", "zh-Hant-TW"),
        ("en_us", "en-US"),
        ("es-419", "es-419"),
    ],
)
def test_bcp47_tags_are_taken_in_canonical_case(tag: str, canonical: str) -> None:
    assert rules.check_language(tag) == canonical


@pytest.mark.parametrize("tag", ["", "x", "french!", "zh-", "12", "en--us", "a" * 40])
def test_what_is_not_bcp47_is_refused(tag: str) -> None:
    with pytest.raises(InvalidInput, match="not a BCP 47 language tag"):
        rules.check_language(tag)


def test_symbols_follow_the_charter_s_pattern_with_the_kind_s_code() -> None:
    pattern = "CICA/{organ}/DEC/{year}/{number}"
    assert rules.symbol_prefix(pattern, org="CICA", organ="SOC", kind="statement", year=2024) == (
        "CICA/SOC/STATEMENT/2024/"
    )
    assert (
        rules.symbol_prefix(pattern, org="CICA", organ="GEN", kind="document", year=2017)
        == "CICA/GEN/DOC/2017/"
    )
    assert rules.kind_code("plan_of_action") == "POA"
    with pytest.raises(InvalidInput, match="must end in"):
        rules.symbol_prefix("{number}/{year}", org="C", organ="O", kind="document", year=2020)
    with pytest.raises(InvalidInput, match="not a document symbol"):
        rules.check_symbol("CICA SUMMIT 2022")
    assert rules.check_symbol(" CICA/SUMMIT/2022/1 ") == "CICA/SUMMIT/2022/1"


def test_kinds_are_the_charter_s_or_the_generic_one() -> None:
    assert rules.check_kind("Statement", ["statement"]) == "statement"
    assert rules.check_kind("document", []) == "document"
    with pytest.raises(InvalidInput, match="not a kind of document"):
        rules.check_kind("memo", ["statement"])


lengths = st.lists(st.floats(min_value=0, max_value=2000, allow_nan=False), max_size=25)


@given(lengths, lengths)
def test_an_alignment_covers_every_paragraph_once_in_order(source: list[float], target: list[float]) -> None:
    beads = rules.align_lengths(source, target)
    assert [i for bead in beads for i in bead.source] == list(range(len(source)))
    assert [j for bead in beads for j in bead.target] == list(range(len(target)))
    assert all(bead.source or bead.target for bead in beads)
    assert all(len(bead.source) <= 2 and len(bead.target) <= 2 for bead in beads)


@given(st.lists(st.floats(min_value=20, max_value=2000, allow_nan=False), min_size=1, max_size=25))
def test_texts_of_proportional_lengths_align_one_to_one(source: list[float]) -> None:
    beads = rules.align_lengths(source, [3 * length for length in source])
    assert beads == tuple(Bead((i,), (i,)) for i in range(len(source)))


def test_a_paragraph_split_in_two_is_a_two_to_one_bead() -> None:
    beads = rules.align_lengths([100, 400, 300, 120], [110, 210, 200, 330, 125])
    assert rules.alignment_tsv(beads) == "1\t1\n2\t2,3\n3\t4\n4\t5\n"


def test_the_sample_aligns_title_with_title_and_text_with_text() -> None:
    found = _sample()
    beads = rules.align_paragraphs(found[:3], found[3:])
    # The French page's date line has no Chinese counterpart: unmatched, not merged with the text.
    assert rules.alignment_tsv(beads) == "1\t1\n2\t-\n3\t2\n"


def test_lengths_are_normalised_per_script() -> None:
    assert rules.normalised_length("亚信会议") == 4 * rules.CJK_WEIGHT
    assert rules.normalised_length("La CICA, 26 pays.") == 12


def test_a_file_s_paragraphs_group_into_one_version_per_language() -> None:
    grouped = rules.versions_by_language(
        ["T", "1992", "texte", "标题", "文本"], ["fr", None, "fr", "zh", "zh"]
    )
    assert grouped == (("fr", ("T", "1992", "texte")), ("zh", ("标题", "文本")))
    assert rules.versions_by_language(["1", "a"], [None, "en"]) == (("en", ("1", "a")),)


def test_a_version_is_certified_once_and_a_translation_becomes_official() -> None:
    rules.check_certifiable(False, symbol="S/1", tag="fr")
    with pytest.raises(Conflict, match="already certified"):
        rules.check_certifiable(True, symbol="S/1", tag="fr")
    assert (
        rules.status_on_certifying(VersionStatus.UNOFFICIAL_TRANSLATION) is VersionStatus.OFFICIAL_TRANSLATION
    )
    assert rules.status_on_certifying(VersionStatus.ORIGINAL) is VersionStatus.ORIGINAL
    with pytest.raises(Conflict, match="already has a fr version"):
        rules.check_new_language(["fr"], "fr", source="b.txt")


SENTENCE = st.text(st.characters(whitelist_categories=("Ll", "Lo")), min_size=1, max_size=40)


@given(st.lists(SENTENCE, max_size=6), st.lists(SENTENCE, max_size=6))
def test_each_sentence_is_partnered_in_order_with_the_pivot_s_sentences(
    pivot: list[str], other: list[str]
) -> None:
    own, partners = rules.sentence_partners(pivot, other)
    assert own == tuple((i,) for i in range(len(pivot)))
    assert len(partners) == len(other)
    # Monotone: a later sentence never goes with an earlier pivot sentence than one before it.
    matched = [p for p in partners if p]
    assert all(a[-1] <= b[0] or a == b for a, b in pairwise(matched))
    assert all(0 <= i < len(pivot) for p in partners for i in p)


def test_two_short_french_sentences_go_with_the_one_chinese_sentence_that_says_both() -> None:
    french = ["La CICA observe la Charte des Nations unies.", "Elle renforce la coopération."]
    assert rules.sentence_partners(
        french, ["亚信会议恪守《联合国宪章》宗旨和原则。", "加强成员国安全合作。"]
    )[1] == ((0,), (1,))
    assert rules.sentence_partners(french, ["亚信会议恪守《联合国宪章》宗旨和原则，加强成员国安全合作。"])[
        1
    ] == ((0, 1),)


def test_the_number_of_a_point_a_title_and_a_month_do_not_end_a_sentence() -> None:
    assert rules.split_sentences("1. We launch the process; it goes on.") == (
        "1. We launch the process; it goes on.",
    )
    assert len(rules.split_sentences("1.1. Member States agree. They act.")) == 2
    assert len(rules.split_sentences("Elbasy H.E. Mr. Nursultan Nazarbayev spoke. Then we met.")) == 2
    assert len(rules.split_sentences("We met on Oct. 12-13, 2022 in Astana.")) == 1
    # A number ending a sentence inside a paragraph still ends it.
    assert len(rules.split_sentences("They were 26. Then 27 joined.")) == 2


def test_a_heading_present_in_one_version_only_is_unmatched_not_merged() -> None:
    english = ["Astana Statement on CICA Transformation", "x" * 190 + ",", "y" * 180 + ";", "z" * 170 + "."]
    russian = ["ж" * 225 + ":", "ш" * 190 + ".", "щ" * 175 + "."]
    assert rules.is_heading(english[0]) and not rules.is_heading("1. We hereby launch;")
    assert rules.alignment_tsv(rules.align_paragraphs(english, russian)) == "1\t-\n2\t1\n3\t2\n4\t3\n"


def test_sentences_align_inside_their_paragraph_beads_and_an_unmatched_paragraph_s_are_unmatched() -> None:
    french = [
        "Titre",
        "Date",
        "Une phrase assez longue ici. Une autre phrase, plus longue encore que la première.",
    ]
    chinese = ["标题", "一句相当长的话。另一句话,比第一句还要长得多。"]
    paragraphs = rules.parse_alignment_tsv("1\t1\n2\t-\n3\t2\n")
    found = rules.align_sentences(french, chinese, paragraphs)
    assert rules.alignment_tsv(found) == "1\t1\n2\t-\n3\t2\n4\t3\n"
