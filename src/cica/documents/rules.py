"""Documents and their language versions, pure: tags, symbols, kinds and statuses, paragraphs and
sentences in Latin, Cyrillic and CJK scripts, and Gale–Church paragraph alignment.

Values in, values out; domain errors raised. Nothing here reads a file or a database.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from cica.core.errors import Conflict, InvalidInput

MAX_PARAGRAPHS = 5000
MAX_TITLE = 300


# The kind every body has, whatever its charter lists: a document of no particular kind.
GENERIC_KIND = "document"


def check_kind(value: str, known: Sequence[str]) -> str:
    """A kind from the charter's `document_kinds`, or the generic `document`."""
    cleaned = value.strip().lower()
    if cleaned != GENERIC_KIND and cleaned not in known:
        listed = ", ".join((GENERIC_KIND, *known))
        raise InvalidInput(
            f"kind: {value!r} is not a kind of document of the charter ({listed})", field="kind"
        )
    return cleaned


def kind_code(kind: str) -> str:
    """A kind's part of a symbol: `DOC` for the generic kind, the initials of a kind of several
    words (`plan_of_action` → `POA`), else the word (`statement` → `STATEMENT`)."""
    if kind == GENERIC_KIND:
        return "DOC"
    words = [word for word in kind.split("_") if word]
    return "".join(word[0] for word in words).upper() if len(words) > 1 else kind.upper()


class VersionStatus(StrEnum):
    """A language version's standing: the text negotiated or written first, a translation the
    Secretariat certified, or one nobody has certified yet."""

    ORIGINAL = "original"
    OFFICIAL_TRANSLATION = "official_translation"
    UNOFFICIAL_TRANSLATION = "unofficial_translation"


class AlignmentLevel(StrEnum):
    """The level an alignment is stored at: paragraphs (sentences are aligned from them on reading)."""

    PARAGRAPH = "paragraph"


class AlignmentUnit(StrEnum):
    """The units an alignment is read in: paragraphs, or sentences inside aligned paragraphs."""

    PARAGRAPH = "paragraph"
    SENTENCE = "sentence"


# RFC 5646 (BCP 47) language tags, well-formed: language (2–3 letters, extlangs, or 4–8), script,
# region, variants, extensions and private use; grandfathered tags are not taken.
_BCP47 = re.compile(
    r"^(?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"
    r"(?:-(?P<script>[a-z]{4}))?"
    r"(?:-(?P<region>[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?$",
    re.IGNORECASE,
)


def check_language(tag: str) -> str:
    """A BCP 47 tag in its canonical case (`zh-Hans-CN`, `fr`, `sr-Latn`), or a refusal."""
    cleaned = tag.strip().replace("_", "-")
    found = _BCP47.match(cleaned)
    if found is None or len(cleaned) > 35:
        raise InvalidInput(
            f"lang: {tag!r} is not a BCP 47 language tag such as 'fr', 'zh-Hans' or 'ru-RU'", field="lang"
        )
    parts = cleaned.split("-")
    canonical: list[str] = []
    for index, part in enumerate(parts):
        if (
            index
            and len(part) == 4
            and part.isalpha()
            and found["script"]
            and part.lower() == found["script"].lower()
        ):
            canonical.append(part.title())
        elif index and found["region"] and part.lower() == found["region"].lower() and len(part) in (2, 3):
            canonical.append(part.upper())
        else:
            canonical.append(part.lower())
    return "-".join(canonical)


def primary_language(tag: str) -> str:
    """The language subtag: `zh` of `zh-Hans-CN`."""
    return tag.split("-", 1)[0].lower()


_SYMBOL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/._()\-]{0,99}$")


def check_symbol(value: str) -> str:
    cleaned = value.strip()
    if not _SYMBOL.match(cleaned) or "//" in cleaned or cleaned.endswith("/"):
        raise InvalidInput(
            f"symbol: {value!r} is not a document symbol (letters, digits and / . _ - ( ), such as "
            "CICA/SUMMIT/2022/1)",
            field="symbol",
        )
    if cleaned.isdigit():
        raise InvalidInput(f"symbol: {value!r} is a number, which names a document by its id", field="symbol")
    return cleaned


class _Number:
    """Stands for the number while the rest of a pattern is formatted."""

    MARK = "\x00"

    def __format__(self, spec: str) -> str:
        return self.MARK


def symbol_prefix(pattern: str, *, org: str, organ: str, kind: str, year: int) -> str:
    """The symbol the charter's pattern gives a document, up to its number: the pattern's
    decision code (`DEC`) is the kind's code (`CICA/SOC/STATEMENT/2024/` for a statement of the SOC).
    The number must come last: a document's number runs within its prefix."""
    try:
        formatted = pattern.format(org=org, organ=organ, year=year, number=_Number())
    except (KeyError, ValueError, IndexError) as error:
        raise InvalidInput(
            f"the symbol pattern {pattern!r} is malformed: {error} (charter: decision_rule.symbol_pattern)"
        ) from None
    if not formatted.endswith(_Number.MARK) or formatted.count(_Number.MARK) != 1:
        raise InvalidInput(
            f"the symbol pattern {pattern!r} must end in {{number}} (charter: decision_rule.symbol_pattern)"
        )
    code = kind_code(kind)
    return "/".join(code if segment == "DEC" else segment for segment in formatted[:-1].split("/"))


# ---------------------------------------------------------------------------------------------
# Paragraphs and sentences


def normalise_text(text: str) -> str:
    """Line ends as `\\n`, no byte-order mark, no trailing blank lines."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_BLANK_LINES = re.compile(r"\n[ \t\u3000]*\n(?:[ \t\u3000]*\n)*")


def split_paragraphs(text: str) -> tuple[str, ...]:
    """The paragraphs of a text, separated by blank lines, each kept exactly as written (its
    lines and their spaces), in order; blank runs at either end are dropped."""
    normalised = normalise_text(text)
    found = tuple(block.strip("\n") for block in _BLANK_LINES.split(normalised))
    return tuple(block for block in found if block.strip())


def check_paragraphs(paragraphs: Sequence[str], *, source: str) -> tuple[str, ...]:
    if not paragraphs:
        raise InvalidInput(f"{source}: the file is empty (no paragraph of text)", field="file")
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise InvalidInput(f"{source}: more than {MAX_PARAGRAPHS} paragraphs", field="file")
    return tuple(paragraphs)


def title_of(paragraphs: Sequence[str]) -> str:
    """A version's title: its first paragraph's first line (a Markdown heading without its `#`)."""
    first = paragraphs[0].split("\n", 1)[0].strip().lstrip("#").strip() if paragraphs else ""
    return first[:MAX_TITLE]


def is_cjk(char: str) -> bool:
    """Han, kana, hangul and the CJK punctuation block."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


_CJK_ENDS = frozenset("。！？；")
_HALF_ENDS = frozenset("!?;")
_LATIN_ENDS = frozenset(".!?…")
_CLOSERS = frozenset("\"'”’»」』）)]》〉")
# Abbreviations whose full stop does not end a sentence (compared without the stop, folded).
ABBREVIATIONS = frozenset(
    {
        "m", "mm", "mme", "mmes", "mlle", "dr", "mr", "mrs", "ms", "st", "no", "nos", "art", "arts",
        "p", "pp", "cf", "vol", "etc", "ibid", "e.g", "i.e", "vs", "jr", "sr", "prof", "gen",
        "onu", "oms", "otan", "ocs", "un", "u.n", "u.s", "ue", "eu", "s.e", "s.m",
        "г", "гг", "т", "т.е", "т.д", "т.п", "см", "ст", "п", "пп", "г-н", "г-жа", "им", "оон",
        "h.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "janv", "févr", "avr", "juil", "déc", "янв", "февр", "апр", "авг", "сент", "окт",
        "нояб", "дек",
    }
)  # fmt: skip


def _word_before(text: str, index: int) -> str:
    start = index
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(«“\"'":
        start -= 1
    return text[start:index]


def _ends_latin(text: str, index: int) -> bool:
    """Whether the stop at `index` (after any closers) ends a sentence of alphabetic text."""
    char = text[index]
    if char != ".":
        return True
    word = _word_before(text, index)
    if word and word[-1].isdigit() and index + 1 < len(text) and text[index + 1].isdigit():
        return False  # 3.5
    if word.replace(".", "").isdigit() and not text[: index - len(word)].strip():
        return False  # the number of a point: "1. We hereby…", "1.1. Member States…"
    folded = word.lower().strip(".")
    # M., ONU., г.: a listed abbreviation or a single capital (an initial).
    return not (folded in ABBREVIATIONS or (len(word) == 1 and word.isalpha() and word.isupper()))


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """The sentences of a paragraph, for Latin, Cyrillic and CJK scripts. Joined, they give the
    paragraph back exactly (the spaces after a sentence belong to it); none is empty.

    Chinese sentences end in 。！？； and in their half-width forms after a CJK character (the
    sample's normalised text uses them); alphabetic ones in . ! ? … before a space and a capital,
    a digit or an opening quote — not after a number's point (3.5) nor an abbreviation (M.,
    ONU., т.е.).
    """
    sentences: list[str] = []
    start = 0
    index = 0
    length = len(paragraph)
    while index < length:
        char = paragraph[index]
        before = paragraph[index - 1] if index else ""
        cjk_end = char in _CJK_ENDS or (char in _HALF_ENDS | {"."} and before != "" and is_cjk(before))
        latin_end = char in _LATIN_ENDS and not cjk_end
        if not (cjk_end or latin_end):
            index += 1
            continue
        end = index + 1
        while end < length and (paragraph[end] in _CLOSERS or paragraph[end] in _LATIN_ENDS | _CJK_ENDS):
            end += 1
        if latin_end:
            if end < length and not paragraph[end].isspace():
                index = end
                continue
            rest = paragraph[end:].lstrip()
            if (rest and not _starts_sentence(rest[0])) or not _ends_latin(paragraph, index):
                index = end
                continue
        while end < length and paragraph[end].isspace():
            end += 1
        if end < length:
            sentences.append(paragraph[start:end])
            start = end
        index = end
    if start < length:
        sentences.append(paragraph[start:])
    return tuple(sentences)


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in "«“\"'(¿¡—–-" or is_cjk(char)


# ---------------------------------------------------------------------------------------------
# Alignment (Gale & Church 1993, on lengths normalised per script)

# How many alphabetic characters one CJK character stands for, so that lengths compare across
# scripts before the ratio of the two texts is estimated from their totals.
CJK_WEIGHT = 3.0


def normalised_length(text: str) -> float:
    """A paragraph's length comparable across scripts: letters and digits count 1, a CJK
    character `CJK_WEIGHT`; spaces and punctuation do not count."""
    total = 0.0
    for char in text:
        if is_cjk(char):
            total += CJK_WEIGHT if unicodedata.category(char).startswith("L") else 0.0
        elif char.isalnum():
            total += 1.0
    return total


@dataclass(frozen=True)
class Bead:
    """One row of an alignment: the 0-based paragraph numbers of each side (either may be empty,
    never both)."""

    source: tuple[int, ...]
    target: tuple[int, ...]


# Gale & Church's prior probabilities of each kind of bead, and the variance of the length
# difference per character (s² = 6.8).
_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
_VARIANCE = 6.8

# Paragraphs are not sentences: a translation keeps its original's paragraphs, so merging two is
# rarer than a paragraph present in one version only (a heading, a date line, a translator's
# note); Gale & Church's priors, measured on sentences, would rather merge a short heading into
# its neighbour than leave it unmatched.
PARAGRAPH_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.93,
    (1, 0): 0.03,
    (0, 1): 0.03,
    (2, 1): 0.0045,
    (1, 2): 0.0045,
    (2, 2): 0.001,
}
SENTENCE_PRIORS = _PRIORS


def _normal_tail(z: float) -> float:
    """Two-sided tail of the standard normal: P(|Z| ≥ |z|)."""
    return math.erfc(abs(z) / math.sqrt(2))


def _cost(
    source: float, target: float, ratio: float, shape: tuple[int, int], priors: dict[tuple[int, int], float]
) -> float:
    prior = -math.log(priors[shape])
    if source == 0 and target == 0:
        return prior
    mean = (source + target / ratio) / 2
    z = (ratio * source - target) / math.sqrt(max(mean, 1.0) * _VARIANCE)
    return prior - math.log(max(_normal_tail(z), 1e-300))


def align_lengths(
    source: Sequence[float],
    target: Sequence[float],
    priors: dict[tuple[int, int], float] = SENTENCE_PRIORS,
    *,
    alone: tuple[Sequence[bool], Sequence[bool]] | None = None,
) -> tuple[Bead, ...]:
    """The most probable monotone alignment of two sequences of unit lengths, in beads of
    1:1, 1:0, 0:1, 2:1, 1:2 and 2:2 (dynamic programming over Gale–Church costs with the given
    priors of each kind of bead); the ratio of the two texts' lengths is their totals' ratio. A
    unit `alone` marks (a heading) is never merged with a unit it does not mark. Every unit is
    in exactly one bead."""
    total_source, total_target = sum(source), sum(target)
    ratio = total_target / total_source if total_source > 0 and total_target > 0 else 1.0
    marks = alone or ([False] * len(source), [False] * len(target))
    return _align_with_ratio(source, target, priors, ratio, marks)


def _mixed(marks: Sequence[bool], start: int, end: int) -> bool:
    """Whether units start…end-1 (two or more) mix marked and unmarked ones."""
    return end - start > 1 and len(set(marks[start:end])) > 1


def _align_with_ratio(
    source: Sequence[float],
    target: Sequence[float],
    priors: dict[tuple[int, int], float],
    ratio: float,
    marks: tuple[Sequence[bool], Sequence[bool]],
) -> tuple[Bead, ...]:
    if not (ratio > 0 and math.isfinite(ratio)):  # lengths so unequal that the ratio under/overflows
        ratio = 1.0
    rows, columns = len(source), len(target)
    infinity = float("inf")
    best = [[infinity] * (columns + 1) for _ in range(rows + 1)]
    step: list[list[tuple[int, int]]] = [[(0, 0)] * (columns + 1) for _ in range(rows + 1)]
    best[0][0] = 0.0
    for i in range(rows + 1):
        for j in range(columns + 1):
            if i == 0 and j == 0:
                continue
            for di, dj in priors:
                if di > i or dj > j or best[i - di][j - dj] == infinity:
                    continue
                if _mixed(marks[0], i - di, i) or _mixed(marks[1], j - dj, j):
                    continue
                cost = best[i - di][j - dj] + _cost(
                    sum(source[i - di : i]), sum(target[j - dj : j]), ratio, (di, dj), priors
                )
                if cost < best[i][j]:
                    best[i][j], step[i][j] = cost, (di, dj)
    beads: list[Bead] = []
    i, j = rows, columns
    while i or j:
        di, dj = step[i][j]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return tuple(reversed(beads))


_HEADING_ENDS = frozenset(".!?…;:,。！？；：，")
MAX_HEADING = 200


def is_heading(paragraph: str) -> bool:
    """A heading, a date line or a byline: one short line that does not end as a sentence or a
    clause does (no final . ! ? ; : , in any script)."""
    text = paragraph.strip()
    return bool(text) and "\n" not in text and len(text) <= MAX_HEADING and text[-1] not in _HEADING_ENDS


def align_paragraphs(source: Sequence[str], target: Sequence[str]) -> tuple[Bead, ...]:
    """The paragraph alignment of two texts: Gale–Church on normalised lengths with paragraph
    priors; a heading is paired with one paragraph or none, never merged with body text."""
    return align_lengths(
        [normalised_length(p) for p in source],
        [normalised_length(p) for p in target],
        PARAGRAPH_PRIORS,
        alone=([is_heading(p) for p in source], [is_heading(p) for p in target]),
    )


def align_sentence_texts(source: Sequence[str], target: Sequence[str]) -> tuple[Bead, ...]:
    """The sentence alignment of two groups of sentences (Gale–Church, sentence priors)."""
    return align_lengths([normalised_length(t) for t in source], [normalised_length(t) for t in target])


def sentence_partners(
    pivot: Sequence[str], other: Sequence[str]
) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """The sentences of two aligned paragraph groups matched by the same Gale–Church alignment,
    as what a reader hovering one is shown: for each sentence of each side, the 0-based numbers
    of the pivot's sentences it goes with (itself, for the pivot's own; none for an unmatched
    sentence of the other side)."""
    found: list[tuple[int, ...]] = [()] * len(other)
    for bead in align_sentence_texts(pivot, other):
        for j in bead.target:
            found[j] = bead.source
    return tuple((i,) for i in range(len(pivot))), tuple(found)


def align_sentences(
    source: Sequence[str], target: Sequence[str], paragraphs: Sequence[Bead]
) -> tuple[Bead, ...]:
    """The sentence alignment of two texts (their paragraphs) inside their paragraph alignment:
    the sentences of each paragraph bead are aligned by the same Gale–Church alignment, and
    those of an unmatched paragraph are unmatched. Numbers are 0-based over each whole text, its
    sentences counted in paragraph order (as `split_sentences` cuts them)."""
    sentences_of = [[split_sentences(p) for p in text] for text in (source, target)]
    starts: list[list[int]] = []
    for side in sentences_of:
        found, total = [], 0
        for sentences in side:
            found.append(total)
            total += len(sentences)
        starts.append(found)

    def numbered(side: int, paragraphs_in: Sequence[int]) -> tuple[list[int], list[str]]:
        numbers: list[int] = []
        texts: list[str] = []
        for paragraph in paragraphs_in:
            sentences = sentences_of[side][paragraph]
            numbers.extend(range(starts[side][paragraph], starts[side][paragraph] + len(sentences)))
            texts.extend(sentences)
        return numbers, texts

    beads: list[Bead] = []
    for bead in paragraphs:
        left, left_texts = numbered(0, bead.source)
        right, right_texts = numbered(1, bead.target)
        if not left or not right:
            beads.extend(Bead((i,), ()) for i in left)
            beads.extend(Bead((), (j,)) for j in right)
            continue
        for inner in align_sentence_texts(left_texts, right_texts):
            beads.append(Bead(tuple(left[i] for i in inner.source), tuple(right[j] for j in inner.target)))
    return tuple(beads)


def _side(numbers: Sequence[int]) -> str:
    return ",".join(str(number + 1) for number in numbers) if numbers else "-"


def alignment_tsv(beads: Sequence[Bead]) -> str:
    """One line per bead, `i<TAB>j` with 1-based numbers, `i,i+1<TAB>j` for a 2:1 merge, `-` for
    a side with nothing (the gold files' format, so a plain diff compares them)."""
    return "".join(f"{_side(bead.source)}\t{_side(bead.target)}\n" for bead in beads)


def _numbers(field: str, line: str) -> tuple[int, ...]:
    if field.strip() == "-":
        return ()
    try:
        numbers = tuple(int(part) - 1 for part in field.split(","))
    except ValueError:
        raise InvalidInput(f"alignment: {line!r} is not i<TAB>j (1-based numbers, - for none)") from None
    if any(number < 0 for number in numbers):
        raise InvalidInput(f"alignment: {line!r} has a number below 1")
    return numbers


def parse_alignment_tsv(text: str) -> tuple[Bead, ...]:
    """The beads of an alignment in the tsv format `alignment_tsv` writes (a gold file)."""
    beads: list[Bead] = []
    for line in normalise_text(text).split("\n"):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise InvalidInput(f"alignment: {line!r} is not i<TAB>j (1-based numbers, - for none)")
        source, target = _numbers(fields[0], line), _numbers(fields[1], line)
        if not source and not target:
            raise InvalidInput(f"alignment: {line!r} has nothing on either side")
        beads.append(Bead(source, target))
    return tuple(beads)


def beads_from_lists(stored: Sequence[Sequence[Sequence[int]]]) -> tuple[Bead, ...]:
    return tuple(Bead(tuple(source), tuple(target)) for source, target in stored)


def beads_as_lists(beads: Sequence[Bead]) -> list[list[list[int]]]:
    return [[list(bead.source), list(bead.target)] for bead in beads]


# ---------------------------------------------------------------------------------------------
# Versions of a document


@dataclass(frozen=True)
class NewVersion:
    """A language version to add: its tag, its paragraphs and the file it came from."""

    lang: str
    paragraphs: tuple[str, ...]
    source: str = ""


def versions_by_language(
    paragraphs: Sequence[str], languages: Sequence[str | None]
) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
    """A file's paragraphs grouped into one version per language, in the order the languages
    first appear; a paragraph whose language was not recognised stays with the one before it."""
    grouped: dict[str | None, list[str]] = {}
    current: str | None = None
    for paragraph, language in zip(paragraphs, languages, strict=True):
        if language is not None:
            current = language
        grouped.setdefault(current, []).append(paragraph)
    if None in grouped and len(grouped) > 1:
        # Paragraphs before any recognised one belong to the first language found.
        leading = grouped.pop(None)
        first = next(iter(grouped))
        grouped[first] = leading + grouped[first]
    return tuple((language, tuple(found)) for language, found in grouped.items())


def check_new_language(existing: Sequence[str], tag: str, *, source: str) -> None:
    if tag in existing:
        raise Conflict(
            f"{source}: the document already has a {tag} version (rule: one current version per "
            "language; a correction is a new version of it)",
            field="lang",
        )


def check_certifiable(certified: bool, *, symbol: str, tag: str) -> None:
    if certified:
        raise Conflict(
            f"the {tag} version of {symbol} is already certified (rule: a version is certified once; "
            "a correction is a new version)"
        )


def status_on_certifying(status: VersionStatus) -> VersionStatus:
    """A certified translation is an official one; an original stays the original."""
    return VersionStatus.ORIGINAL if status is VersionStatus.ORIGINAL else VersionStatus.OFFICIAL_TRANSLATION
