"""Amendments replace, insert or delete numbered paragraphs; accepted ones make the next revision."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cica.core.errors import Conflict, InvalidInput
from cica.deliberation.amendments import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    apply_amendments,
    settle,
    validate_amendment,
)
from cica.deliberation.texts import ChangeKind, Revision, diff_paragraphs

TEXT = "Recalling the Almaty Act,\n\nWelcoming the report,\n\nDecides to meet again,\n\nRequests the Secretariat."
WHY = "to reflect the discussion in the working group"


def revision(number: int = 1, text: str = TEXT) -> Revision:
    return Revision.of(number, text)


def texts_of(result: Revision) -> list[str]:
    return [p.text for p in result.paragraphs]


def test_a_replacement_changes_the_paragraph_it_names() -> None:
    result = apply_amendments(revision(), [Amendment.replace(1, [2], "Taking note of the report,", WHY)])
    assert result.number == 2
    assert texts_of(result) == [
        "Recalling the Almaty Act,",
        "Taking note of the report,",
        "Decides to meet again,",
        "Requests the Secretariat.",
    ]


def test_a_replacement_of_a_run_may_bring_several_paragraphs() -> None:
    amendment = Amendment.replace(1, [2, 3], "New second,\n\nNew third,\n\nNew fourth,", WHY)
    assert texts_of(apply_amendments(revision(), [amendment])) == [
        "Recalling the Almaty Act,",
        "New second,",
        "New third,",
        "New fourth,",
        "Requests the Secretariat.",
    ]


def test_an_insertion_after_paragraph_zero_goes_at_the_start() -> None:
    result = apply_amendments(revision(), [Amendment.insert(1, 0, "The Ministers,", WHY)])
    assert texts_of(result)[:2] == ["The Ministers,", "Recalling the Almaty Act,"]


def test_an_insertion_after_the_last_paragraph_goes_at_the_end() -> None:
    result = apply_amendments(revision(), [Amendment.insert(1, 4, "Done at Astana.", WHY)])
    assert texts_of(result)[-2:] == ["Requests the Secretariat.", "Done at Astana."]


def test_a_deletion_may_name_paragraphs_that_are_not_consecutive() -> None:
    result = apply_amendments(revision(), [Amendment.delete(1, [1, 3], WHY)])
    assert texts_of(result) == ["Welcoming the report,", "Requests the Secretariat."]


def test_several_amendments_are_read_against_the_original_numbering() -> None:
    amendments = [
        Amendment.insert(1, 0, "The Ministers,", WHY),
        Amendment.delete(1, [1], WHY),
        Amendment.replace(1, [3], "Decides to meet in 2028,", WHY),
        Amendment.insert(1, 3, "Thanks the host,", WHY),
    ]
    assert texts_of(apply_amendments(revision(), amendments)) == [
        "The Ministers,",
        "Welcoming the report,",
        "Decides to meet in 2028,",
        "Thanks the host,",
        "Requests the Secretariat.",
    ]


def test_an_amendment_to_a_paragraph_that_does_not_exist_is_refused_naming_it() -> None:
    with pytest.raises(
        InvalidInput, match="paragraph 7 does not exist in revision 1, which has 4 paragraphs"
    ):
        apply_amendments(revision(), [Amendment.replace(1, [7], "Text.", WHY)])


def test_an_insertion_after_a_paragraph_that_does_not_exist_is_refused_naming_it() -> None:
    with pytest.raises(InvalidInput, match="paragraph 5 does not exist in revision 1"):
        validate_amendment(revision(), Amendment.insert(1, 5, "Text.", WHY))


def test_an_empty_replacement_is_refused() -> None:
    with pytest.raises(
        InvalidInput, match="replacement text is empty: to remove paragraphs, propose a deletion"
    ):
        Amendment.replace(1, [2], " \n\n ", WHY)


def test_an_empty_insertion_is_refused() -> None:
    with pytest.raises(InvalidInput, match="text to insert is empty"):
        Amendment.insert(1, 2, "", WHY)


def test_an_amendment_without_justification_is_refused() -> None:
    with pytest.raises(InvalidInput, match="needs a justification"):
        Amendment.delete(1, [2], "   ")


def test_a_replacement_of_paragraphs_that_are_not_consecutive_is_refused() -> None:
    with pytest.raises(InvalidInput, match="paragraphs 2 and 4 are not consecutive"):
        Amendment.replace(1, [4, 2], "Text.", WHY)


def test_a_deletion_carries_no_text() -> None:
    with pytest.raises(InvalidInput, match="deletion carries no text"):
        Amendment(AmendmentKind.DELETE, 1, WHY, paragraphs=(1,), text="Something.")


def test_an_insertion_needs_a_place_and_no_paragraphs() -> None:
    with pytest.raises(InvalidInput, match="names the paragraph it comes after"):
        Amendment(AmendmentKind.INSERT, 1, WHY, paragraphs=(1,), text="Text.")
    with pytest.raises(InvalidInput, match="use 0 for the start"):
        Amendment.insert(1, -1, "Text.", WHY)


def test_a_replacement_that_changes_nothing_is_refused() -> None:
    with pytest.raises(InvalidInput, match="changes nothing"):
        validate_amendment(revision(), Amendment.replace(1, [2], "  Welcoming the report,\n", WHY))


def test_an_amendment_to_an_older_revision_is_refused() -> None:
    with pytest.raises(Conflict, match="proposed to revision 1, but the text is at revision 2"):
        apply_amendments(revision(2), [Amendment.delete(1, [2], WHY, ref="A-3")])


def test_deleting_every_paragraph_is_refused() -> None:
    with pytest.raises(InvalidInput, match="would delete every paragraph"):
        validate_amendment(revision(), Amendment.delete(1, [1, 2, 3, 4], WHY))


def test_amendments_that_together_delete_every_paragraph_are_refused() -> None:
    with pytest.raises(InvalidInput, match="together would delete every paragraph"):
        apply_amendments(revision(), [Amendment.delete(1, [1, 2], WHY), Amendment.delete(1, [3, 4], WHY)])


def test_two_amendments_touching_the_same_paragraph_are_refused_naming_both() -> None:
    amendments = [
        Amendment.replace(1, [2, 3], "Other text.", WHY, ref="A-1"),
        Amendment.delete(1, [3, 4], WHY, ref="A-2"),
    ]
    with pytest.raises(Conflict) as caught:
        apply_amendments(revision(), amendments)
    assert caught.value.message.startswith(
        "amendment A-1 (replace paragraphs 2 and 3) and amendment A-2 (delete paragraphs 3 and 4) "
        "both change paragraph 3"
    )
    assert "must not overlap" in caught.value.message


def test_two_insertions_at_the_same_place_are_refused() -> None:
    amendments = [Amendment.insert(1, 0, "One.", WHY), Amendment.insert(1, 0, "Two.", WHY)]
    with pytest.raises(
        Conflict, match=r"amendment #1 \(insert at the start\) and amendment #2 .* both insert at the start"
    ):
        apply_amendments(revision(), amendments)


def test_an_insertion_after_a_replaced_paragraph_does_not_conflict() -> None:
    amendments = [Amendment.replace(1, [2], "Taking note,", WHY), Amendment.insert(1, 2, "Inserted.", WHY)]
    assert texts_of(apply_amendments(revision(), amendments))[1:3] == ["Taking note,", "Inserted."]


def test_applying_no_amendments_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no amendments to apply"):
        apply_amendments(revision(), [])


def test_an_amendment_describes_itself() -> None:
    assert Amendment.replace(1, [2, 3, 4], "X.", WHY).describe() == "replace paragraphs 2–4"
    assert Amendment.insert(1, 0, "X.", WHY).describe() == "insert at the start"
    assert Amendment.insert(1, 3, "X.", WHY).describe() == "insert after paragraph 3"
    assert Amendment.delete(1, [5, 2, 7], WHY).describe() == "delete paragraphs 2, 5 and 7"


# --- Properties -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    original: Revision
    amendments: tuple[Amendment, ...]
    expected: tuple[str, ...]  # the new text, built independently of apply_amendments
    touched: frozenset[int]  # original paragraphs replaced or deleted
    added: frozenset[str]  # paragraphs the amendments bring


@st.composite
def amended_revisions(draw: st.DrawFn) -> Case:
    """A revision of distinct paragraphs and non-overlapping amendments with fresh text."""
    count = draw(st.integers(1, 8))
    original = Revision.of(
        1, "\n\n".join(f"Original paragraph {n} of the draft." for n in range(1, count + 1))
    )
    fresh = iter(range(10_000))

    def new_texts() -> list[str]:
        # Some new text resembles the old (as real amendments do) so that the diff's pairing of
        # similar paragraphs is exercised; every paragraph is still unique.
        template = draw(
            st.sampled_from(["Original paragraph {} of the draft, as amended.", "New clause {}."])
        )
        return [template.format(next(fresh)) for _ in range(draw(st.integers(1, 2)))]

    amendments: list[Amendment] = []
    expected: list[str] = []
    touched: set[int] = set()
    added: set[str] = set()

    def maybe_insert(after: int) -> None:
        if draw(st.booleans()):
            texts = new_texts()
            amendments.append(Amendment.insert(1, after, "\n\n".join(texts), WHY))
            expected.extend(texts)
            added.update(texts)

    maybe_insert(0)
    number = 1
    while number <= count:
        action = draw(st.sampled_from(["keep", "keep", "replace", "delete"]))
        run = draw(st.integers(1, count - number + 1)) if action != "keep" else 1
        numbers = list(range(number, number + run))
        if action == "keep":
            expected.append(original.paragraphs[number - 1].text)
        elif action == "replace":
            texts = new_texts()
            amendments.append(Amendment.replace(1, numbers, "\n\n".join(texts), WHY))
            expected.extend(texts)
            added.update(texts)
            touched.update(numbers)
        else:
            amendments.append(Amendment.delete(1, numbers, WHY))
            touched.update(numbers)
        # Inserting after a run's last paragraph keeps the oracle simple and is always valid.
        number += run
        maybe_insert(number - 1)
    assume(
        amendments
        and expected
        and not any(len(a.paragraphs) == count and a.kind is AmendmentKind.DELETE for a in amendments)
    )
    return Case(original, tuple(amendments), tuple(expected), frozenset(touched), frozenset(added))


@given(amended_revisions())
def test_applying_amendments_gives_the_text_they_describe(case: Case) -> None:
    assert tuple(texts_of(apply_amendments(case.original, case.amendments))) == case.expected


@given(amended_revisions())
def test_the_diff_of_an_amended_revision_shows_exactly_the_amended_paragraphs(case: Case) -> None:
    result = apply_amendments(case.original, case.amendments)
    diff = diff_paragraphs(case.original.paragraphs, result.paragraphs)
    differences = diff.differences
    assert {c.old_number for c in differences if c.old_number is not None} == case.touched
    assert {c.new_text for c in differences if c.new_text is not None} == case.added
    unchanged = [c for c in diff.changes if c.kind is ChangeKind.UNCHANGED]
    assert len(unchanged) == len(case.original.paragraphs) - len(case.touched)


@given(amended_revisions(), st.randoms(use_true_random=False))
def test_the_order_of_accepted_amendments_does_not_change_the_result(case: Case, random: object) -> None:
    shuffled = list(case.amendments)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert apply_amendments(case.original, shuffled) == apply_amendments(case.original, case.amendments)


# --- Settling an amendment --------------------------------------------------------------------


@pytest.mark.parametrize(
    "outcome", [AmendmentStatus.ACCEPTED, AmendmentStatus.REJECTED, AmendmentStatus.WITHDRAWN]
)
def test_a_proposed_amendment_is_settled_once(outcome: AmendmentStatus) -> None:
    assert settle(AmendmentStatus.PROPOSED, outcome, "amendment A-1") is outcome
    with pytest.raises(Conflict, match=r"amendment A-1 is already .*rule: an amendment is settled once"):
        settle(outcome, AmendmentStatus.ACCEPTED, "amendment A-1")


def test_a_withdrawn_amendment_cannot_be_accepted() -> None:
    with pytest.raises(Conflict, match="A-2 is already withdrawn: it cannot be accepted"):
        settle(AmendmentStatus.WITHDRAWN, AmendmentStatus.ACCEPTED, "A-2")
