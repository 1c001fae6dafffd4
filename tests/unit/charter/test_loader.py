"""A charter file is checked whole, and every problem names the file and the key path."""

from pathlib import Path

import pytest

from cica.charter.loader import CharterError, builtin_charter_path, load_charter, parse_charter
from tests.conftest import PACIFICA
from tests.factories import charter_data, write_charter


def problems_of(tmp_path: Path, data: dict) -> CharterError:
    path = write_charter(tmp_path, data)
    with pytest.raises(CharterError) as caught:
        load_charter(path)
    assert str(path) in str(caught.value)
    return caught.value


def test_the_minimal_charter_is_valid(tmp_path: Path) -> None:
    loaded = load_charter(write_charter(tmp_path, charter_data()))
    assert loaded.charter.organisation.id == "testbody"


@pytest.mark.parametrize("path", [builtin_charter_path(), PACIFICA], ids=["cica", "pacifica"])
def test_the_shipped_charters_are_valid(path: Path) -> None:
    assert load_charter(path).charter.participants


def test_a_toml_syntax_error_gives_the_line() -> None:
    with pytest.raises(CharterError) as caught:
        parse_charter('[organisation]\nid = "x"\nname = {en = "X"\n', "broken.toml")
    assert caught.value.line == 3
    assert "broken.toml:3" in str(caught.value)


def test_an_unknown_key_is_an_error_with_its_key_path(tmp_path: Path) -> None:
    data = charter_data()
    data["participants"][1]["nickname"] = "Germany"
    error = problems_of(tmp_path, data)
    assert any(
        p.path == "participants[1] (DEU).nickname" and p.message == "unknown key" for p in error.problems
    )


def test_a_bad_date_is_an_error(tmp_path: Path) -> None:
    data = charter_data()
    data["participants"][0]["statuses"][0]["from"] = "2000-13"
    error = problems_of(tmp_path, data)
    assert any(p.path.startswith("participants[0] (FRA).statuses[0].from") for p in error.problems)


def test_an_unknown_iso_code_is_an_error(tmp_path: Path) -> None:
    data = charter_data()
    data["participants"][0]["code"] = "XXA"
    data["chairmanships"][0]["participant"] = "XXA"
    error = problems_of(tmp_path, data)
    assert [p.path for p in error.problems] == ["participants[0].code"]
    assert "ISO 3166-1 alpha-3" in error.problems[0].message


def test_overlapping_chair_terms_are_an_error(tmp_path: Path) -> None:
    data = charter_data()
    data["chairmanships"][1]["from"] = "2001-06"
    error = problems_of(tmp_path, data)
    assert [p.path for p in error.problems] == ["chairmanships[1]"]


def test_a_participant_admitted_twice_at_once_is_an_error(tmp_path: Path) -> None:
    data = charter_data()
    data["participants"][1]["statuses"].append({"category": "member_state", "from": "2005"})
    error = problems_of(tmp_path, data)
    assert [p.path for p in error.problems] == ["participants[1].statuses[1]"]


def test_a_second_entry_for_the_same_participant_is_an_error(tmp_path: Path) -> None:
    data = charter_data()
    data["participants"].append(data["participants"][0])
    error = problems_of(tmp_path, data)
    assert "participants[3]" in [p.path for p in error.problems]


def test_an_unknown_source_organ_or_kind_is_an_error(tmp_path: Path) -> None:
    data = charter_data()
    data["participants"][0]["statuses"][0]["source"] = ["T9"]
    data["organs"][1]["forwards_to"] = ["assembly"]
    data["organs"][0]["adopts"] = ["treaty"]
    paths = {p.path for p in problems_of(tmp_path, data).problems}
    assert paths == {
        "participants[0].statuses[0].source",
        "organs[1].forwards_to",
        "organs[0].adopts",
    }


def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CharterError, match="cannot read"):
        load_charter(tmp_path / "missing.toml")
