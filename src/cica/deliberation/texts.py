"""A draft's text as numbered paragraphs, and the readable diff of two revisions.

A paragraph is a run of non-blank lines; blank lines separate paragraphs. Each revision numbers
its own paragraphs 1, 2, 3 … in order, so a number is only meaningful together with the revision
it belongs to: amendments, reservations and positions always name both.

Splitting normalises what carries no meaning in a negotiated text (line-ending style, blank-line
runs, whitespace around lines), so `join_paragraphs(split_paragraphs(t))` is the canonical form of
`t` and splitting the canonical form gives the same paragraphs back.

`language_versions` checks the texts of one revision (one per language, the original among them).

`diff_paragraphs` compares two revisions paragraph by paragraph (unchanged, changed, inserted,
deleted, with the number on each side) and gives each changed paragraph an inline diff. Inline
tokens are words for scripts that separate words with spaces and single characters for Chinese
and Japanese, which do not. `TextDiff.to_dict` is the API's serialisation; templates iterate
`TextDiff.changes` and each change's `inline` spans directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any, Protocol

from cica.core.errors import InvalidInput


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph of one revision."""

    number: int
    text: str

    def __post_init__(self) -> None:
        if self.number < 1:
            raise ValueError(f"paragraph numbers start at 1, got {self.number}")
        if not self.text.strip():
            raise ValueError(f"paragraph {self.number} is empty")


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """The paragraphs of `text`, numbered from 1; an empty or blank text has none."""
    blocks: list[list[str]] = [[]]
    # splitlines() knows every Unicode line boundary, so a text pasted from any editor splits
    # the same way; a line that is only whitespace separates paragraphs.
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            blocks[-1].append(stripped)
        elif blocks[-1]:
            blocks.append([])
    texts = ["\n".join(block) for block in blocks if block]
    return tuple(Paragraph(number, body) for number, body in enumerate(texts, start=1))


def join_paragraphs(paragraphs: Iterable[Paragraph]) -> str:
    """The text of `paragraphs`, one blank line between each (the canonical form)."""
    return "\n\n".join(paragraph.text for paragraph in paragraphs)


def normalise_text(text: str) -> str:
    """The canonical form of `text`: what a revision stores."""
    return join_paragraphs(split_paragraphs(text))


class HasText(Protocol):
    """A paragraph as the rules or a query's result shape hold it."""

    @property
    def text(self) -> str: ...


def form_text(value: str | Iterable[HasText]) -> str:
    """A text as a form's textarea must hold it, so that posting it back unchanged gives the same
    paragraphs: the canonical form (one blank line between paragraphs), after one leading line
    break, because HTML drops a single line break that opens a textarea's content."""
    text = value if isinstance(value, str) else "\n\n".join(paragraph.text for paragraph in value)
    return "\n" + normalise_text(text)


def paragraph_texts(text: str) -> tuple[str, ...]:
    """The texts of the paragraphs of `text`, without numbers (for inserted or replacing text)."""
    return tuple(paragraph.text for paragraph in split_paragraphs(text))


# No text of a body has more paragraphs than this; a larger number is a typing error (or an
# attempt to make the parser build a huge list).
MAX_PARAGRAPHS = 10_000


def parse_numbers(value: str | None, field: str = "paragraphs") -> list[int]:
    """`2`, `2, 4` or `2-4` as paragraph numbers, as people type them in a form or a command."""
    found: list[int] = []
    for part in (value or "").replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        try:
            low, high = int(first), int(last or first)
        except ValueError:
            raise InvalidInput(
                f"{field}: {value!r} is not a list of paragraph numbers such as 2, 4 or 2-4",
                code="paragraphs",
            ) from None
        if not 0 <= low <= high <= MAX_PARAGRAPHS:
            raise InvalidInput(
                f"{field}: {part!r} is not a range of paragraph numbers from 0 to {MAX_PARAGRAPHS}, low to high",
                code="paragraphs",
            )
        found += range(low, high + 1)
        if len(found) > MAX_PARAGRAPHS:
            raise InvalidInput(f"{field}: more than {MAX_PARAGRAPHS} paragraph numbers")
    return found


def describe_numbers(numbers: Sequence[int]) -> str:
    """`paragraph 3`, `paragraphs 2–4` (a consecutive run) or `paragraphs 2, 5 and 7`."""
    ordered = sorted(set(numbers))
    if len(ordered) == 1:
        return f"paragraph {ordered[0]}"
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"paragraphs {ordered[0]}–{ordered[-1]}"
    return "paragraphs " + ", ".join(str(n) for n in ordered[:-1]) + f" and {ordered[-1]}"


@dataclass(frozen=True)
class Revision:
    """One immutable, numbered revision of a text in one language."""

    number: int
    paragraphs: tuple[Paragraph, ...]

    def __post_init__(self) -> None:
        if self.number < 1:
            raise ValueError(f"revision numbers start at 1, got {self.number}")
        numbers = [paragraph.number for paragraph in self.paragraphs]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"revision {self.number}: paragraphs must be numbered 1, 2, 3 …")

    @classmethod
    def of(cls, number: int, text: str) -> Revision:
        """Revision `number` of `text`; a revision needs at least one paragraph."""
        paragraphs = split_paragraphs(text)
        if not paragraphs:
            raise InvalidInput(f"revision {number} has no text: a revision needs at least one paragraph")
        return cls(number, paragraphs)

    @property
    def text(self) -> str:
        return join_paragraphs(self.paragraphs)

    def paragraph(self, number: int) -> Paragraph:
        """Paragraph `number`, or an error naming the paragraph and the revision."""
        self.check_numbers([number])
        return self.paragraphs[number - 1]

    def check_numbers(self, numbers: Iterable[int]) -> None:
        """Refuses any paragraph number this revision does not have."""
        for number in numbers:
            if not 1 <= number <= len(self.paragraphs):
                raise InvalidInput(
                    f"paragraph {number} does not exist in revision {self.number}, which has "
                    f"{len(self.paragraphs)} paragraph{'s' if len(self.paragraphs) != 1 else ''}"
                )


# --- Language versions of a revision ----------------------------------------------------------

# A BCP 47 tag as the charter uses them: language, optional script, optional region.
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$")
MAX_TITLE = 500


@dataclass(frozen=True)
class LanguageVersion:
    """A revision's title and body in one language."""

    lang: str
    title: str
    body: str


def language_versions(
    versions: Iterable[LanguageVersion], original: str, *, number: int
) -> tuple[LanguageVersion, ...]:
    """The texts of revision `number`, checked and in canonical form, the original first.

    A revision has its text in the original language, at most one text per language, a title
    and at least one paragraph in each; bodies are stored normalised (`normalise_text`).
    """
    checked: dict[str, LanguageVersion] = {}
    for version in versions:
        lang = version.lang.strip()
        if not _LANGUAGE_TAG.match(lang):
            raise InvalidInput(f"{version.lang!r} is not a language tag such as 'en', 'ru' or 'zh-Hans'")
        if lang in checked:
            raise InvalidInput(f"revision {number} has two texts in {lang}: one text per language")
        title = " ".join(version.title.split())
        if not title:
            raise InvalidInput(f"the {lang} text of revision {number} needs a title")
        if len(title) > MAX_TITLE:
            raise InvalidInput(f"the {lang} title of revision {number} is longer than {MAX_TITLE} characters")
        try:
            body = Revision.of(number, version.body).text
        except InvalidInput:
            raise InvalidInput(
                f"the {lang} text of revision {number} has no paragraphs: a revision needs at least one"
            ) from None
        checked[lang] = LanguageVersion(lang, title, body)
    if original not in checked:
        present = ", ".join(sorted(checked)) or "none"
        raise InvalidInput(
            f"revision {number} has no text in {original}, the draft's original language (texts given: "
            f"{present}) (rule: every revision has its original text)"
        )
    rest = [checked[lang] for lang in sorted(checked) if lang != original]
    return (checked[original], *rest)


# --- Inline (word-level) diff -----------------------------------------------------------------

# Han ideographs, kana and CJK punctuation: Chinese and Japanese do not put spaces between words,
# so each of these characters is a token of its own. Korean does separate words with spaces, so
# Hangul is tokenised as words. Thai and other unspaced scripts come out as whole runs, which is
# coarse but still correct: the spans always rebuild both texts.
_CJK = (
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff00-\uffef"  # half- and full-width forms (full-width punctuation)
    "\U00020000-\U0003134f"  # CJK extensions B–G
)
_TOKEN = re.compile(rf"[{_CJK}]|\s+|[^\W{_CJK}]+|[^\w\s{_CJK}]")


def tokenize(text: str) -> list[str]:
    """Words, runs of whitespace and single punctuation marks; CJK text by character.

    Whitespace is kept as tokens so that the tokens always join back to `text` exactly.
    """
    return _TOKEN.findall(text)


class SpanKind(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Span:
    """A run of text that both sides share, or that only the new or only the old side has."""

    kind: SpanKind
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "text": self.text}


def inline_diff(old: str, new: str) -> tuple[Span, ...]:
    """Spans such that the equal and deleted ones rebuild `old`, the equal and inserted ones `new`.

    Within a replaced run the deletion comes before the insertion, as readers expect.
    """
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    # autojunk would treat frequent tokens (spaces, 的, "the") as noise in long paragraphs and
    # produce unreadable diffs; paragraphs are short enough to match exactly.
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _add_span(spans, SpanKind.EQUAL, "".join(old_tokens[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _add_span(spans, SpanKind.DELETE, "".join(old_tokens[i1:i2]))
        if tag in ("insert", "replace"):
            _add_span(spans, SpanKind.INSERT, "".join(new_tokens[j1:j2]))
    return tuple(spans)


def _add_span(spans: list[Span], kind: SpanKind, text: str) -> None:
    if not text:
        return
    if spans and spans[-1].kind is kind:
        spans[-1] = Span(kind, spans[-1].text + text)
    else:
        spans.append(Span(kind, text))


# --- Paragraph-level diff ---------------------------------------------------------------------


class ChangeKind(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    INSERTED = "inserted"
    DELETED = "deleted"


@dataclass(frozen=True)
class ParagraphChange:
    """One row of a diff: a paragraph and its number on the side(s) where it exists."""

    kind: ChangeKind
    old_number: int | None
    new_number: int | None
    old_text: str | None
    new_text: str | None
    inline: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "old_number": self.old_number,
            "new_number": self.new_number,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "inline": [span.to_dict() for span in self.inline],
        }


@dataclass(frozen=True)
class TextDiff:
    """The paragraph-level comparison of two revisions, in reading order."""

    changes: tuple[ParagraphChange, ...]

    @property
    def differences(self) -> tuple[ParagraphChange, ...]:
        """The rows that are not unchanged."""
        return tuple(c for c in self.changes if c.kind is not ChangeKind.UNCHANGED)

    @property
    def identical(self) -> bool:
        return not self.differences

    def counts(self) -> dict[str, int]:
        """How many paragraphs of each kind: a one-line summary for lists and the API."""
        return {kind.value: sum(1 for c in self.changes if c.kind is kind) for kind in ChangeKind}

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "changes": [change.to_dict() for change in self.changes],
        }


# Two paragraphs in a block of rewritten text are shown as one changed paragraph only if they are
# at least this similar (difflib ratio over words); otherwise as a deletion and an insertion, so a
# paragraph inserted next to an amended one is not shown as a rewrite of it.
PAIRING_THRESHOLD = 0.5
# Beyond this many comparisons a rewritten block is paired by position: a wholesale rewrite is not
# worth a quadratic number of word-level comparisons.
_MAX_PAIRING_WORK = 2_500


def diff_paragraphs(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> TextDiff:
    """Compares two revisions' paragraphs; paragraphs are matched on their exact text."""
    old_texts = [p.text for p in old]
    new_texts = [p.text for p in new]
    matcher = SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    rows: list[ParagraphChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [
                ParagraphChange(ChangeKind.UNCHANGED, i + 1, j + 1, old_texts[i], new_texts[j])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        for i, j in _pair(old_texts[i1:i2], new_texts[j1:j2]):
            rows.append(
                _row(
                    i1 + i if i is not None else None, j1 + j if j is not None else None, old_texts, new_texts
                )
            )
    return TextDiff(tuple(rows))


def diff_texts(old: str, new: str) -> TextDiff:
    """`diff_paragraphs` of two texts given whole."""
    return diff_paragraphs(split_paragraphs(old), split_paragraphs(new))


def _row(i: int | None, j: int | None, old: list[str], new: list[str]) -> ParagraphChange:
    if i is not None and j is not None:
        return ParagraphChange(ChangeKind.CHANGED, i + 1, j + 1, old[i], new[j], inline_diff(old[i], new[j]))
    if i is not None:
        return ParagraphChange(ChangeKind.DELETED, i + 1, None, old[i], None)
    assert j is not None
    return ParagraphChange(ChangeKind.INSERTED, None, j + 1, None, new[j])


def _pair(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Aligns a block of old paragraphs with the new ones that replace it, keeping both orders.

    A one-for-one replacement is always a change. Otherwise the alignment maximises the total
    similarity of the pairs it makes, and pairs only similar paragraphs (PAIRING_THRESHOLD).
    """
    m, n = len(old), len(new)
    if m == 1 and n == 1:
        return [(0, 0)]
    if m * n > _MAX_PAIRING_WORK:
        return [(i if i < m else None, i if i < n else None) for i in range(max(m, n))]
    old_tokens = [tokenize(text) for text in old]
    new_tokens = [tokenize(text) for text in new]
    similarity = [[_similarity(a, b) for b in new_tokens] for a in old_tokens]
    # best[i][j]: the best total similarity aligning old[i:] with new[j:].
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            if similarity[i][j] >= PAIRING_THRESHOLD:
                options.append(similarity[i][j] + best[i + 1][j + 1])
            best[i][j] = max(options)
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < m or j < n:
        if i == m:
            pairs.append((None, j))
            j += 1
        elif j == n:
            pairs.append((i, None))
            i += 1
        elif similarity[i][j] >= PAIRING_THRESHOLD and best[i][j] == similarity[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i += 1
            j += 1
        elif best[i][j] == best[i + 1][j]:
            # Deletions before insertions: the reader sees what went, then what came.
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    return pairs


def _similarity(a: list[str], b: list[str]) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < PAIRING_THRESHOLD or matcher.quick_ratio() < PAIRING_THRESHOLD:
        return 0.0
    return matcher.ratio()
