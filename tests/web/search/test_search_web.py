"""`GET /api/v1/search` and the `/search` page: hits with marked snippets and aligned partners,
in OpenAPI, bad input as problem+json, the page in the four languages and in the navigation."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cica.core.context import Context
from tests.factories import make_document


@pytest.fixture
def sample(cica: Context) -> str:
    with cica.unit_of_work() as session:
        return make_document(session, symbol="CICA/TEST/1").symbol


def test_the_api_answers_hits_with_their_aligned_paragraphs(client: TestClient, sample: str) -> None:
    answer = client.get("/api/v1/search", params={"q": "mesures de confiance"})
    assert answer.status_code == 200
    first = answer.json()["hits"][0]
    assert (first["symbol"], first["lang"], first["paragraph"]) == (sample, "fr", 1)
    assert isinstance(first["score"], float)
    assert first["aligned"] == [{"lang": "zh", "number": 1, "text": "亚信会议"}]


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ('"mesures de confiance"', {("fr", 1)}),
        ('"confiance de mesures"', set()),
        ('"亚信会议恪守"', {("zh", 2)}),
        ('"恪守亚信会议"', set()),
    ],
)
def test_a_quoted_phrase_in_q_finds_its_words_together_and_in_order(
    client: TestClient, sample: str, q: str, found: set[tuple[str, int]]
) -> None:
    hits = client.get("/api/v1/search", params={"q": q}).json()["hits"]
    assert {(hit["lang"], hit["paragraph"]) for hit in hits} == found


def test_the_page_takes_a_quoted_phrase(client: TestClient, sample: str) -> None:
    page = client.get("/search", params={"q": '"mesures de confiance"', "lang": "fr"})
    assert page.status_code == 200 and "<mark>mesures</mark>" in page.text
    assert "<mark>亚信会议恪守" not in client.get("/search", params={"q": '"confiance de mesures"'}).text


def test_the_api_filters_by_language(client: TestClient, sample: str) -> None:
    hits = client.get("/api/v1/search", params={"q": "亚信", "lang": "fr"}).json()["hits"]
    assert hits == []


def test_search_is_in_openapi(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/search" in paths


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": " "},
        {"q": "x", "limit": "0"},
        {"q": "x", "lang": "not a tag"},
        {"q": "x", "from": "2021-01-01", "to": "2020-01-01"},
    ],
)
def test_bad_input_is_a_problem(client: TestClient, params: dict[str, str]) -> None:
    answer = client.get("/api/v1/search", params=params)
    assert 400 <= answer.status_code < 500
    assert answer.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Search"), ("fr", "Recherche"), ("ru", "Поиск"), ("zh", "搜索")]
)
def test_the_page_searches_in_chinese_and_marks_the_words(
    client: TestClient, sample: str, lang: str, heading: str
) -> None:
    page = client.get("/search", params={"q": "亚信", "lang": lang})
    assert page.status_code == 200
    assert f"<h1>{heading}</h1>" in page.text
    assert "<mark>亚信</mark>" in page.text
    assert "La Conférence pour l&#39;interaction et les mesures de confiance en Asie" in page.text


def test_the_navigation_links_the_search_page(client: TestClient) -> None:
    assert 'href="/search"' in client.get("/").text


def test_the_page_takes_the_form_as_a_browser_sends_it(client: TestClient, sample: str) -> None:
    # Empty fields come as `from=&to=&version=`: no bound, no filter.
    query = "q=%E4%BA%9A%E4%BF%A1&version=&kind=&organ=&from=&to=&sort=relevance&lang=en"
    page = client.get(f"/search?{query}")
    assert page.status_code == 200 and "<mark>亚信</mark>" in page.text
    assert client.get("/search?q=x&from=2020-02-30").status_code == 422
