"""Reading and writing the files commands are given, in one place: a read is bounded (setting
`max_file_bytes`) and must be UTF-8 text; every failure (a missing directory, a full disk, a
binary file, /dev/zero) is an `InvalidInput` naming the option and the file, which the CLI prints
as one line with exit code 2."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cica.core.errors import InvalidInput
from cica.core.inputs import refused_character
from cica.core.settings import Settings


def read_text_file(path: Path, *, what: str = "--file", limit: int | None = None) -> str:
    """The whole text of `path`, refused if larger than `limit` bytes, not UTF-8, or not text."""
    limit = Settings.from_env().max_file_bytes if limit is None else limit
    try:
        with path.open("rb") as source:
            data = source.read(limit + 1)  # never more: /dev/zero has no end
    except OSError as error:
        raise InvalidInput(f"{what}: cannot read {path}: {error.strerror or error}") from None
    if len(data) > limit:
        raise InvalidInput(f"{what}: {path} is larger than {limit} bytes (setting CICA_MAX_FILE_BYTES)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"{what}: {path} is not UTF-8 text (at byte {error.start})") from None
    character = refused_character(text, multiline=True)
    if character is not None:
        raise InvalidInput(
            f"{what}: {path} is not text: it holds the control character U+{ord(character):04X}"
        )
    return text


def write_text_file(path: Path, chunks: Iterable[str], *, what: str = "--output") -> None:
    """Writes `chunks` to `path` as UTF-8 (streamed); a failure names the file and the reason."""
    try:
        with path.open("w", encoding="utf-8", newline="") as target:
            for chunk in chunks:
                target.write(chunk)
    except OSError as error:
        raise InvalidInput(f"{what}: cannot write {path}: {error.strerror or error}") from None


def write_binary_file(path: Path, data: bytes, *, what: str = "--output") -> None:
    """Writes `data` to `path` (a PDF, a picture); a failure names the file and the reason."""
    try:
        path.write_bytes(data)
    except OSError as error:
        raise InvalidInput(f"{what}: cannot write {path}: {error.strerror or error}") from None
