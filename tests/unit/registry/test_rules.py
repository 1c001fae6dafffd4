"""The registry's as-of rules, over plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cica.charter.dates import PartialDate, Period
from cica.registry import rules
from cica.registry.collation import sort_key


@dataclass(frozen=True)
class Status:
    kind: str
    period: Period


@dataclass(frozen=True)
class Name:
    lang: str
    name: str
    period: Period


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


RENAMED = [
    Name("en", "Summit", Period(None, day("2022-10-13"))),
    Name("en", "Council", Period(day("2022-10-13"))),
    Name("fr", "Sommet", Period(None)),
]

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
periods = st.builds(
    lambda a, b: Period(PartialDate.of(min(a, b)), PartialDate.of(max(a, b)) if a != b else None),
    days,
    days,
)


@given(st.lists(st.builds(Status, st.sampled_from(["member", "observer", "partner"]), periods)), days)
def test_in_force_keeps_exactly_what_holds_on_the_day(statuses: list[Status], on: date) -> None:
    assert rules.in_force(statuses, on) == [s for s in statuses if s.period.holds_on(on)]


@given(st.lists(st.builds(Status, st.sampled_from(["member", "observer", "partner"]), periods)), days)
def test_the_kinds_partition_all_statuses_in_force(statuses: list[Status], on: date) -> None:
    every = rules.statuses_of_kind(statuses, on, "all")
    by_kind = [rules.statuses_of_kind(statuses, on, k) for k in ("member", "observer", "partner")]
    assert sorted(map(id, every)) == sorted(id(s) for group in by_kind for s in group)
    assert all(
        s.kind == k
        for group, k in zip(by_kind, ("member", "observer", "partner"), strict=True)
        for s in group
    )


def test_an_organ_is_called_by_the_name_in_force_on_the_day() -> None:
    assert rules.name_on(RENAMED, "en", date(2022, 10, 12)) == "Summit"
    assert rules.name_on(RENAMED, "en", date(2022, 10, 13)) == "Council"


def test_a_missing_language_falls_back_to_english() -> None:
    assert rules.name_on(RENAMED, "zh", date(2023, 1, 1)) == "Council"
    assert rules.name_on(RENAMED, "fr", date(2023, 1, 1)) == "Sommet"


def test_before_its_first_name_a_body_is_called_by_that_name() -> None:
    names = [Name("en", "Council", Period(day("2022-10-13")))]
    assert rules.name_on(names, "en", date(1999, 1, 1)) == "Council"


def test_no_name_at_all_gives_none() -> None:
    assert rules.name_on([], "en", date(2000, 1, 1)) is None


def test_one_in_force_finds_the_chair_of_the_day() -> None:
    terms = [
        Status("KAZ", Period(day("1999"), day("2010-06"))),
        Status("TUR", Period(day("2010-06"), day("2014-05"))),
    ]
    assert rules.one_in_force(terms, date(2010, 5, 31)) == terms[0]
    assert rules.one_in_force(terms, date(2010, 6, 1)) == terms[1]
    assert rules.one_in_force(terms, date(2014, 5, 1)) is None


def test_names_sort_with_accents_folded_and_chinese_by_pinyin() -> None:
    french = ["Égypte", "Viêt Nam", "Émirats arabes unis", "Chine"]
    assert sorted(french, key=lambda n: sort_key(n, "fr")) == [
        "Chine",
        "Égypte",
        "Émirats arabes unis",
        "Viêt Nam",
    ]
    chinese = ["中国", "阿富汗", "巴林", "泰国"]  # zhongguo, afuhan, balin, taiguo
    assert sorted(chinese, key=lambda n: sort_key(n, "zh")) == ["阿富汗", "巴林", "泰国", "中国"]
