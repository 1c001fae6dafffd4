"""An idle web worker imports only what serving needs: the libraries of rare requests (iCalendar
feeds, migrations, terminal tables, Akoma Ntoso exports, password hashing) load when such a request
comes (issue 8: ≤ 120 MB a worker). Structural, not timed: what a fresh process has in
`sys.modules` after starting as `cica serve` does (the schema brought to head) and building the app."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cica.core.context import Context
from cica.core.settings import Settings

NOT_AT_START = ("icalendar", "alembic", "mako", "pygments", "rich", "lxml", "argon2")

PROBE = """
import json, sys
import babel.localedata
import cica.app
from cica.core.context import Context
# As `cica serve` starts: a database already at head is not migrated, so Alembic is not imported.
Context.create(migrate=True).close()
cica.app.create_app()
print(json.dumps({
    "modules": sorted({name.split(".")[0] for name in sys.modules}),
    "locales": sorted(babel.localedata._cache),
}))
"""


def test_building_the_app_imports_no_library_of_rare_requests(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cica.db"
    Context.create(Settings(database_url=url), migrate=True).close()
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={"CICA_DATABASE_URL": url, "CICA_SCHEDULER_SECONDS": "0", "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(probe.stdout.splitlines()[-1])
    assert not set(NOT_AT_START) & set(loaded["modules"])
    # Babel's locale data (some MiB each) is read by the first page in a language, not at start.
    assert loaded["locales"] == []
