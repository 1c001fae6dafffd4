"""Loading a charter: the first load creates, the same load is a no-op, a change is a diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from cica.charter.loader import load_charter
from cica.core.context import Context
from cica.core.errors import Conflict
from cica.core.settings import Settings
from cica.registry import queries
from cica.registry.models import CharterRecord, Participant, ParticipantStatus
from cica.registry.operations import apply_charter
from tests.factories import charter_data, make_user, write_charter


def _counts(context: Context) -> dict[str, int]:
    with context.unit_of_work(write=False) as session:
        return {
            "participants": session.scalar(select(func.count()).select_from(Participant)) or 0,
            "statuses": session.scalar(select(func.count()).select_from(ParticipantStatus)) or 0,
        }


def test_loading_the_same_charter_again_changes_nothing(cica: Context) -> None:
    before = _counts(cica)
    with cica.unit_of_work() as session:
        diff = apply_charter(session, load_charter())
    assert diff.unchanged
    assert _counts(cica) == before


def test_a_changed_charter_is_applied_as_a_diff(settings: Settings, tmp_path: Path) -> None:
    context = Context.create(settings, migrate=True)
    data = charter_data()
    with context.unit_of_work() as session:
        assert apply_charter(session, load_charter(write_charter(tmp_path, data))).created

    data["participants"].append(
        {
            "code": "ESP",
            "type": "state",
            "statuses": [{"category": "member_state", "from": "2010-03-01"}],
        }
    )
    data["participants"][1]["statuses"][0]["from"] = "2001-06-01"  # DEU's admission re-dated
    data["organs"][0]["names"][0]["name"] = "Grand Council"
    with context.unit_of_work() as session:
        diff = apply_charter(session, load_charter(write_charter(tmp_path, data, "v2.toml")))

    changes = {change.table: change for change in diff.changes if change}
    assert set(changes) == {"participant", "participant_status", "organ_name"}
    assert changes["participant"].added == [("ESP",)]
    assert len(changes["participant_status"].added) == 2  # ESP, and DEU under its new date
    assert len(changes["participant_status"].removed) == 1  # DEU under its old date
    assert len(changes["organ_name"].changed) == 1
    with context.unit_of_work(write=False) as session:
        from datetime import date

        members = {i.code for i in queries.members_on(session, date(2011, 1, 1)).items}
        organs = {i.id: i.name for i in queries.organs_on(session, date(2011, 1, 1)).items}
    assert members == {"FRA", "DEU", "ITA", "ESP"}
    assert organs["council"] == "Grand Council"
    context.close()


def test_a_second_body_is_refused_and_nothing_is_written(cica: Context, tmp_path: Path) -> None:
    before = _counts(cica)
    with (
        pytest.raises(Conflict, match="holds the charter of 'cica'"),
        cica.unit_of_work() as session,
    ):
        apply_charter(session, load_charter(write_charter(tmp_path, charter_data())))
    assert _counts(cica) == before
    with cica.unit_of_work(write=False) as session:
        assert [r.organisation_id for r in session.scalars(select(CharterRecord))] == ["cica"]


def test_a_charter_that_removes_a_participant_with_accounts_is_refused(
    settings: Settings, tmp_path: Path
) -> None:
    context = Context.create(settings, migrate=True)
    data = charter_data()
    with context.unit_of_work() as session:
        apply_charter(session, load_charter(write_charter(tmp_path, data)))
    with context.unit_of_work() as session:
        make_user(session, email="delegate@example.org", delegation="ITA", role="delegate")
    data["participants"] = [p for p in data["participants"] if p["code"] != "ITA"]
    with pytest.raises(Conflict, match="other records still refer"), context.unit_of_work() as session:
        apply_charter(session, load_charter(write_charter(tmp_path, data, "v2.toml")))
    with context.unit_of_work(write=False) as session:
        assert session.get(Participant, "ITA") is not None
    context.close()
