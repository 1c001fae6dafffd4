"""The `cica` command: assembles each capability's sub-commands, maps domain errors to exit 2."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from cica.charter.cli import charter_app
from cica.core.console import stderr
from cica.core.errors import CicaError


class CicaGroup(TyperGroup):
    """Turns a domain error anywhere below into one line on stderr and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CicaError as error:
            stderr.print(f"error: {error.message}", markup=False)
            raise typer.Exit(2) from None


app = typer.Typer(
    name="cica",
    cls=CicaGroup,
    help="cica: the charter, registry and decision-making of CICA and bodies built like it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _assemble() -> None:
    # Each capability registers its own commands; the order here is the order in `--help`.
    from cica.core import commands
    from cica.registry import cli as registry_cli

    commands.register(app)
    registry_cli.register(app)
    app.add_typer(charter_app, name="charter", help="Check charter files.")


_assemble()


def main() -> None:
    app()
