"""ETags, `304 Not Modified` and `Cache-Control` on the API and the pages: shared where the answer
is the same for everyone, private where it depends on the reader, never kept when it sets a
cookie or is an error; and a validator that changes when the answer does."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import httpx2 as httpx
from fastapi.testclient import TestClient
from sqlalchemy import event

from cica.app import create_app
from cica.core.context import Context
from tests.factories import make_draft
from tests.web.deliberation.conftest import Api, sign_in

STRONG_ETAG = re.compile(r'^"v?[0-9a-f]{31,32}"$')  # a version tag (v…) or a body hash


def revalidate(api: Api, path: str, etag: str, who: str | None = None) -> httpx.Response:
    headers = {"If-None-Match": etag} | ({"Authorization": f"Bearer {api.tokens[who]}"} if who else {})
    return api.client.get(f"/api/v1{path}", headers=headers)


def test_a_registry_answer_is_shared_and_revalidated_with_304(client: TestClient) -> None:
    first = client.get("/api/v1/members?on=2014-05-21&lang=zh")
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert STRONG_ETAG.match(etag)
    assert first.headers["cache-control"] == "public, max-age=60"
    assert {"Authorization", "Cookie", "Accept-Language", "HX-Request"} <= set(
        first.headers["vary"].split(", ")
    )
    for validator in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = client.get("/api/v1/members?on=2014-05-21&lang=zh", headers={"If-None-Match": validator})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag and again.headers["cache-control"] == "public, max-age=60"
    other = client.get("/api/v1/members?on=2014-05-21&lang=ru", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    assert client.get("/api/v1/chair").headers["cache-control"] == "public, max-age=60"


def test_an_answer_that_depends_on_the_reader_is_private(api: Api) -> None:
    anonymous = api.get("/drafts")
    assert anonymous.headers["cache-control"] == "public, no-cache"
    signed = api.get("/drafts", "india")
    assert signed.headers["cache-control"] == "private, no-cache" and STRONG_ETAG.match(
        signed.headers["etag"]
    )
    again = revalidate(api, "/drafts", signed.headers["etag"], "india")
    assert again.status_code == 304 and again.headers["cache-control"] == "private, no-cache"
    # A token that identifies nobody is still a credential: the answer is not shared.
    stranger = api.client.get("/api/v1/drafts", headers={"Authorization": "Bearer nothing"})
    assert stranger.headers["cache-control"] in ("private, no-cache", "no-store")


def test_the_validator_changes_when_the_answer_does(api: Api, cica: Context) -> None:
    before = api.get("/drafts")
    with cica.unit_of_work() as session:
        make_draft(session, organ="soc", title="New text")
    after = revalidate(api, "/drafts", before.headers["etag"])
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert "New text" in after.text


def test_pages_signed_in_are_private_and_cookies_and_errors_are_not_kept(cica: Context) -> None:
    with TestClient(create_app(context=cica), base_url="https://testserver") as client:
        public_page = client.get("/members")
        assert public_page.headers["cache-control"] == "public, no-cache" and "etag" in public_page.headers
        assert (
            client.get("/members", headers={"If-None-Match": public_page.headers["etag"]}).status_code == 304
        )
        chosen = client.get("/members?lang=fr")  # sets the language cookie
        assert "set-cookie" in chosen.headers and chosen.headers["cache-control"] == "no-store"
        assert client.get("/signin").headers["cache-control"] == "no-store"  # its CSRF cookie
        missing = client.get("/api/v1/decisions/99999")
        assert missing.status_code == 404 and missing.headers["cache-control"] == "no-store"
        assert "etag" not in missing.headers


def test_signed_in_pages_and_streams(api: Api) -> None:
    client = api.client
    sign_in(client, api.emails["secretariat"])
    page = client.get("/drafts")
    assert page.headers["cache-control"] == "private, no-cache"
    assert client.get("/drafts", headers={"If-None-Match": page.headers["etag"]}).status_code == 304
    export = client.get("/audit/export?format=jsonl")
    assert export.status_code == 200 and "etag" not in export.headers  # streamed, passed through
    assert export.headers["cache-control"] == "private, no-cache"


def test_a_registry_answer_the_client_holds_is_not_built_again(cica: Context) -> None:
    # The route's own version check, as a request the answer cache (core.answers) does not hold
    # meets it: with that cache off, so that the request reaches the route.
    with (
        Context.create(replace(cica.settings, answer_cache_bytes=0), clock=cica.clock) as plain,
        TestClient(create_app(context=plain)) as client,
    ):
        _the_version_answers_alone(client, plain)


def _the_version_answers_alone(client: TestClient, cica: Context) -> None:
    first = client.get("/api/v1/chair?on=2014-05-21&lang=fr")
    etag = first.headers["etag"]
    seen: list[str] = []

    def note(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(cica.engine, "before_cursor_execute", note)
    try:
        again = client.get("/api/v1/chair?on=2014-05-21&lang=fr", headers={"If-None-Match": etag})
    finally:
        event.remove(cica.engine, "before_cursor_execute", note)
    assert again.status_code == 304 and again.headers["etag"] == etag
    assert again.headers["cache-control"] == "public, max-age=60"
    reads = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1 and "charter" in reads[0], seen  # the digest, nothing else
    # Another day is another version.
    assert (
        client.get("/api/v1/chair?on=2015-05-21&lang=fr", headers={"If-None-Match": etag}).status_code == 200
    )
