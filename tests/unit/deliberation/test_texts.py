"""A text is numbered paragraphs; two revisions compare paragraph by paragraph and word by word."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.core.errors import InvalidInput
from cica.deliberation.texts import (
    ChangeKind,
    LanguageVersion,
    Paragraph,
    Revision,
    Span,
    SpanKind,
    diff_paragraphs,
    diff_texts,
    inline_diff,
    join_paragraphs,
    language_versions,
    normalise_text,
    parse_numbers,
    split_paragraphs,
    tokenize,
)

# Text with line breaks, blank lines, Unicode whitespace and CJK (what delegations paste), and
# arbitrary Unicode besides.
_PIECES = [*"ab cdé\n\n\t\r ,.;", "\u3000", "\u2028", "\x0c", "和平", "安全", "合作", "。", "、", "Ω"]
texts = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join), st.text(max_size=40))
paragraph_text = st.text(
    alphabet=st.sampled_from(list("abcdefgh 和平安全,.")), min_size=1, max_size=30
).filter(lambda t: bool(t.strip()))


def test_blank_lines_separate_numbered_paragraphs() -> None:
    text = "Recalling the Almaty Act,\n\nReaffirming our commitment\nto dialogue,\n\n\n\nDecide:"
    assert split_paragraphs(text) == (
        Paragraph(1, "Recalling the Almaty Act,"),
        Paragraph(2, "Reaffirming our commitment\nto dialogue,"),
        Paragraph(3, "Decide:"),
    )


def test_a_line_of_only_whitespace_separates_paragraphs_like_an_empty_one() -> None:
    assert [p.text for p in split_paragraphs("One.\n   \t\nTwo.\r\n\u3000\r\nThree.")] == [
        "One.",
        "Two.",
        "Three.",
    ]


def test_an_empty_text_has_no_paragraphs_and_no_revision() -> None:
    assert split_paragraphs(" \n\n ") == ()
    with pytest.raises(InvalidInput, match="revision 1 has no text"):
        Revision.of(1, "\n\n")


def test_joining_puts_one_blank_line_between_paragraphs() -> None:
    assert join_paragraphs([Paragraph(1, "A."), Paragraph(2, "B.\nC.")]) == "A.\n\nB.\nC."


@given(texts)
def test_splitting_the_joined_paragraphs_gives_the_same_paragraphs(text: str) -> None:
    paragraphs = split_paragraphs(text)
    assert split_paragraphs(join_paragraphs(paragraphs)) == paragraphs


@given(st.lists(paragraph_text, max_size=8))
def test_joining_then_splitting_canonical_paragraphs_round_trips(bodies: list[str]) -> None:
    paragraphs = tuple(Paragraph(n, body.strip()) for n, body in enumerate(bodies, start=1))
    assert split_paragraphs(join_paragraphs(paragraphs)) == paragraphs


@given(texts)
def test_paragraphs_are_numbered_from_one_without_gaps(text: str) -> None:
    numbers = [p.number for p in split_paragraphs(text)]
    assert numbers == list(range(1, len(numbers) + 1))


@given(texts)
def test_normalising_is_idempotent(text: str) -> None:
    assert normalise_text(normalise_text(text)) == normalise_text(text)


def test_a_revision_names_a_paragraph_it_does_not_have() -> None:
    revision = Revision.of(2, "A.\n\nB.")
    assert revision.paragraph(2).text == "B."
    with pytest.raises(
        InvalidInput, match="paragraph 3 does not exist in revision 2, which has 2 paragraphs"
    ):
        revision.paragraph(3)


def test_a_revision_refuses_paragraphs_numbered_out_of_order() -> None:
    with pytest.raises(ValueError, match=r"numbered 1, 2, 3"):
        Revision(1, (Paragraph(2, "A."),))


# --- Tokens and the inline diff ---------------------------------------------------------------


def test_words_are_tokens_in_spaced_scripts() -> None:
    assert tokenize("Peace, security.") == ["Peace", ",", " ", "security", "."]


def test_chinese_is_tokenised_by_character() -> None:
    assert tokenize("亚洲和平，安全") == ["亚", "洲", "和", "平", "，", "安", "全"]


def test_a_mixed_script_text_splits_cjk_by_character_and_the_rest_by_word() -> None:
    assert tokenize("CICA 亚信 summit") == ["CICA", " ", "亚", "信", " ", "summit"]


@given(texts)
def test_tokens_join_back_to_the_text(text: str) -> None:
    assert "".join(tokenize(text)) == text


def test_an_inline_diff_marks_the_changed_word_only() -> None:
    assert inline_diff("We welcome the report.", "We note the report.") == (
        Span(SpanKind.EQUAL, "We "),
        Span(SpanKind.DELETE, "welcome"),
        Span(SpanKind.INSERT, "note"),
        Span(SpanKind.EQUAL, " the report."),
    )


def test_an_inline_diff_of_chinese_marks_single_characters() -> None:
    assert inline_diff("促进亚洲和平", "促进亚洲安全") == (
        Span(SpanKind.EQUAL, "促进亚洲"),
        Span(SpanKind.DELETE, "和平"),
        Span(SpanKind.INSERT, "安全"),
    )


@given(texts, texts)
def test_inline_spans_rebuild_both_sides(old: str, new: str) -> None:
    spans = inline_diff(old, new)
    assert "".join(s.text for s in spans if s.kind is not SpanKind.INSERT) == old
    assert "".join(s.text for s in spans if s.kind is not SpanKind.DELETE) == new
    assert all(s.text for s in spans)
    assert all(a.kind is not b.kind for a, b in pairwise(spans))


# --- Paragraph diff ---------------------------------------------------------------------------


def test_a_diff_numbers_each_paragraph_on_both_sides() -> None:
    old = "Preamble.\n\nWe welcome the report.\n\nOld operative paragraph.\n\nClosing."
    new = "Preamble.\n\nWe note the report.\n\nClosing.\n\nA new final paragraph."
    rows = [(c.kind, c.old_number, c.new_number) for c in diff_texts(old, new).changes]
    assert rows == [
        (ChangeKind.UNCHANGED, 1, 1),
        (ChangeKind.CHANGED, 2, 2),
        (ChangeKind.DELETED, 3, None),
        (ChangeKind.UNCHANGED, 4, 3),
        (ChangeKind.INSERTED, None, 4),
    ]


def test_a_changed_paragraph_carries_its_inline_diff() -> None:
    [change] = diff_texts("We welcome the report.", "We note the report.").changes
    assert change.kind is ChangeKind.CHANGED
    assert Span(SpanKind.INSERT, "note") in change.inline


def test_a_paragraph_inserted_beside_an_amended_one_is_not_shown_as_its_rewrite() -> None:
    old = "Keep.\n\nThe Council welcomes the report of the Secretariat.\n\nEnd."
    new = (
        "Keep.\n\nUnrelated new text about maritime security.\n\n"
        "The Council notes the report of the Secretariat.\n\nEnd."
    )
    rows = [(c.kind, c.old_number, c.new_number) for c in diff_texts(old, new).changes]
    assert rows == [
        (ChangeKind.UNCHANGED, 1, 1),
        (ChangeKind.INSERTED, None, 2),
        (ChangeKind.CHANGED, 2, 3),
        (ChangeKind.UNCHANGED, 3, 4),
    ]


def test_a_paragraph_replaced_by_unrelated_text_is_still_one_change() -> None:
    [change] = diff_texts("Alpha beta gamma.", "完全不同的文字。").changes
    assert (change.kind, change.old_number, change.new_number) == (ChangeKind.CHANGED, 1, 1)


def test_identical_revisions_have_no_differences() -> None:
    diff = diff_texts("A.\n\nB.", "A.\n\n\n\nB.\n")
    assert diff.identical
    assert diff.counts() == {"unchanged": 2, "changed": 0, "inserted": 0, "deleted": 0}


def test_a_diff_serialises_to_plain_json() -> None:
    data = diff_texts("A b.", "A c.\n\nD.").to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["counts"] == {"unchanged": 0, "changed": 1, "inserted": 1, "deleted": 0}
    assert data["changes"][0]["inline"][0] == {"kind": "equal", "text": "A "}
    assert data["changes"][1] == {
        "kind": "inserted",
        "old_number": None,
        "new_number": 2,
        "old_text": None,
        "new_text": "D.",
        "inline": [],
    }


@given(st.lists(paragraph_text, max_size=7), st.lists(paragraph_text, max_size=7))
def test_a_diff_rebuilds_both_revisions_in_order(old_bodies: list[str], new_bodies: list[str]) -> None:
    old = split_paragraphs("\n\n".join(old_bodies))
    new = split_paragraphs("\n\n".join(new_bodies))
    diff = diff_paragraphs(old, new)
    old_side = [(c.old_number, c.old_text) for c in diff.changes if c.old_number is not None]
    new_side = [(c.new_number, c.new_text) for c in diff.changes if c.new_number is not None]
    assert old_side == [(p.number, p.text) for p in old]
    assert new_side == [(p.number, p.text) for p in new]
    for change in diff.changes:
        if change.kind is ChangeKind.UNCHANGED:
            assert change.old_text == change.new_text
        if change.kind is ChangeKind.CHANGED:
            assert change.old_text != change.new_text


def test_a_long_rewrite_is_paired_by_position() -> None:
    old = [Paragraph(n, f"old paragraph number {n}") for n in range(1, 61)]
    new = [Paragraph(n, f"rewritten clause {n} entirely") for n in range(1, 71)]
    diff = diff_paragraphs(old, new)
    assert diff.counts() == {"unchanged": 0, "changed": 60, "inserted": 10, "deleted": 0}


def test_indentation_and_trailing_spaces_carry_no_meaning() -> None:
    assert split_paragraphs("\u3000\u3000各成员国，  \n    Member States,\t") == (
        Paragraph(1, "各成员国，\nMember States,"),
    )


def test_dissimilar_paragraphs_in_a_rewritten_block_show_as_deleted_and_inserted() -> None:
    old = "Keep.\n\nThe Council welcomes the report.\n\nThe Council thanks the host.\n\nEnd."
    new = "Keep.\n\nMaritime security matters.\n\n海上安全很重要。\n\nEnd."
    rows = [(c.kind, c.old_number, c.new_number) for c in diff_texts(old, new).changes]
    assert rows == [
        (ChangeKind.UNCHANGED, 1, 1),
        (ChangeKind.DELETED, 2, None),
        (ChangeKind.DELETED, 3, None),
        (ChangeKind.INSERTED, None, 2),
        (ChangeKind.INSERTED, None, 3),
        (ChangeKind.UNCHANGED, 4, 4),
    ]


# --- Language versions ------------------------------------------------------------------------


def test_a_revisions_texts_are_normalised_with_the_original_first() -> None:
    found = language_versions(
        [
            LanguageVersion("ru", "Декларация", "Первый.\n\n\nВторой."),
            LanguageVersion("en", " The  Declaration ", "One.\r\n\r\nTwo."),
        ],
        "en",
        number=1,
    )
    assert [v.lang for v in found] == ["en", "ru"]
    assert found[0] == LanguageVersion("en", "The Declaration", "One.\n\nTwo.")


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ([LanguageVersion("ru", "T", "Body")], "revision 2 has no text in en, the draft's original language"),
        ([LanguageVersion("en", "T", "A"), LanguageVersion("en", "U", "B")], "two texts in en"),
        ([LanguageVersion("english", "T", "A")], "'english' is not a language tag"),
        ([LanguageVersion("en", "  ", "A")], "the en text of revision 2 needs a title"),
        ([LanguageVersion("en", "T", "\n \n")], "the en text of revision 2 has no paragraphs"),
        ([], "revision 2 has no text in en"),
    ],
)
def test_a_revision_without_its_original_text_or_with_a_bad_text_is_refused(
    versions: list[LanguageVersion], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        language_versions(versions, "en", number=2)


def test_paragraph_numbers_are_parsed_as_people_type_them() -> None:
    assert parse_numbers("2") == [2]
    assert parse_numbers("2, 4") == [2, 4]
    assert parse_numbers("2-4,7") == [2, 3, 4, 7]
    assert parse_numbers("") == []


@pytest.mark.parametrize("typed", ["1-2000000000", "5-2", "-3", "x", "99999999999999999999"])
def test_absurd_paragraph_numbers_are_refused_before_any_list_is_built(typed: str) -> None:
    with pytest.raises(InvalidInput, match="paragraph"):
        parse_numbers(typed)
