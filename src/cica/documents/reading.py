"""The text of a file given to import: UTF-8 text and Markdown, Word (`.docx`, python-docx) and
PDF with a text layer (pypdf). Every failure is an `InvalidInput` naming the file, which the CLI
prints as one line and the upload form shows beside its field."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cica.core.errors import InvalidInput
from cica.core.inputs import refused_character
from cica.documents import rules
from cica.documents.rules import NewVersion

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ""})
SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, refused if it cannot be read or is larger than `limit`."""
    try:
        with path.open("rb") as source:
            data = source.read(limit + 1)  # never more: /dev/zero has no end
    except OSError as error:
        raise InvalidInput(f"{path}: cannot read it: {error.strerror or error}", field="file") from None
    if len(data) > limit:
        raise InvalidInput(f"{path}: larger than {limit} bytes (setting CICA_MAX_FILE_BYTES)", field="file")
    return data


def text_of(name: str, data: bytes) -> str:
    """The text a file holds, by its name's suffix; paragraphs separated by blank lines."""
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise InvalidInput(f"{name}: the file is empty", field="file")
    if suffix == ".docx":
        text = _docx(name, data)
    elif suffix == ".pdf":
        text = _pdf(name, data)
    elif suffix in TEXT_SUFFIXES:
        text = _utf8(name, data)
    else:
        raise InvalidInput(
            f"{name}: cannot read {suffix} files (text and Markdown in UTF-8, .docx, PDF with a text layer)",
            field="file",
        )
    if not text.strip():
        raise InvalidInput(f"{name}: the file holds no text", field="file")
    character = refused_character(text, multiline=True)
    if character is not None:
        raise InvalidInput(
            f"{name}: not text: it holds the control character U+{ord(character):04X}", field="file"
        )
    return text


def _utf8(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{name}: not UTF-8 text (unknown encoding: byte {error.start} is not UTF-8); save it as UTF-8",
            field="file",
        ) from None


def _docx(name: str, data: bytes) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise InvalidInput(f"{name}: not a Word document (.docx): {error}", field="file") from None
    except Exception as error:  # a damaged zip raises zipfile's own errors
        raise InvalidInput(f"{name}: not a Word document (.docx): {error}", field="file") from None
    return "\n\n".join(paragraph.text for paragraph in document.paragraphs if paragraph.text.strip())


def _pdf(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, OSError) as error:
        raise InvalidInput(f"{name}: not a PDF that can be read: {error}", field="file") from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise InvalidInput(
            f"{name}: the PDF has no text layer (a scan?): run it through OCR first", field="file"
        )
    return text


AUTO = "auto"


def versions_in(name: str, data: bytes, lang: str, known: Sequence[str]) -> list[NewVersion]:
    """The language versions a file holds: one in `lang`, or with `auto` one per language found
    paragraph by paragraph (a file with French then Chinese gives a `fr` and a `zh` version)."""
    from cica.documents.detect import detect_paragraphs

    paragraphs = rules.check_paragraphs(rules.split_paragraphs(text_of(name, data)), source=name)
    if lang.strip().lower() != AUTO:
        return [NewVersion(rules.check_language(lang), paragraphs, name)]
    grouped = rules.versions_by_language(paragraphs, detect_paragraphs(paragraphs, known))
    if any(tag is None for tag, _ in grouped):
        raise InvalidInput(f"{name}: cannot tell the language of its text: give it with --lang", field="lang")
    return [NewVersion(tag or "", found, name) for tag, found in grouped]


def charter_languages(charter: Mapping[str, Any]) -> list[str]:
    """The languages the charter names (official and working), which detection always considers."""
    languages = charter.get("organisation", {}).get("languages", {})
    return list(dict.fromkeys([*languages.get("official", []), *languages.get("working", [])]))
