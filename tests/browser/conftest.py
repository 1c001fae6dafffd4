"""Browser fixtures: the app served by uvicorn on a free local port, and headless Debian Chromium.

Browser tests run on SQLite only: what they check is the page in a browser, not the storage,
which the rest of the suite covers on both backends. Playwright never downloads a browser here;
it drives the system's Chromium.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from cica.app import create_app
from cica.core.context import Context
from cica.core.settings import Settings
from tests.conftest import make_context, require

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The impacts that fail a page; "minor" and "moderate" findings are reported by axe but tolerated.
BLOCKING_IMPACTS = ("serious", "critical")

Axe = Callable[[Page], None]


@pytest.fixture(scope="session")
def served_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    """The database behind the served app, with the built-in charter (tests may add accounts)."""
    folder = tmp_path_factory.mktemp("browser")
    # The audit keys in the run's own folder, not in the working directory.
    context = make_context(
        Settings(database_url=f"sqlite:///{folder / 'cica.db'}", audit_key_dir=str(folder))
    )
    yield context
    context.close()


@pytest.fixture(scope="session")
def base_url(served_context: Context) -> Iterator[str]:
    """The app served in a background thread for the whole session."""
    with serving(served_context) as url:
        yield url


@contextmanager
def serving(context: Context) -> Iterator[str]:
    """The app on `context` served by uvicorn in a background thread, at the URL yielded."""
    # Binding the socket here, not in uvicorn, leaves no window in which another process
    # could take the port between choosing it and listening on it.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(context=context), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: browser tests skipped (apt install chromium)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield instance
    instance.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh browser context per test, so that no language cookie leaks from one to the next.

    Every page runs under the server's Content-Security-Policy; a violation Chromium reports in
    the console (an inline script or style, a foreign source) fails the test."""
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    violations: list[str] = []
    tab.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield tab
    context.close()
    assert violations == [], "Content-Security-Policy violations in Chromium's console"


def _describe(violation: dict[str, Any]) -> str:
    nodes = "\n".join(
        f"      {' '.join(node['target'])}: {node.get('failureSummary', '').strip().splitlines()[-1]}"
        for node in violation["nodes"][:5]
    )
    more = len(violation["nodes"]) - 5
    extra = f"\n      ... and {more} more" if more > 0 else ""
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']}\n{nodes}{extra}"


@pytest.fixture
def axe() -> Axe:
    """Runs axe-core on the page and fails on serious or critical violations, listing them."""
    require(AXE.exists(), f"{AXE} is missing: run `npm install` (or `make test`)")

    def check(page: Page) -> None:
        # Evaluated by the driver, not added as an inline <script>, which the page's CSP refuses.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
        results: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
        blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            listed = "\n".join(_describe(violation) for violation in blocking)
            pytest.fail(f"axe found accessibility violations on {page.url}:\n{listed}", pytrace=False)

    return check
