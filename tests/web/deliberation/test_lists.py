"""Paged, searchable lists through the API and the pages: `Link` headers, "Older/Newer" links in
the reader's language, clear refusals of bad cursors, limits and searches; notices marked read
one by one (HTMX or a plain form) or all at once."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from cica.app import create_app
from cica.core.context import Context
from tests.factories import SECRETARIAT, make_draft
from tests.web.deliberation.conftest import Api, sign_in

LINK = re.compile(r'<([^>]+)>; rel="(next|prev)"')


def links(response: httpx.Response) -> dict[str, str]:
    return {rel: url for url, rel in LINK.findall(response.headers.get("link", ""))}


def some_drafts(cica: Context, count: int, title: str = "Draft") -> None:
    with cica.unit_of_work() as session:
        for number in range(count):
            make_draft(session, organ="soc", title=f"{title} {number}", actor=SECRETARIAT)


def test_the_api_pages_drafts_with_link_headers(api: Api, cica: Context) -> None:
    some_drafts(cica, 5)
    first = api.get("/drafts?limit=2&stage=under_negotiation")
    assert first.status_code == 200 and len(first.json()["items"]) == 2 and first.json()["count"] == 5
    assert set(links(first)) == {"next"}
    seen = [item["id"] for item in first.json()["items"]]
    following = first
    while "next" in links(following):
        target = urlsplit(links(following)["next"])
        assert parse_qs(target.query)["stage"] == ["under_negotiation"]  # the filters are kept
        following = api.client.get(f"{target.path}?{target.query}")
        assert following.status_code == 200 and "prev" in links(following)
        seen += [item["id"] for item in following.json()["items"]]
    assert len(seen) == len(set(seen)) == 5


@pytest.mark.parametrize(
    ("path", "who"),
    [("/drafts", None), ("/decisions", None), ("/notifications", "india"), ("/audit", "secretariat")],
)
@pytest.mark.parametrize("query", ["cursor=garbage", "limit=0", "limit=100000", "q=" + "x" * 201])
def test_bad_cursors_limits_and_searches_are_problems(
    api: Api, path: str, who: str | None, query: str
) -> None:
    answer = api.get(f"{path}?{query}", who)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["cache-control"] == "no-store"


def test_the_drafts_page_has_older_and_newer_links_in_the_readers_language(
    client: TestClient, cica: Context
) -> None:
    some_drafts(cica, 3)
    first = client.get("/drafts?limit=2&lang=ru")
    older = re.search(r'<a rel="next" href="([^"]+)">([^<]+)</a>', first.text)
    assert older and older.group(2) == "Более ранние →"
    second = client.get(older.group(1).replace("&amp;", "&"))
    newer = re.search(r'<a rel="prev" href="([^"]+)">([^<]+)</a>', second.text)
    assert newer and newer.group(2) == "← Более новые"
    assert 'rel="next"' not in second.text
    for lang, word in (("zh", "更早 →"), ("fr", "Plus anciens →"), ("en", "Older →")):
        assert word in client.get(f"/drafts?limit=2&lang={lang}").text


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "That link to a page of this list no longer works"),
        ("ru", "Эта ссылка на страницу списка больше не действует"),
        ("zh", "该列表分页链接已失效"),
        ("fr", "Ce lien vers une page de la liste ne fonctionne plus"),
    ],
)
def test_a_page_with_a_damaged_link_starts_the_list_again_and_says_so(
    client: TestClient, cica: Context, lang: str, message: str
) -> None:
    some_drafts(cica, 3, "Kept")
    page = client.get(f"/drafts?cursor=garbage&limit=2&q=kept&lang={lang}")
    assert page.status_code == 200 and message in page.text
    assert page.text.count('<a href="/drafts/') == 2  # the first page, the search kept
    assert message not in client.get(f"/drafts?limit=2&q=kept&lang={lang}").text


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "SECURITY"), ("ru", "безопасности"), ("zh", "安全"), ("fr", "securite")],
)
def test_lists_are_searched_by_title_words_in_api_and_pages(
    api: Api, cica: Context, lang: str, words: str
) -> None:
    with cica.unit_of_work() as session:
        make_draft(
            session,
            organ="soc",
            title="Security cooperation",
            texts={"ru": ("Сотрудничество в области безопасности", "Текст."),
                   "zh": ("安全合作", "文本。"), "fr": ("Coopération en matière de sécurité", "Texte.")},
        )  # fmt: skip
        make_draft(session, organ="soc", title="Annual report")
    found = api.get(f"/drafts?q={words}").json()
    assert [item["title"] for item in found["items"]] == ["Security cooperation"]
    page = api.client.get(f"/drafts?q={words}&lang={lang}").text
    # The page names the draft found in the reader's language (main's titles in the reader's language).
    in_lang = {"en": "Security cooperation", "ru": "Сотрудничество в области безопасности",
               "zh": "安全合作", "fr": "Coopération en matière de sécurité"}  # fmt: skip
    assert in_lang[lang] in page and "Annual report" not in page
    assert f'value="{words}"' in page  # the search is kept in its field
    notices = api.get(f"/notifications?q={words}", "india").json()
    assert notices["items"] and {n["draft_id"] for n in notices["items"]} == {notices["items"][0]["draft_id"]}


def test_notices_are_marked_read_one_by_one_or_all_at_once(api: Api, cica: Context) -> None:
    some_drafts(cica, 3)
    inbox = api.get("/notifications", "india").json()
    assert inbox["unread"] == 3
    one = next(n for n in inbox["items"] if n["recipient"] == "IND")
    with TestClient(create_app(context=cica), base_url="https://testserver") as india:
        csrf = sign_in(india, api.emails["india"])
        page = india.get("/notifications").text
        assert "Mark all as read" in page and f'hx-post="/notifications/{one["id"]}/read"' in page
        # HTMX swaps only the notice, now read; without JavaScript the list comes back.
        fragment = india.post(
            f"/notifications/{one['id']}/read", headers={"HX-Request": "true", "X-CSRF-Token": csrf}
        )
        assert fragment.status_code == 200 and fragment.text.lstrip().startswith(
            f'<li id="notice-{one["id"]}"'
        )
        assert 'class="notice-read"' in fragment.text and "hx-post" not in fragment.text
        assert api.get("/notifications", "india").json()["unread"] == 2
        marked = india.post("/notifications/read", data={"csrf_token": csrf}, follow_redirects=False)
        assert marked.status_code == 303 and marked.headers["location"] == "/notifications"
        assert "Mark all as read" not in india.get("/notifications").text
    assert api.get("/notifications", "india").json()["unread"] == 0
    assert api.get("/notifications", "china").json()["unread"] == 3  # only India's were marked
    assert api.post("/notifications/read", "china").json() == {"marked": 3}
    assert api.post("/notifications/read", "china").json() == {"marked": 0}


@pytest.mark.parametrize(
    ("path", "who", "key"), [("/notifications", "india", "id"), ("/audit", "secretariat", "seq")]
)
def test_notices_and_the_audit_trail_page_with_link_headers(
    api: Api, cica: Context, path: str, who: str, key: str
) -> None:
    some_drafts(cica, 3)
    seen: list[int] = []
    address: str | None = f"/api/v1{path}?limit=2"
    while address:
        answer = api.client.get(address, headers={"Authorization": f"Bearer {api.tokens[who]}"})
        assert answer.status_code == 200, answer.text
        seen += [item[key] for item in answer.json()["items"]]
        following = links(answer).get("next")
        address = f"{urlsplit(following).path}?{urlsplit(following).query}" if following else None
    assert len(seen) == len(set(seen)) >= 3
