"""Set-up commands: `cica init`, `cica demo`, `cica serve`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import typer

from cica.core.clock import FixedClock, clock_from_setting
from cica.core.console import stdout
from cica.core.context import Context
from cica.core.settings import Settings

CHARTER = typer.Option(None, "--charter", help="Charter TOML file (default: the built-in CICA charter).")

# The demo's story begins this long ago (the deliberation example lasts as long) and ends now: one
# fixed clock, moved forward by each step, dates everything it writes, so the audit trail's times
# follow its order and agree with the drafts' history.
DEMO_STORY = timedelta(days=60)


def _init(charter: Path | None, *, story: timedelta | None = None) -> Context:
    from cica.access.actors import Actor
    from cica.audit.operations import restore_triggers
    from cica.capabilities import CAPABILITIES
    from cica.charter.loader import load_charter
    from cica.core.capability import load
    from cica.registry.operations import apply_charter

    settings = Settings.from_env()
    # Validate the file before touching the database: a bad charter writes nothing.
    loaded = load_charter(charter or settings.charter_file)
    clock = None
    if story is not None:
        clock = FixedClock(clock_from_setting(settings.frozen_time).now() - story)
    context = Context.create(settings, migrate=True, clock=clock)
    try:
        with context.unit_of_work() as session:
            restored = restore_triggers(session, actor=Actor.command_line())
            diff = apply_charter(session, loaded, actor=Actor.command_line())
            loaded_with = [load(c.init)(session, Actor.command_line()) for c in CAPABILITIES if c.init]
    except BaseException:
        context.close()
        raise
    for name, fault in sorted(restored.items()):
        stdout.print(
            f"restored the audit trigger {name} ({fault}); recorded in the audit trail", markup=False
        )
    stdout.print(f"{settings.database_url}: {diff.summary()}", markup=False)
    for line in loaded_with:
        if line:
            stdout.print(line, markup=False)
    return context


def init(charter: Path | None = CHARTER) -> None:
    """Create or migrate the database and load a charter (loading the same one again is a no-op)."""
    _init(charter).close()


def demo(charter: Path | None = CHARTER) -> None:
    """`init`, plus everything a newcomer needs to try cica: one account per role."""
    from cica.capabilities import CAPABILITIES
    from cica.core.capability import DemoResult, load

    with _init(charter, story=DEMO_STORY) as context:
        results: list[DemoResult] = [load(c.demo)(context) for c in CAPABILITIES if c.demo is not None]
    stdout.print("Demo accounts (passwords are shown once; sign in at /signin):", markup=False)
    for account in (account for result in results for account in result.accounts):
        who = f"{account.role} of {account.delegation}" if account.delegation else account.role
        secret = account.password or "(exists already: password unchanged)"
        stdout.print(f"  {account.email:<28} {who:<32} {secret}", markup=False)
    for line in (line for result in results for line in result.lines):
        stdout.print(line, markup=False)
    stdout.print("Demo ready. Try: cica members --on 2014-05-21, or `cica serve` and open the browser.")


def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    workers: int = typer.Option(1, "--workers", min=1),
) -> None:
    """Serve the web UI and the API (the database is migrated to the newest schema first)."""
    import uvicorn

    settings = Settings.from_env()
    Context.create(settings, migrate=True).close()
    stdout.print(f"cica on http://{host}:{port}/  (API docs: http://{host}:{port}/api/docs)")
    # uvicorn would believe X-Forwarded-For from 127.0.0.1 by default: only configured proxies.
    proxies = settings.proxy_addresses
    uvicorn.run(
        "cica.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )
