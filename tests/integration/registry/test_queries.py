"""Who belonged, who chaired and what organs were called, on a day — for both charters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from cica.core.context import Context
from cica.core.settings import Settings
from cica.registry import queries
from tests.conftest import make_context
from tests.expectations import EXPECTED, Expected


@pytest.fixture
def loaded(settings: Settings, charter_path: Path | None) -> Iterator[tuple[Context, Expected]]:
    context = make_context(settings, charter_path)
    yield context, EXPECTED["cica" if charter_path is None else "pacifica"]
    context.close()


def test_member_counts_follow_dated_admissions(loaded: tuple[Context, Expected]) -> None:
    context, expected = loaded
    with context.unit_of_work(write=False) as session:
        for day, count in expected.member_counts.items():
            result = queries.members_on(session, day, "member")
            assert (day, result.count) == (day, count)
            assert len(result.items) == count
            assert {item.kind for item in result.items} == {"member"}


def test_observers_and_partners_are_listed_apart_from_members(
    loaded: tuple[Context, Expected],
) -> None:
    context, expected = loaded
    with context.unit_of_work(write=False) as session:
        for day, codes in expected.observers_include.items():
            observers = {item.code for item in queries.members_on(session, day, "observer").items}
            assert codes <= observers
        for day, codes in expected.partners_include.items():
            partners = {item.code for item in queries.members_on(session, day, "partner").items}
            assert codes <= partners
            everyone = queries.members_on(session, day, "all")
            assert everyone.count == sum(
                queries.members_on(session, day, kind).count for kind in ("member", "observer", "partner")
            )


def test_an_observer_that_never_joined_is_never_a_member(loaded: tuple[Context, Expected]) -> None:
    context, expected = loaded
    with context.unit_of_work(write=False) as session:
        for year in range(1999, 2027):
            members = {item.code for item in queries.members_on(session, date(year, 12, 31), "member").items}
            assert not (members & expected.never_member)


def test_the_chair_follows_the_dated_terms(loaded: tuple[Context, Expected]) -> None:
    context, expected = loaded
    with context.unit_of_work(write=False) as session:
        for day, code in expected.chairs.items():
            assert queries.chair_on(session, day).code == code


def test_organs_carry_the_name_in_force_on_the_day(loaded: tuple[Context, Expected]) -> None:
    context, expected = loaded
    with context.unit_of_work(write=False) as session:
        for (organ_id, day), name in expected.organ_names.items():
            names = {item.id: item.name for item in queries.organs_on(session, day, "en").items}
            assert names[organ_id] == name


def test_a_partial_admission_date_keeps_its_precision(cica: Context) -> None:
    with cica.unit_of_work(write=False) as session:
        items = {i.code: i for i in queries.members_on(session, date(2020, 1, 1), "member").items}
    # The founders are dated by the founding meeting's day (issue 11), no longer by the year alone.
    assert (items["CHN"].since, items["CHN"].since_precision) == ("1999-09-14", "day")
    assert (items["BHR"].since, items["BHR"].since_precision) == ("2011", "year")
    assert (items["QAT"].since, items["QAT"].since_precision) == ("2014-05", "month")
    assert (items["LKA"].since, items["LKA"].since_precision) == ("2018-08-15", "day")
    assert items["CHN"].source and items["CHN"].sources[0].title


def test_a_later_member_keeps_its_observer_period(cica: Context) -> None:
    with cica.unit_of_work(write=False) as session:
        as_observer = {i.code for i in queries.members_on(session, date(2015, 1, 1), "observer").items}
        as_member = {i.code for i in queries.members_on(session, date(2019, 1, 1), "member").items}
    assert "LKA" in as_observer and "LKA" in as_member


@pytest.mark.parametrize(
    ("lang", "summit", "china"),
    [
        ("en", "Council of Heads of State or Government", "China"),
        ("ru", "Совет глав государств и правительств", "Китай"),
        ("zh", "国家元首和政府首脑理事会", "中国"),
        ("fr", "Conseil des chefs d'État et de gouvernement", "Chine"),
    ],
)
def test_names_are_given_in_each_interface_language(
    cica: Context, lang: str, summit: str, china: str
) -> None:
    day = date(2023, 1, 1)
    with cica.unit_of_work(write=False) as session:
        organs = {item.id: item.name for item in queries.organs_on(session, day, lang).items}
        members = {item.code: item.name for item in queries.members_on(session, day, "member", lang).items}
    assert organs["summit"] == summit
    assert members["CHN"] == china


def test_a_state_renamed_by_the_charter_is_called_by_the_name_of_the_day(cica: Context) -> None:
    with cica.unit_of_work(write=False) as session:
        before = {i.code: i.name for i in queries.members_on(session, date(2020, 1, 1)).items}
        after = {i.code: i.name for i in queries.members_on(session, date(2023, 1, 1)).items}
    assert before["TUR"] == "Turkey"
    assert after["TUR"] == "Türkiye"


@pytest.mark.parametrize(
    ("lang", "code", "name"),
    [
        ("fr", "IRN", "Iran"),
        ("fr", "LAO", "Laos"),
        ("ru", "KOR", "Республика Корея"),
        ("zh", "TUR", "土耳其"),
    ],
)
def test_country_names_are_the_short_names_of_the_language(
    cica: Context, lang: str, code: str, name: str
) -> None:
    with cica.unit_of_work(write=False) as session:
        names = {i.code: i.name for i in queries.members_on(session, date(2024, 1, 1), "all", lang).items}
    assert names[code] == name
