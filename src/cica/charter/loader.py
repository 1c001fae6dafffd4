"""Reading a charter file: TOML syntax, then the schema, then the consistency rules.

Every failure becomes one `CharterError` naming the file, the key path and, where the TOML
parser gives it, the line. Nothing here touches a database.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cica.charter.rules import Problem, problems
from cica.charter.schema import Charter
from cica.core.errors import InvalidInput
from cica.core.files import read_text_file

BUILTIN_CHARTER = "cica.toml"


class CharterError(InvalidInput):
    def __init__(self, file: str, found: list[Problem], line: int | None = None) -> None:
        self.file = file
        self.problems = found
        self.line = line
        where = f"{file}:{line}" if line else file
        listed = "\n".join(f"  {problem}" for problem in found)
        super().__init__(f"{where}: invalid charter\n{listed}")


@dataclass(frozen=True)
class LoadedCharter:
    charter: Charter
    file: str
    text: str

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON form: formatting and comments do not count as changes."""
        canonical = self.charter.model_dump_json(by_alias=True)
        return hashlib.sha256(canonical.encode()).hexdigest()


def builtin_charter_path() -> Path:
    return Path(str(resources.files("cica.charter") / "data" / BUILTIN_CHARTER))


def load_charter(path: Path | str | None = None) -> LoadedCharter:
    file = Path(path) if path else builtin_charter_path()
    try:
        text = read_text_file(file, what="charter")
    except InvalidInput as error:  # missing, too large (/dev/zero), not UTF-8, not text
        raise CharterError(str(file), [Problem("", error.message)]) from None
    return parse_charter(text, str(file))


def parse_charter(text: str, file: str = "<charter>") -> LoadedCharter:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = _line_of(error)
        raise CharterError(file, [Problem("", f"TOML syntax: {error}")], line) from None
    try:
        charter = Charter.model_validate(data)
    except ValidationError as error:
        raise CharterError(file, [_problem_from(item, data) for item in error.errors()]) from None
    found = problems(charter)
    if found:
        raise CharterError(file, found)
    return LoadedCharter(charter, file, text)


def _line_of(error: tomllib.TOMLDecodeError) -> int | None:
    lineno = getattr(error, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else None


def _problem_from(item: Any, data: Any) -> Problem:
    location = item.get("loc", ())
    path = ""
    node = data
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
        node = _child(node, part)
        label = _label(node)
        if label and isinstance(part, int):
            path += f" ({label})"
    message = item.get("msg", "invalid")
    if item.get("type") == "extra_forbidden":
        message = "unknown key"
    return Problem(path, message)


def _child(node: Any, part: Any) -> Any:
    try:
        return node[part]
    except (KeyError, IndexError, TypeError):
        return None


def _label(node: Any) -> str | None:
    if isinstance(node, dict):
        for key in ("code", "id"):
            if isinstance(node.get(key), str):
                return str(node[key])
    return None
