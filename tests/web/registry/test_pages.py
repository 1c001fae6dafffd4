"""The registry's pages, without a browser: languages, the members lists, the fragment, the plot."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cica.app import create_app
from cica.core.context import Context
from cica.registry import queries

PAGES = ("/", "/members")
HTML_LANG = {"en": "en", "ru": "ru", "zh": "zh-Hans", "fr": "fr"}
# One string of the layout per language, to tell which catalogue a page was rendered with.
SKIP_LINK = {
    "en": "Skip to content",
    "ru": "Перейти к содержанию",
    "zh": "跳到正文",
    "fr": "Aller au contenu",
}


class Rows(HTMLParser):
    """Counts the body rows of each `<table data-kind=...>` and reads the `data-kind` counts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: Counter[str] = Counter()
        self.counts: dict[str, int] = {}
        self._table: str | None = None
        self._in_body = False
        self._count: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table":
            self._table = attributes.get("data-kind")
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._table and self._in_body:
            self.rows[self._table] += 1
        elif tag == "span" and "count" in (attributes.get("class") or "").split():
            self._count = attributes.get("data-kind")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "span":
            self._count = None

    def handle_data(self, data: str) -> None:
        if self._count and data.strip():
            self.counts[self._count] = int(data)


def rows(html: str) -> Rows:
    parser = Rows()
    parser.feed(html)
    return parser


def html_lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', html)
    assert found, "the page has no <html lang>"
    return found[1]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", list(HTML_LANG))
def test_each_page_renders_in_each_language(client: TestClient, path: str, lang: str) -> None:
    response = client.get(path, params={"lang": lang})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert html_lang(response.text) == HTML_LANG[lang]
    assert SKIP_LINK[lang] in response.text
    current = re.findall(r'<a href="[^"]*" hreflang="([^"]+)"[^>]*aria-current="true"', response.text)
    assert current == [HTML_LANG[lang]]
    assert response.text.count("<h1") == 1
    assert 'href="/signin' in response.text


@pytest.mark.parametrize("path", PAGES)
def test_an_unsupported_language_falls_back_to_english(client: TestClient, path: str) -> None:
    response = client.get(path, params={"lang": "de"})
    assert response.status_code == 200
    assert html_lang(response.text) == "en"
    assert "cica_lang" not in response.cookies


def test_the_cookie_keeps_the_chosen_language(cica: Context) -> None:
    # Over HTTPS: the language cookie is Secure like the others, so a plain-HTTP client on a
    # non-loopback host would not send it back.
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        _keeps_the_language(client)


def _keeps_the_language(client: TestClient) -> None:
    chosen = client.get("/", params={"lang": "ru"})
    assert chosen.cookies.get("cica_lang") == "ru"
    later = client.get("/members")
    assert html_lang(later.text) == "ru"
    assert SKIP_LINK["ru"] in later.text


def test_accept_language_picks_the_language(client: TestClient) -> None:
    response = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert html_lang(response.text) == "ru"
    assert "Государства-члены" in response.text


def test_the_query_wins_over_accept_language(client: TestClient) -> None:
    response = client.get("/?lang=fr", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert html_lang(response.text) == "fr"


def test_the_home_page_shows_the_organisation_today(client: TestClient) -> None:
    organisation = client.get("/api/v1/organisation", params={"lang": "zh"}).json()
    chair = client.get("/api/v1/chair", params={"lang": "zh"}).json()
    members = client.get("/api/v1/members").json()
    observers = client.get("/api/v1/members", params={"kind": "observer"}).json()
    organs = client.get("/api/v1/organs", params={"lang": "zh"}).json()
    page = client.get("/", params={"lang": "zh"}).text
    assert organisation["name"] in page
    assert chair["name"] in page
    assert f'figure-number">{members["count"]}<' in page
    assert f'figure-number">{observers["count"]}<' in page
    for organ in organs["items"]:
        assert organ["name"] in page


def test_the_members_page_lists_the_day_in_three_sections(client: TestClient) -> None:
    response = client.get("/members", params={"on": "2014-05-21", "lang": "en"})
    assert response.status_code == 200
    found = rows(response.text)
    assert found.counts["member"] == found.rows["member"] == 26
    assert found.counts["observer"] == found.rows["observer"]
    assert found.counts["partner"] == 0 and found.rows["partner"] == 0
    assert 'value="2014-05-21"' in response.text
    assert 'aria-live="polite"' in response.text


def test_dates_keep_their_precision_and_uncertainty_is_marked(client: TestClient) -> None:
    api = client.get("/api/v1/members", params={"on": "2014-05-21"}).json()
    page = client.get("/members", params={"on": "2014-05-21", "lang": "en"}).text
    by_year = next(item for item in api["items"] if item["since_precision"] == "year")
    assert f'<time datetime="{by_year["since"]}">{by_year["since"]}</time>' in page
    doubtful = next(item for item in api["items"] if item["certainty"] != "confirmed")
    marker = re.search(rf'<span class="marker marker-{doubtful["certainty"]}" title="([^"]*)">', page)
    assert marker, "an unconfirmed entry has no visible marker"
    assert doubtful["note"] and marker[1] == doubtful["note"].replace("'", "&#39;")


def test_the_members_page_works_as_a_plain_form(client: TestClient) -> None:
    page = client.get("/members").text
    form = re.search(r'<form[^>]*method="get" action="/members"', page)
    assert form, "the date form must submit to the full page without JavaScript"
    assert re.search(r'<label for="on">[^<]+</label>', page)
    assert '<input type="date" id="on" name="on"' in page
    assert '<button type="submit">' in page


def test_a_bad_date_is_explained_not_refused(client: TestClient) -> None:
    response = client.get("/members", params={"on": "2014-13-01", "lang": "en"})
    assert response.status_code == 422
    assert "is not a date" in response.text
    assert html_lang(response.text) == "en"


def test_the_fragment_is_only_the_lists(client: TestClient) -> None:
    response = client.get("/members/list", params={"on": "2014-05-21", "lang": "fr"})
    assert response.status_code == 200
    assert "<html" not in response.text and "<h1" not in response.text and "<form" not in response.text
    assert rows(response.text).rows["member"] == 26
    assert "États membres" in response.text
    assert response.headers["HX-Push-Url"] == "/members?on=2014-05-21&lang=fr"
    # The switcher comes along out of band, its links keeping the day and naming the full page.
    assert 'hx-swap-oob="true"' in response.text
    assert 'href="/members?on=2014-05-21&amp;lang=zh"' in response.text


def test_the_switcher_keeps_the_day(client: TestClient) -> None:
    page = client.get("/members", params={"on": "2014-05-21", "lang": "en"}).text
    assert 'href="/members?on=2014-05-21&amp;lang=ru" hreflang="ru" lang="ru"' in page


@pytest.mark.parametrize(
    ("lang", "label"), [("en", "Member states"), ("ru", "Государства-члены"), ("zh", "成员国")]
)
def test_the_accessions_plot_is_a_labelled_svg(client: TestClient, lang: str, label: str) -> None:
    response = client.get("/members/accessions.svg", params={"lang": lang})
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert "<svg" in response.text[:500]
    assert label in response.text


def test_the_members_page_gives_the_plot_a_text_alternative(client: TestClient) -> None:
    page = client.get("/members", params={"lang": "en"}).text
    image = re.search(r'<img src="/members/accessions.svg\?lang=en"[^>]* alt="([^"]+)"', page)
    assert image and "member states" in image[1]
    assert "<summary>The figures as a table</summary>" in page


@pytest.fixture
def pacifica_client(pacifica: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=pacifica)) as test_client:
        yield test_client


@pytest.mark.parametrize("path", [*PAGES, "/members/list", "/members/accessions.svg"])
def test_nothing_is_wired_to_cica(pacifica_client: TestClient, path: str) -> None:
    response = pacifica_client.get(path, params={"lang": "fr"})
    assert response.status_code == 200
    assert "CICA" not in response.text


def test_the_members_page_derives_the_days_lists_once(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its three sections (and the home page's three counts) come from one list of the day."""
    derived: list[str] = []
    statuses_of_kind = queries.rules.statuses_of_kind

    def counted(statuses: Any, day: Any, kind: Any) -> Any:
        derived.append(kind)
        return statuses_of_kind(statuses, day, kind)

    monkeypatch.setattr(queries.rules, "statuses_of_kind", counted)
    page = client.get("/members", params={"on": "2011-02-03", "lang": "fr"})
    assert page.status_code == 200
    assert len(derived) <= 1
    client.get("/members", params={"on": "2011-02-03", "lang": "fr"})
    assert len(derived) <= 1  # the same day again: answered from the snapshot
