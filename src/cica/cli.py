"""The `cica` command: every capability's commands, loaded only when run; domain errors → exit 2.

The group knows each command's name and help from the capabilities' declarations
(`cica.capabilities`), so `cica --help` imports none of them; `cica members` imports the
registry's commands alone (click's lazily loading group).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from cica.core.capability import Capability, Command, load
from cica.core.console import stderr
from cica.core.errors import CicaError, PermissionDenied

# The assembly's own commands, before the capabilities' in `--help`.
OWN_COMMANDS = (
    Command(
        "init",
        "Create or migrate the database and load a charter (loading the same one again is a no-op).",
        "cica.commands:init",
    ),
    Command(
        "demo",
        "`init`, plus everything a newcomer needs to try cica: one account per role.",
        "cica.commands:demo",
    ),
    Command(
        "serve",
        "Serve the web UI and the API (the database is migrated to the newest schema first).",
        "cica.commands:serve",
    ),
)
DOCS_COMMAND = Command("docs", "Write the documents generated from the code.", "cica.docs:docs_app")


def commands_of(capabilities: Sequence[Capability]) -> tuple[Command, ...]:
    declared = (*OWN_COMMANDS, *(command for c in capabilities for command in c.commands))
    if all(command.name != DOCS_COMMAND.name for command in declared):
        return (*declared, DOCS_COMMAND)
    # A capability's own `docs` group (documents) takes `docs write|check` in with its commands.
    return tuple(
        replace(c, target=f"{c.target} {DOCS_COMMAND.target}") if c.name == DOCS_COMMAND.name else c
        for c in declared
    )


def as_click(command: Command) -> Any:
    """The click command a declaration names: a Typer app (a group) or a function (one command);
    several Typer apps (targets separated by spaces) make one group of all their commands."""
    first, *others = command.target.split()
    target = load(first)
    loaded: Any
    if isinstance(target, typer.Typer):
        loaded = typer.main.get_group(target)
        for other in others:
            for name, sub in typer.main.get_group(load(other)).commands.items():
                loaded.add_command(sub, name)
    else:
        single = typer.Typer()
        single.command(command.name)(target)
        loaded = typer.main.get_command(single)
    loaded.name = command.name
    loaded.help = loaded.help or command.help
    return loaded


class CicaGroup(TyperGroup):
    """Loads a command only when it is run; turns a domain error anywhere below into one line on
    stderr and exit code 2."""

    declared: tuple[Command, ...] = ()
    capabilities: tuple[Capability, ...] = ()

    # Typer carries its own copy of click: its types are taken as they come (`Any`).
    def list_commands(self, ctx: Any) -> list[str]:
        return [command.name for command in self.declared]

    listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            declared = next((c for c in self.declared if c.name == cmd_name), None)
            if declared is None:
                return None
            if self.listing:
                # The help lists names and help only: a stand-in, so that nothing is imported.
                return TyperCommand(declared.name, help=declared.help)
            self.commands[cmd_name] = as_click(declared)
        return self.commands[cmd_name]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def invoke(self, ctx: Any) -> Any:
        from cica.capabilities import wire
        from cica.core.i18n import read_as_before, read_in

        # The reader's language for the whole run, before any option is parsed or refused.
        reader = read_in(_language_of([*getattr(ctx, "_protected_args", []), *ctx.args], self.declared))
        wire(self.capabilities)
        try:
            return super().invoke(ctx)
        except CicaError as error:
            if isinstance(error, PermissionDenied):
                _record_denial(error)
            _refuse(error.code, error.message)
        except OverflowError:
            _out_of_range()
        except Exception as error:
            if _is_data_error(error):
                _out_of_range()
            raise
        finally:
            read_as_before(reader)
        return None


def _language_of(args: Sequence[str], declared: Sequence[Command] = ()) -> Any:
    """`--lang` among the command's arguments, else the setting's or the locale's language; a
    `--lang` that names no language is refused later, by the command, in that default. A
    command whose `--lang` names a text's language (`Command.content_lang`) takes the default."""
    import os

    from cica.core.i18n import as_language, command_language

    default = command_language(os.environ)
    named = [arg for arg in args if not arg.startswith("-")][:2]
    command = next((c for c in declared if named and c.name == named[0]), None)
    if command is not None and {"", *named[1:2]} & set(command.content_lang):
        return default
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return as_language(args[index + 1], default)
        if arg.startswith("--lang="):
            return as_language(arg.partition("=")[2], default)
    return default


def _refuse(code: str, rule: str) -> None:
    from cica.core.output import error_line

    stderr.print(error_line(code, rule), markup=False)
    raise typer.Exit(2) from None


def _out_of_range() -> None:
    # A number beyond what the database stores: SQLite refuses to bind it, PostgreSQL refuses it
    # as out of range for the column. Either way no such record can exist.
    _refuse("out_of_range", "a number given is out of the range the database stores")


def _is_data_error(error: Exception) -> bool:
    # SQLAlchemy is imported by the commands that reach a database, not by `cica --help`: if it
    # was never imported, the error cannot be one of its.
    exc = sys.modules.get("sqlalchemy.exc")
    return exc is not None and isinstance(error, exc.DataError)


def _record_denial(error: PermissionDenied) -> None:
    # The command's own transaction has rolled back; the denial is kept in a unit of its own.
    from cica.core import denials
    from cica.core.context import Context

    with Context.create() as context:
        denials.record_denial(context, error)


def build_app(capabilities: Sequence[Capability] | None = None) -> typer.Typer:
    """The `cica` command tree for `capabilities` (default: the one list)."""
    if capabilities is None:
        from cica.capabilities import CAPABILITIES

        capabilities = CAPABILITIES
    group = type(
        "CicaGroup",
        (CicaGroup,),
        {"declared": commands_of(capabilities), "capabilities": tuple(capabilities)},
    )
    tree = typer.Typer(
        name="cica",
        cls=group,
        help="cica: the charter, registry and decision-making of CICA and bodies built like it.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    # Typer makes a group of an app that has a callback; the commands come from the group.
    tree.callback()(_root)
    return tree


def _root() -> None:
    pass


app = build_app()


def main() -> None:
    app()
