"""The answer cache's own rules, on a tiny app: what is kept, for whom, for how long, in how much
memory (the database side is in tests/web/core/test_answers.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, StreamingResponse
from fastapi.testclient import TestClient

from cica.core.answers import AnswerCache, AnswerStore, Entry, hold_until
from cica.core.caching import CachingMiddleware
from cica.core.middleware import SecurityHeaders

START = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


class Counter:
    """A database state that changes when told to."""

    def __init__(self) -> None:
        self.value = 0

    def read(self) -> object:
        return self.value


class Clock:
    def __init__(self) -> None:
        self.moment = START

    def now(self) -> datetime:
        return self.moment


def tiny(limit: int = 1 << 20) -> tuple[TestClient, AnswerCache, Counter, Clock, list[str]]:
    app = FastAPI()
    built: list[str] = []

    @app.get("/kept")
    def kept(request: Request) -> PlainTextResponse:
        built.append("kept")
        hold_until(request, START + timedelta(minutes=1))
        who = request.headers.get("authorization", "nobody")
        return PlainTextResponse(f"for {who} #{len(built)}")

    @app.get("/big/{size}")
    def big(request: Request, size: int) -> PlainTextResponse:
        built.append("big")
        hold_until(request, START + timedelta(minutes=1))
        return PlainTextResponse("x" * size)

    @app.get("/undeclared")
    def undeclared() -> PlainTextResponse:
        built.append("undeclared")
        return PlainTextResponse("same")

    @app.get("/cookie")
    def cookie(request: Request) -> PlainTextResponse:
        built.append("cookie")
        hold_until(request, START + timedelta(minutes=1))
        response = PlainTextResponse("with a cookie")
        response.set_cookie("lang", "ru")
        return response

    @app.get("/stream")
    def stream(request: Request) -> StreamingResponse:
        built.append("stream")
        hold_until(request, START + timedelta(minutes=1))
        return StreamingResponse(iter([b"a", b"b"]))

    app.add_middleware(CachingMiddleware)
    app.add_middleware(SecurityHeaders)
    state, clock = Counter(), Clock()
    app.add_middleware(AnswerCache, limit=limit, now=clock.now, state=state)
    client = TestClient(app)
    client.get("/undeclared")  # builds the middleware stack
    cache = app.middleware_stack
    while not isinstance(cache, AnswerCache):
        cache = cache.app  # type: ignore[union-attr]
    built.clear()
    return client, cache, state, clock, built


def test_a_hit_is_the_same_bytes_and_headers_without_running_the_route() -> None:
    client, _, _, _, built = tiny()
    first, second = client.get("/kept"), client.get("/kept")
    assert built == ["kept"]
    assert second.content == first.content
    assert second.headers.raw == first.headers.raw


def test_if_none_match_on_a_hit_is_the_304_the_app_sends() -> None:
    client, _, _, _, built = tiny()
    etag = client.get("/kept").headers["etag"]
    from_entry = client.get("/kept", headers={"If-None-Match": etag})
    assert from_entry.status_code == 304 and built == ["kept"]
    fresh_client = tiny()[0]  # the same app without the entry
    built_by_app = fresh_client.get("/kept", headers={"If-None-Match": etag})
    assert built_by_app.status_code == 304
    assert from_entry.headers.raw == built_by_app.headers.raw


def test_head_is_answered_from_the_entry_without_a_body() -> None:
    client, _, _, _, built = tiny()
    got = client.get("/kept")
    head = client.head("/kept")
    assert built == ["kept"] and head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]


def test_a_commit_makes_the_next_request_a_miss() -> None:
    client, _, state, _, built = tiny()
    client.get("/kept")
    state.value += 1
    assert client.get("/kept").text == "for nobody #2"
    assert client.get("/kept").text == "for nobody #2"
    assert built == ["kept", "kept"]


def test_a_commit_while_the_answer_is_built_is_not_hidden() -> None:
    client, cache, state, _, built = tiny()
    original = cache.app

    async def commits_meanwhile(scope, receive, send):  # type: ignore[no-untyped-def]
        state.value += 1  # another connection commits while this answer is being built
        await original(scope, receive, send)

    cache.app = commits_meanwhile
    client.get("/kept")
    cache.app = original
    client.get("/kept")
    assert built == ["kept", "kept"]  # the first answer was kept with the state read before it


def test_an_answer_does_not_outlive_its_hold() -> None:
    client, _, _, clock, built = tiny()
    client.get("/kept")
    clock.moment = START + timedelta(seconds=59)
    client.get("/kept")
    assert built == ["kept"]
    clock.moment = START + timedelta(minutes=1)
    assert client.get("/kept").text == "for nobody #2"


def test_two_callers_never_share_an_entry() -> None:
    client, cache, _, _, _ = tiny()
    assert client.get("/kept", headers={"Authorization": "Bearer a"}).text == "for Bearer a #1"
    assert client.get("/kept", headers={"Authorization": "Bearer b"}).text == "for Bearer b #2"
    assert client.get("/kept").text == "for nobody #3"
    assert client.get("/kept", headers={"Cookie": "cica_session=x"}).text == "for nobody #4"
    assert client.get("/kept", headers={"Cookie": "cica_session=y"}).text == "for nobody #5"
    assert client.get("/kept", headers={"Authorization": "Bearer a"}).text == "for Bearer a #1"
    assert len(cache.store) == 5


def test_only_declared_whole_cookieless_answers_are_kept() -> None:
    client, cache, _, _, built = tiny()
    for path in ("/undeclared", "/cookie", "/stream"):
        client.get(path)
        client.get(path)
    assert built == ["undeclared", "undeclared", "cookie", "cookie", "stream", "stream"]
    assert len(cache.store) == 0


def test_memory_is_bounded_least_recently_used_first() -> None:
    client, cache, _, _, built = tiny(limit=3400)
    client.get("/big/900")
    client.get("/big/901")
    client.get("/big/900")  # a hit: now the most recently used
    client.get("/big/902")  # over the limit: 901 goes
    assert cache.store.size <= 3400 and len(cache.store) == 2
    built.clear()
    client.get("/big/900")
    client.get("/big/902")
    assert built == []
    client.get("/big/901")
    assert built == ["big"]
    client.get("/big/5000")  # larger than the whole cache: never kept
    assert cache.store.size <= 3400


def test_the_store_counts_what_it_drops() -> None:
    store = AnswerStore(limit=1000)
    entry = Entry({}, b"x", None, 0, START, 600)
    store.put(b"a", entry)
    store.put(b"a", entry)
    assert store.size == 600
    store.put(b"b", entry)
    assert store.size == 600 and store.get(b"a") is None and store.get(b"b") is entry
