"""Sign-in, sign-out, CSRF and delegation pages through the web app, as a browser would use them."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cica.accounts.models import DelegationProfile, User
from cica.accounts.passwords import Passwords
from cica.app import create_app
from cica.audit.models import AuditEntry
from cica.core.context import Context
from tests.factories import PASSWORD, make_user
from tests.web.access.conftest import form_token, sign_in


@pytest.fixture
def head(cica: Context) -> User:
    with cica.unit_of_work() as session:
        return make_user(session, email="head@ind.example", role="head_of_delegation", delegation="IND")


def last_entry(context: Context) -> AuditEntry:
    with context.unit_of_work(write=False) as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert entry is not None
    return entry


def test_signing_in_shows_the_user_and_their_delegation_and_signing_out_ends_it(
    web: TestClient, head: User
) -> None:
    home = web.get("/")
    assert "Sign in" in home.text and "head@ind.example" not in home.text
    csrf = sign_in(web, head.email)
    page = web.get("/")
    assert "head@ind.example" in page.text
    assert '<span class="account-delegation">India</span>' in page.text
    signed_out = web.post("/signout", data={"csrf_token": csrf}, follow_redirects=False)
    assert signed_out.status_code == 303
    assert "head@ind.example" not in web.get("/").text
    assert web.get("/account").status_code == 401


def test_the_session_cookie_is_httponly_samesite_and_secure_off_loopback(web: TestClient, head: User) -> None:
    response = web.post(
        "/signin",
        data={"email": head.email, "password": PASSWORD, "csrf_token": form_token(web, "/signin")},
        follow_redirects=False,
    )
    cookie = next(
        value for value in response.headers.get_list("set-cookie") if value.startswith("cica_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" in cookie


def test_on_loopback_the_cookie_is_not_secure_so_plain_http_works(cica: Context, head: User) -> None:
    client = TestClient(create_app(context=cica), base_url="http://127.0.0.1:8000")
    with client:
        # TestClient names the server by the base URL's host: a loopback address.
        response = client.post(
            "/signin",
            data={"email": head.email, "password": PASSWORD, "csrf_token": form_token(client, "/signin")},
            follow_redirects=False,
        )
    cookie = next(
        value for value in response.headers.get_list("set-cookie") if value.startswith("cica_session=")
    )
    assert "Secure" not in cookie


def test_a_wrong_password_and_an_unknown_user_get_the_same_page(web: TestClient, head: User) -> None:
    pages = []
    for email, password in [(head.email, "not the password"), ("nobody@example.org", PASSWORD)]:
        response = web.post(
            "/signin", data={"email": email, "password": password, "csrf_token": form_token(web, "/signin")}
        )
        assert response.status_code == 401
        pages.append(response.text.replace(email, "EMAIL"))
    assert "Wrong e-mail or password." in pages[0]
    assert pages[0].split("<form")[0] == pages[1].split("<form")[0]


def test_too_many_failures_are_throttled_with_a_readable_page(web: TestClient, head: User) -> None:
    for _ in range(5):
        data = {"email": head.email, "password": "not the password", "csrf_token": form_token(web, "/signin")}
        assert web.post("/signin", data=data).status_code == 401
    data = {"email": head.email, "password": PASSWORD, "csrf_token": form_token(web, "/signin")}
    response = web.post("/signin", data=data)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
    assert "Too many failed attempts" in response.text


def test_a_sign_in_form_without_its_token_is_refused(web: TestClient, head: User) -> None:
    web.get("/signin")
    response = web.post("/signin", data={"email": head.email, "password": PASSWORD, "csrf_token": "made-up"})
    assert response.status_code == 403
    assert "security token" in response.text
    assert "cica_session" not in response.headers.get("set-cookie", "")


def test_a_post_without_the_csrf_token_is_refused_and_recorded(
    cica: Context, web: TestClient, head: User
) -> None:
    sign_in(web, head.email)
    response = web.post("/delegations/IND", data={"contact_email": "new@ind.example"})
    assert response.status_code == 403
    assert "text/html" in response.headers["content-type"]
    entry = last_entry(cica)
    assert (entry.outcome, entry.action, entry.actor_email) == ("denied", "request.csrf", head.email)
    with cica.unit_of_work(write=False) as session:
        assert session.get(DelegationProfile, "IND") is None


def test_a_forged_form_post_for_another_delegation_is_refused(
    cica: Context, web: TestClient, head: User
) -> None:
    csrf = sign_in(web, head.email)
    response = web.post("/delegations/PAK", data={"contact_email": "evil@pak.example", "csrf_token": csrf})
    assert response.status_code == 403
    assert "acts for IND only, not for PAK" in response.text
    entry = last_entry(cica)
    assert (entry.outcome, entry.action, entry.objects) == (
        "denied",
        "delegation.update",
        ["participant:PAK"],
    )
    with cica.unit_of_work(write=False) as session:
        assert session.get(DelegationProfile, "PAK") is None


def test_a_head_of_delegation_edits_their_delegation_from_its_page(
    cica: Context, web: TestClient, head: User
) -> None:
    csrf = sign_in(web, head.email)
    page = web.get("/delegations/IND")
    assert 'name="contact_email"' in page.text
    assert 'name="contact_email"' not in web.get("/delegations/PAK").text  # no form where it would be refused
    saved = web.post(
        "/delegations/IND",
        data={
            "head_name": "H.E. Head",
            "contact_email": "mission@ind.example",
            "address": "",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert "mission@ind.example" in web.get(saved.headers["location"]).text
    bad = web.post("/delegations/IND", data={"contact_email": "nonsense", "csrf_token": csrf})
    assert bad.status_code == 422
    assert "is not an e-mail address" in bad.text


def test_a_head_of_delegation_adds_a_delegate_and_sees_the_password_once(
    cica: Context, web: TestClient, head: User
) -> None:
    csrf = sign_in(web, head.email)
    page = web.post(
        "/delegations/IND/users", data={"email": "new@ind.example", "role": "delegate", "csrf_token": csrf}
    )
    assert page.status_code == 200
    assert 'id="new-password"' in page.text
    assert 'id="new-password"' not in web.get("/delegations/IND").text
    refused = web.post(
        "/delegations/IND/users",
        data={"email": "boss@ind.example", "role": "head_of_delegation", "csrf_token": csrf},
    )
    assert refused.status_code == 403


def test_an_api_token_is_shown_once_on_the_account_page(web: TestClient, head: User) -> None:
    csrf = sign_in(web, head.email)
    created = web.post("/account/tokens", data={"name": "my script", "csrf_token": csrf})
    assert created.status_code == 200
    assert 'id="new-token">cica_' in created.text
    assert 'id="new-token"' not in web.get("/account").text


def test_an_expired_session_asks_to_sign_in_again(cica: Context, head: User) -> None:
    from dataclasses import replace

    short = Context(replace(cica.settings, session_idle_minutes=0), cica.engine, cica.sessions)
    with TestClient(create_app(context=short), base_url="https://testserver") as client:
        sign_in_response = client.post(
            "/signin",
            data={"email": head.email, "password": PASSWORD, "csrf_token": form_token(client, "/signin")},
            follow_redirects=False,
        )
        assert sign_in_response.status_code == 303
        response = client.get("/account")
    assert response.status_code == 401
    assert "your session has ended" in response.text
    assert 'href="/signin?next=/account"' in response.text


def test_the_sign_in_page_only_redirects_within_the_site(web: TestClient, head: User) -> None:
    for target, expected in [
        ("/members", "/members"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
    ]:
        web.cookies.clear()
        response = web.post(
            "/signin",
            data={
                "email": head.email,
                "password": PASSWORD,
                "next": target,
                "csrf_token": form_token(web, "/signin"),
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == expected


def test_the_audit_page_is_for_the_secretariat(cica: Context, web: TestClient, head: User) -> None:
    sign_in(web, head.email)
    assert web.get("/audit").status_code == 403
    with cica.unit_of_work() as session:
        officer = make_user(session, role="secretariat")
    web.cookies.clear()
    sign_in(web, officer.email)
    page = web.get("/audit?outcome=denied")
    assert page.status_code == 200
    assert "audit.read" in page.text  # the head's refused attempt, just made
    export = web.get("/audit/export?format=csv&action=users.")
    assert export.status_code == 200
    assert export.text.startswith("seq,at,")
    assert export.text.count("users.add") == 2


def test_htmx_sends_the_csrf_token_as_a_header(cica: Context, web: TestClient, head: User) -> None:
    csrf = sign_in(web, head.email)
    refused = web.post("/delegations/IND", data={"address": "x"}, headers={"X-CSRF-Token": "wrong"})
    assert refused.status_code == 403
    accepted = web.post(
        "/delegations/IND",
        data={"address": "Embassy Road 1"},
        headers={"X-CSRF-Token": csrf},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    with cica.unit_of_work(write=False) as session:
        profile = session.get(DelegationProfile, "IND")
    assert profile is not None and profile.address == "Embassy Road 1"


def test_a_token_with_odd_characters_is_refused_not_a_crash(web: TestClient, head: User) -> None:
    sign_in(web, head.email)
    assert web.post("/delegations/IND", data={"address": "x", "csrf_token": "jeton-été"}).status_code == 403


def test_a_missing_page_is_a_readable_404_that_still_knows_who_is_signed_in(
    web: TestClient, head: User
) -> None:
    sign_in(web, head.email)
    response = web.get("/no-such-page")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "head@ind.example" in response.text


def test_a_new_user_s_password_is_hashed_before_the_write_lock_is_taken(
    cica: Context, web: TestClient, head: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While Argon2 runs for the page, another writer can take SQLite's write lock at once (on
    PostgreSQL, where writers do not share one lock, the page is only checked to work)."""
    csrf = sign_in(web, head.email)
    database = cica.engine.url.database if cica.engine.dialect.name == "sqlite" else None
    real_hash = Passwords.hash
    writers_blocked: list[bool] = []

    def hash_and_try_to_write(self: Passwords, password: str) -> str:
        if database is None:
            return real_hash(self, password)
        other = sqlite3.connect(database, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
            writers_blocked.append(False)
        except sqlite3.OperationalError:
            writers_blocked.append(True)
        finally:
            other.close()
        return real_hash(self, password)

    monkeypatch.setattr(Passwords, "hash", hash_and_try_to_write)
    page = web.post(
        "/delegations/IND/users", data={"email": "new@ind.example", "role": "delegate", "csrf_token": csrf}
    )
    assert page.status_code == 200 and 'id="new-password"' in page.text
    assert writers_blocked == ([False] if database else [])
