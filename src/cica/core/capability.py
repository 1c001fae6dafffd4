"""The one shape of a capability: what it contributes to the house, declared in one place.

Each capability declares a `Capability` in its own `capability.py`; the assembly (`cica.app`,
`cica.cli`, `cica.models`, `cica.docs`, `cica.commands`) reads the ordered list in
`cica.capabilities` and is the only code that knows which capabilities exist.

Contributions are named as `"module:attribute"` strings and imported only when used, so that
reading the list costs nothing: `cica --help` lists every command without importing any of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal


def load(target: str) -> Any:
    """The object `"package.module:attribute"` names (the module alone without `:attribute`)."""
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


@dataclass(frozen=True)
class Command:
    """A top-level `cica` command. `target` is a Typer app (a group of sub-commands) or a plain
    function (one command); `help` is what `cica --help` shows without importing it."""

    name: str
    help: str
    target: str
    # Its sub-commands ("" for the command itself) whose `--lang` names the language of a text
    # (`cica docs import --lang fr`), not the reader's: these speak the setting's or the
    # locale's language, whatever text they are given.
    content_lang: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoAccount:
    """An account `cica demo` made, as its output lists it."""

    email: str
    role: str
    delegation: str | None
    password: str | None  # None: the account existed already and was left as it was


@dataclass(frozen=True)
class DemoResult:
    """What a capability's demo step did: accounts to list, then one line per thing loaded."""

    accounts: tuple[DemoAccount, ...] = ()
    lines: tuple[str, ...] = ()


# Called with the `core.context.Context` of the database just initialised.
DemoStep = Callable[[Any], DemoResult]


# The parts a capability may keep at their standard places in its package (see `standard`).
StandardPart = Literal["models", "api", "pages", "templates", "wiring"]
# All of them: a capability with its models, API, pages, templates and wiring.
EVERY_STANDARD_PART: tuple[StandardPart, ...] = ("models", "api", "pages", "templates", "wiring")
STANDARD_PLACES: dict[StandardPart, tuple[str, str]] = {
    "models": ("models", "{package}.models"),
    "api": ("api", "{package}.api:router"),
    "pages": ("pages", "{package}.pages:router"),
    "wiring": ("wire", "{package}.wiring:wire"),
}


@dataclass(frozen=True)
class Capability:
    """What one capability contributes. Every field but `name` is optional.

    - `package`: where it lives, `cica.<name>` unless given.
    - `standard`: the parts kept at their standard places in the package, named once instead of
      spelled out: `"models"` (`<package>.models`), `"api"` and `"pages"` (their `:router`),
      `"templates"`, `"wiring"` (`<package>.wiring:wire`). A field given explicitly wins.

    - `models`: the module whose import declares the capability's tables (for Alembic and tests).
    - `api`, `pages`: FastAPI routers (the API's are mounted under `/api/v1`).
    - `templates`: whether `<package>/templates/` holds Jinja2 templates (in `<name>/…`).
    - `commands`: its top-level commands, in the order `cica --help` lists them.
    - `init`: a function `(session, actor) -> str | None` that `cica init` (and so `cica demo`)
      runs after the charter is loaded, in the same unit of work: data that belongs with the
      charter (the historical record of meetings); it returns a line to print, or None.
    - `demo`: a `DemoStep` that `cica demo` runs after the charter is loaded.
    - `actions`: the actions of the permission table (`access/rules.py`) it takes.
    - `audited`: the actions of the audit entries it writes (its `AuditAction` enum's values);
      `audit.record` refuses an action no capability declares.
    - `docs`: generated documents, file name → a function returning Markdown.
    - `wire`: a function the assembly calls once, before anything runs, to register what a
      layer below needs from this capability (dependency inversion: the lower layer declares
      the hook, this capability fills it).
    - `identify`: the FastAPI dependency that tells who is calling (`request.state.user`); it
      runs first on every route, in the route's own unit of work.
    - `identify_alone`: the same in a unit of work of its own, `(request) -> None`, for error
      pages no route answered (they run after any request's unit of work has ended).
    - `request_checks`: FastAPI dependencies every route runs next, in order (e.g. CSRF).
    - `background`: a function `(context) -> stop()` each web worker starts (and stops at exit).
    """

    name: str
    package: str = ""
    standard: tuple[StandardPart, ...] = ()
    models: str | None = None
    api: str | None = None
    pages: str | None = None
    templates: bool = False
    commands: tuple[Command, ...] = ()
    init: str | None = None
    demo: str | None = None
    actions: tuple[str, ...] = ()
    audited: tuple[str, ...] = ()
    docs: tuple[tuple[str, str], ...] = ()
    wire: str | None = None
    identify: str | None = None
    identify_alone: str | None = None
    request_checks: tuple[str, ...] = ()
    background: str | None = None

    def __post_init__(self) -> None:
        # Frozen: the derived fields are set once here, as if they had been given.
        package = self.package or f"cica.{self.name}"
        object.__setattr__(self, "package", package)
        for part in self.standard:
            if part == "templates":
                object.__setattr__(self, "templates", True)
                continue
            field_name, place = STANDARD_PLACES[part]
            if getattr(self, field_name) is None:
                object.__setattr__(self, field_name, place.format(package=package))
