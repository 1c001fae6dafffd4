"""The `cica` command: assembles each capability's sub-commands, maps domain errors to exit 2."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from cica.charter.cli import charter_app
from cica.core.console import stderr
from cica.core.errors import CicaError, PermissionDenied


class CicaGroup(TyperGroup):
    """Turns a domain error anywhere below into one line on stderr and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CicaError as error:
            if isinstance(error, PermissionDenied):
                _record_denial(error)
            stderr.print(f"error: {error.message}", markup=False)
            raise typer.Exit(2) from None


def _record_denial(error: PermissionDenied) -> None:
    # The command's own transaction has rolled back; the denial is kept in a unit of its own.
    from cica.audit.operations import record_denial
    from cica.core.context import Context

    with Context.create() as context:
        record_denial(context, error)


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
    from cica.access import cli as access_cli
    from cica.audit import cli as audit_cli
    from cica.core import commands, docs
    from cica.deliberation import cli as deliberation_cli
    from cica.registry import cli as registry_cli

    commands.register(app)
    registry_cli.register(app)
    access_cli.register(app)
    deliberation_cli.register(app)
    app.add_typer(audit_cli.audit_app, name="audit", help="Verify and export the audit trail.")
    app.add_typer(charter_app, name="charter", help="Check charter files.")
    app.add_typer(docs.docs_app, name="docs", help="Write the documents generated from the code.")


_assemble()


def main() -> None:
    app()
