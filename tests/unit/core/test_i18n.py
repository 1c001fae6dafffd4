"""Choosing the interface language: ?lang=, then the cookie, then Accept-Language, then English."""

import pytest

from cica.core.i18n import language_name, negotiate


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("zh", "fr", "ru", "zh"),
        (None, "fr", "ru", "fr"),
        (None, None, "ru-RU,ru;q=0.9,en;q=0.5", "ru"),
        (None, None, "de-DE,fr;q=0.8,en;q=0.6", "fr"),
        (None, None, "en;q=0.2,zh-CN;q=0.9", "zh"),
        ("de", None, None, "en"),
        ("de", "xx", "de", "en"),
        (None, None, None, "en"),
        (None, None, "q=;;,", "en"),
    ],
)
def test_the_language_is_negotiated_in_order(
    query: str | None, cookie: str | None, accept: str | None, expected: str
) -> None:
    assert negotiate(query, cookie, accept) == expected


def test_each_language_is_named_in_itself() -> None:
    assert [language_name(lang) for lang in ("en", "ru", "zh", "fr")] == [
        "English",
        "Русский",
        "中文",
        "Français",
    ]
