"""`core.caching.BuiltByVersion`: a body is built once per key, the least recently used is let
go first when the bytes run over the limit, and a body larger than the limit is never kept."""

from __future__ import annotations

from cica.core.caching import BuiltByVersion


def test_bodies_are_built_once_per_key_and_the_least_recently_used_goes_first() -> None:
    built: list[str] = []

    def builder(name: str) -> bytes:
        def build() -> bytes:
            built.append(name)
            return name.encode() * 10

        return build

    kept = BuiltByVersion(limit=25)  # room for two bodies of 10 bytes
    assert kept.get_or_build(("a",), builder("a")) == b"a" * 10
    kept.get_or_build(("b",), builder("b"))
    kept.get_or_build(("a",), builder("a"))  # kept: not built again, and now the most recent
    kept.get_or_build(("c",), builder("c"))  # over the limit: "b" goes
    kept.get_or_build(("a",), builder("a"))
    kept.get_or_build(("b",), builder("b"))
    assert built == ["a", "b", "c", "b"]


def test_a_body_larger_than_the_limit_is_given_but_not_kept() -> None:
    built: list[int] = []
    kept = BuiltByVersion(limit=5)
    for _ in range(2):
        assert kept.get_or_build(("big",), lambda: built.append(1) or b"x" * 6) == b"x" * 6
    assert len(built) == 2
