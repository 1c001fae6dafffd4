"""`cica docs write|check`: the documents generated from the code, so that they cannot drift.

docs/configuration.md comes from `core.settings.SETTINGS`; each capability declares the others
(`Capability.docs`), e.g. docs/permissions.md from the permission table in `access/rules.py`.
A test fails when the files and the code differ.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from cica.capabilities import CAPABILITIES
from cica.core.capability import load
from cica.core.console import stderr, stdout
from cica.core.settings import SETTINGS

docs_app = typer.Typer(no_args_is_help=True)
DOCS = Path("docs")


def configuration_markdown() -> str:
    lines = [
        "# Configuration",
        "",
        "Generated from `src/cica/core/settings.py` by `cica docs write`; a test fails when this",
        "file and the code differ. Every setting is an environment variable.",
        "",
        "| Variable | Default | Meaning |",
        "|---|---|---|",
    ]
    for spec in SETTINGS:
        default = f"`{spec.default}`" if spec.default else "(empty)"
        lines.append(f"| `{spec.env}` | {default} | {spec.help} |")
    return "\n".join(lines) + "\n"


def _declared(target: str) -> Callable[[], str]:
    # Imported when rendered: `cica docs` must not import every capability to start.
    return lambda: str(load(target)())


GENERATED: dict[str, Callable[[], str]] = {
    "configuration.md": configuration_markdown,
    **{name: _declared(target) for capability in CAPABILITIES for name, target in capability.docs},
}


@docs_app.command("write")
def write(folder: Path = typer.Option(DOCS, "--dir", help="Where to write.")) -> None:
    """Write docs/configuration.md, docs/permissions.md, … from the code."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, render in GENERATED.items():
        (folder / name).write_text(render(), encoding="utf-8")
        stdout.print(f"wrote {folder / name}", markup=False)


@docs_app.command("check")
def check(folder: Path = typer.Option(DOCS, "--dir", help="Where the documents are.")) -> None:
    """Exit 1 if a generated document differs from what the code says."""
    stale = [
        name
        for name, render in GENERATED.items()
        if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != render()
    ]
    for name in stale:
        stderr.print(f"{folder / name} is out of date: run `cica docs write`", markup=False)
    if stale:
        raise typer.Exit(1)
    stdout.print("documents are current", markup=False)
