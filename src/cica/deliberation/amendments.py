"""Amendments to numbered paragraphs, and how accepted amendments make the next revision.

An amendment targets the paragraphs of one revision (its `revision`): it replaces a run of
consecutive paragraphs with new text, inserts new text after paragraph N (0 = at the start), or
deletes paragraphs. New text may itself be several paragraphs. Every amendment carries a
justification.

Several amendments accepted together into one new revision are all read against the original
numbering of the revision they amend, never against each other's results. That only makes sense
if they do not overlap, so `apply_amendments` refuses two amendments that touch the same
paragraph, or that insert at the same place (their order would be a choice nobody made). With
overlaps refused, the order in which accepted amendments are listed never changes the result.

`settle` moves an amendment from proposed to accepted, rejected or withdrawn, once.

Amendments apply to one language's text (the original); the other language versions of the new
revision are the translators' work and are not derived here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations

from cica.core.errors import Conflict, InvalidInput
from cica.deliberation.texts import Paragraph, Revision, describe_numbers, paragraph_texts


class AmendmentKind(StrEnum):
    REPLACE = "replace"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Amendment:
    """A proposed change to numbered paragraphs of one revision.

    Build one with `Amendment.replace`, `Amendment.insert` or `Amendment.delete`. `ref` is how
    messages name the amendment (its register number, say "A-12"); without it they use its
    position in the list given.
    """

    kind: AmendmentKind
    revision: int
    justification: str
    paragraphs: tuple[int, ...] = ()
    after: int | None = None
    text: str = ""
    ref: str | None = None

    def __post_init__(self) -> None:
        # Paragraph lists are sets in meaning; keeping them sorted makes equal amendments equal.
        object.__setattr__(self, "paragraphs", tuple(sorted(set(self.paragraphs))))
        if self.revision < 1:
            raise InvalidInput(f"an amendment targets a revision (1, 2, …), got {self.revision}")
        if not self.justification.strip():
            raise InvalidInput(
                "justification: an amendment needs a justification (rule: amendments are reasoned)",
                code="justification",
            )
        if any(number < 1 for number in self.paragraphs):
            raise InvalidInput("paragraph numbers start at 1")
        if self.kind is AmendmentKind.INSERT:
            self._check_insert()
        else:
            self._check_replace_or_delete()

    def _check_insert(self) -> None:
        if self.after is None or self.paragraphs:
            raise InvalidInput(
                "an insertion names the paragraph it comes after (0 for the start), "
                "and no paragraphs to change"
            )
        if self.after < 0:
            raise InvalidInput(f"cannot insert after paragraph {self.after}: use 0 for the start")
        if not self.text.strip():
            raise InvalidInput("the text to insert is empty: an insertion needs text")

    def _check_replace_or_delete(self) -> None:
        if self.after is not None:
            raise InvalidInput(f"only an insertion has a place to insert after, not a {self.kind}")
        if not self.paragraphs:
            raise InvalidInput(f"a {self.kind} names the paragraphs it changes")
        if self.kind is AmendmentKind.DELETE:
            if self.text.strip():
                raise InvalidInput("a deletion carries no text; to change text, replace it")
            return
        first, last = self.paragraphs[0], self.paragraphs[-1]
        if list(self.paragraphs) != list(range(first, last + 1)):
            raise InvalidInput(
                f"a replacement covers consecutive paragraphs, but {describe_numbers(self.paragraphs)}"
                " are not consecutive: propose one amendment per run"
            )
        if not self.text.strip():
            raise InvalidInput("the replacement text is empty: to remove paragraphs, propose a deletion")

    @classmethod
    def replace(
        cls,
        revision: int,
        paragraphs: Sequence[int],
        text: str,
        justification: str,
        *,
        ref: str | None = None,
    ) -> Amendment:
        return cls(AmendmentKind.REPLACE, revision, justification, tuple(paragraphs), None, text, ref)

    @classmethod
    def insert(
        cls, revision: int, after: int, text: str, justification: str, *, ref: str | None = None
    ) -> Amendment:
        return cls(AmendmentKind.INSERT, revision, justification, (), after, text, ref)

    @classmethod
    def delete(
        cls, revision: int, paragraphs: Sequence[int], justification: str, *, ref: str | None = None
    ) -> Amendment:
        return cls(AmendmentKind.DELETE, revision, justification, tuple(paragraphs), None, "", ref)

    @property
    def new_paragraphs(self) -> tuple[str, ...]:
        """The paragraphs this amendment puts into the text (none for a deletion)."""
        return paragraph_texts(self.text)

    def describe(self) -> str:
        """`replace paragraphs 2–4`, `insert at the start`, `delete paragraph 5`, …"""
        if self.kind is AmendmentKind.INSERT:
            return "insert at the start" if self.after == 0 else f"insert after paragraph {self.after}"
        return f"{self.kind.value} {describe_numbers(self.paragraphs)}"

    def name(self, position: int | None = None) -> str:
        """How messages refer to this amendment."""
        label = self.ref or (f"#{position}" if position is not None else "")
        return f"amendment {label} ({self.describe()})" if label else f"the amendment ({self.describe()})"


class AmendmentStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


_SETTLING = {
    AmendmentStatus.ACCEPTED: "accepted",
    AmendmentStatus.REJECTED: "rejected",
    AmendmentStatus.WITHDRAWN: "withdrawn",
}


def settle(status: AmendmentStatus, outcome: AmendmentStatus, name: str) -> AmendmentStatus:
    """The status after the chair accepts or rejects, or the proposer withdraws, the amendment
    `name` (how messages call it); an amendment is settled once."""
    if outcome is AmendmentStatus.PROPOSED:
        raise ValueError("an amendment is settled as accepted, rejected or withdrawn")
    if status is not AmendmentStatus.PROPOSED:
        raise Conflict(
            f"{name} is already {status.value}: it cannot be {_SETTLING[outcome]} "
            "(rule: an amendment is settled once — accepted, rejected or withdrawn)"
        )
    return outcome


def validate_amendment(revision: Revision, amendment: Amendment, *, position: int | None = None) -> None:
    """Refuses an amendment that does not fit `revision` (the one it was proposed to)."""
    name = amendment.name(position)
    if amendment.revision != revision.number:
        raise Conflict(
            f"{name} was proposed to revision {amendment.revision}, but the text is at revision "
            f"{revision.number} (rule: an amendment applies to the revision it was proposed to; "
            f"propose it again against revision {revision.number})"
        )
    count = len(revision.paragraphs)
    if amendment.kind is AmendmentKind.INSERT:
        assert amendment.after is not None
        if amendment.after > count:
            raise InvalidInput(
                f"{name}: paragraph {amendment.after} does not exist in revision {revision.number}, "
                f"which has {count} paragraph{'s' if count != 1 else ''} (insert after 0 to insert "
                "at the start)"
            )
        return
    try:
        revision.check_numbers(amendment.paragraphs)
    except InvalidInput as error:
        raise InvalidInput(f"{name}: {error.message}") from None
    if amendment.kind is AmendmentKind.REPLACE:
        current = tuple(revision.paragraphs[n - 1].text for n in amendment.paragraphs)
        if amendment.new_paragraphs == current:
            raise InvalidInput(f"{name} gives the text those paragraphs already have: it changes nothing")
    if amendment.kind is AmendmentKind.DELETE and len(amendment.paragraphs) == count:
        raise InvalidInput(
            f"{name} would delete every paragraph of the text (rule: a text keeps at least one "
            "paragraph; to abandon it, withdraw the draft)"
        )


def apply_amendments(revision: Revision, amendments: Sequence[Amendment]) -> Revision:
    """The next revision: `revision` with every amendment applied against its numbering.

    Refuses (and changes nothing) if any amendment does not fit `revision` or two overlap.
    """
    if not amendments:
        raise InvalidInput("no amendments to apply: a new revision needs at least one")
    for position, amendment in enumerate(amendments, start=1):
        validate_amendment(revision, amendment, position=position)
    _refuse_overlaps(amendments)

    replacing: dict[int, Amendment] = {}
    removed: set[int] = set()
    inserted_after: dict[int, Amendment] = {}
    for amendment in amendments:
        if amendment.kind is AmendmentKind.INSERT:
            assert amendment.after is not None
            inserted_after[amendment.after] = amendment
            continue
        removed.update(amendment.paragraphs)
        if amendment.kind is AmendmentKind.REPLACE:
            replacing[amendment.paragraphs[0]] = amendment

    texts: list[str] = []
    if 0 in inserted_after:
        texts += inserted_after[0].new_paragraphs
    for paragraph in revision.paragraphs:
        number = paragraph.number
        if number in replacing:
            texts += replacing[number].new_paragraphs
        elif number not in removed:
            texts.append(paragraph.text)
        if number in inserted_after:
            texts += inserted_after[number].new_paragraphs
    if not texts:
        raise InvalidInput(
            "these amendments together would delete every paragraph of the text (rule: a text "
            "keeps at least one paragraph; to abandon it, withdraw the draft)"
        )
    numbered = tuple(Paragraph(number, text) for number, text in enumerate(texts, start=1))
    return Revision(revision.number + 1, numbered)


def _refuse_overlaps(amendments: Sequence[Amendment]) -> None:
    named = [(amendment.name(position), amendment) for position, amendment in enumerate(amendments, 1)]
    for (first_name, first), (second_name, second) in combinations(named, 2):
        rule = (
            "(rule: amendments accepted together are read against the same numbering and must "
            "not overlap; accept one, then amend the new revision)"
        )
        if first.kind is AmendmentKind.INSERT and second.kind is AmendmentKind.INSERT:
            if first.after == second.after:
                place = "at the start" if first.after == 0 else f"after paragraph {first.after}"
                raise Conflict(f"{first_name} and {second_name} both insert {place} {rule}")
            continue
        shared = set(first.paragraphs) & set(second.paragraphs)
        if shared:
            raise Conflict(
                f"{first_name} and {second_name} both change {describe_numbers(sorted(shared))} {rule}"
            )
