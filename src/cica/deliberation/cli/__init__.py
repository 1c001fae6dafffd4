"""`cica drafts …`, `cica consensus …`, `cica silence …`, `cica tick`, `cica decisions …`.

Commands act as the machine's administrator unless `--as EMAIL` names a user, whose rights then
apply exactly as in the API: an administrator holds no deliberation rights, so acts of the
Chair, the Secretariat or a delegation are run `--as` one of their accounts.
"""

from __future__ import annotations

import typer

from cica.deliberation.cli.decisions import decisions_app
from cica.deliberation.cli.drafts import drafts_app
from cica.deliberation.cli.procedures import consensus_app, silence_app, tick


def register(app: typer.Typer) -> None:
    app.add_typer(drafts_app, name="drafts")
    app.add_typer(consensus_app, name="consensus")
    app.add_typer(silence_app, name="silence")
    app.add_typer(decisions_app, name="decisions")
    app.command("tick")(tick)
