"""The registry snapshot kept in memory is never stale: a charter (with a chair or an organ's name)
loaded by one process is answered by another at its next unit of work, on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from cica.access.guard import standing
from cica.charter.loader import load_charter
from cica.core.context import Context
from cica.core.settings import Settings
from cica.deliberation.facts import facts
from cica.registry import queries
from cica.registry.models import CharterRecord
from cica.registry.operations import apply_charter
from tests.factories import charter_data, write_charter

# A separate interpreter that keeps one Context (and so its snapshot) across questions.
CHILD = """
import sys
from datetime import date
from cica.core.context import Context
from cica.registry import queries
with Context.create() as context:
    for _ in sys.stdin:
        with context.unit_of_work(write=False) as session:
            today = date.today()
            chair = queries.chair_on(session, today).code
            council = queries.organs_on(session, today).items[0].name
            names = queries.participant_names(session, today, "en")
        print(chair, council, names["ITA"], sep="|", flush=True)
"""


def _changed(data: dict[str, Any]) -> dict[str, Any]:
    """The chair passes from DEU to FRA in 2020, the council and Italy are renamed."""
    data["chairmanships"] = [
        {"participant": "FRA", "from": "2000", "to": "2002"},
        {"participant": "DEU", "from": "2002", "to": "2020"},
        {"participant": "FRA", "from": "2020"},
    ]
    data["organs"][0]["names"][0]["name"] = "Grand Council"
    data["participants"][2]["names"] = [{"lang": "en", "name": "Italian Republic"}]
    return data


def _load(context: Context, path: Path) -> None:
    with context.unit_of_work() as session:
        apply_charter(session, load_charter(path))


def test_another_context_answers_a_changed_charter_and_chair_at_once(
    settings: Settings, tmp_path: Path
) -> None:
    data, today = charter_data(), date.today()
    with Context.create(settings, migrate=True) as writer:
        _load(writer, write_charter(tmp_path, data))
        with Context.create(settings) as other:
            with other.unit_of_work(write=False) as session:
                assert queries.chair_on(session, today).code == "DEU"
                assert standing(session, "DEU", today).chairing
                assert queries.organs_on(session, today).items[0].name == "Council"
                assert facts(session).competences(today).organs["council"].name == "Council"
                record = session.get(CharterRecord, data["organisation"]["id"])
                assert record is not None and record.generation == 1
            _load(writer, write_charter(tmp_path, _changed(data), "v2.toml"))
            with other.unit_of_work(write=False) as session:
                assert queries.chair_on(session, today).code == "FRA"
                assert standing(session, "FRA", today).chairing
                assert not standing(session, "DEU", today).chairing
                assert queries.organs_on(session, today).items[0].name == "Grand Council"
                assert facts(session).competences(today).organs["council"].name == "Grand Council"
                assert queries.participant_names(session, today, "en")["ITA"] == "Italian Republic"
                record = session.get(CharterRecord, data["organisation"]["id"])
                assert record is not None and record.generation == 2


def test_a_separate_process_answers_a_changed_charter_at_once(settings: Settings, tmp_path: Path) -> None:
    data = charter_data()
    with Context.create(settings, migrate=True) as writer:
        _load(writer, write_charter(tmp_path, data))
        env = {**os.environ, "CICA_DATABASE_URL": settings.database_url}
        with subprocess.Popen(
            [sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True
        ) as child:
            assert child.stdin is not None and child.stdout is not None

            def ask() -> str:
                assert child.stdin is not None and child.stdout is not None
                child.stdin.write("?\n")
                child.stdin.flush()
                return child.stdout.readline().strip()

            try:
                before = ask()
                _load(writer, write_charter(tmp_path, _changed(data), "v2.toml"))
                after = ask()
            finally:
                child.stdin.close()
                child.wait(timeout=60)
    assert before.split("|")[:2] == ["DEU", "Council"]
    assert after == "FRA|Grand Council|Italian Republic"
