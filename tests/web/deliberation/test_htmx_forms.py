"""A page form posted by HTMX (core.forms.HtmxForms): a refusal answers the form alone, with what
was typed and each message beside its field, in the reader's language, for HTMX to swap in; a
success answers `HX-Redirect`; without HTMX the whole page comes back as before."""

from __future__ import annotations

import re

import pytest

from cica.core.context import Context
from cica.core.forms import cut_form
from cica.deliberation.models import Amendment
from tests.factories import make_draft
from tests.web.deliberation.conftest import Api, sign_in
from tests.web.deliberation.test_forms import field_error

HTMX = {"HX-Request": "true"}


def council_draft(context: Context) -> int:
    with context.unit_of_work() as session:
        return make_draft(session, organ="ministerial_council").id


def amend(api: Api, draft_id: int, lang: str, *, htmx: bool, justification: str = "стиль") -> str:
    csrf = sign_in(api.client, api.emails["india"])
    refused = api.client.post(
        f"/drafts/{draft_id}/amendments",
        data={
            "csrf_token": csrf, "form_page": f"/drafts/{draft_id}?lang={lang}", "form_id": "amend",
            "kind": "replace", "paragraphs": "two", "text": "Приветствуя <значительный> прогресс,",
            "justification": justification,
        },
        headers=HTMX if htmx else {},
    )  # fmt: skip
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("text/html")
    assert refused.headers.get("cica-swap") == ("form" if htmx else None)
    return refused.text


@pytest.mark.parametrize(
    ("lang", "message"),
    [("ru", "Укажите номера абзацев"), ("zh", "段"), ("fr", "numéros de paragraphe")],
)
def test_htmx_gets_the_refused_form_alone_with_the_input_and_the_message_beside_its_field(
    api: Api, cica: Context, lang: str, message: str
) -> None:
    draft_id = council_draft(cica)
    fragment = amend(api, draft_id, lang, htmx=True)
    assert fragment.startswith("<form") and fragment.endswith("</form>")  # the form, not the page
    assert "<html" not in fragment and 'class="site-header"' not in fragment
    assert f'action="/drafts/{draft_id}/amendments"' in fragment
    assert 'name="form_id" value="amend"' in fragment  # it can be refused and swapped again
    assert "Приветствуя &lt;значительный&gt; прогресс,</textarea>" in fragment  # kept, escaped
    assert ">стиль</textarea>" in fragment and 'value="two"' in fragment
    assert message in field_error(fragment, "amend", "paragraphs")  # beside its field, in lang
    assert 'aria-describedby="amend-paragraphs-error" aria-invalid="true"' in fragment
    with cica.unit_of_work() as session:
        assert session.query(Amendment).count() == 0  # and nothing changed


def test_without_htmx_the_same_form_comes_back_on_the_whole_page(api: Api, cica: Context) -> None:
    draft_id = council_draft(cica)
    page = amend(api, draft_id, "ru", htmx=False)
    assert page.lstrip().lower().startswith("<!doctype html>") and "brand-name" in page
    # The form HTMX is given is the very form on that page (but for the new session's token).
    assert without_token(cut_form(page, "amend") or "") == without_token(
        amend(api, draft_id, "ru", htmx=True)
    )


def without_token(form: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", form)


def test_a_success_posted_by_htmx_answers_hx_redirect_not_a_redirect_to_follow(
    api: Api, cica: Context
) -> None:
    draft_id = council_draft(cica)
    csrf = sign_in(api.client, api.emails["india"])
    accepted = api.client.post(
        f"/drafts/{draft_id}/amendments",
        data={"csrf_token": csrf, "form_page": f"/drafts/{draft_id}", "form_id": "amend",
              "kind": "replace", "paragraphs": "1", "text": "New words.", "justification": "Style."},
        headers=HTMX,
        follow_redirects=False,
    )  # fmt: skip
    assert accepted.status_code == 200, accepted.text
    assert accepted.headers["hx-redirect"].startswith(f"/drafts/{draft_id}")
    assert "location" not in accepted.headers and accepted.text == ""
    with cica.unit_of_work() as session:
        assert session.query(Amendment).count() == 1


def test_a_refused_sign_in_by_htmx_is_the_form_with_its_message(api: Api) -> None:
    page = api.client.get("/signin", params={"lang": "zh"})
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    refused = api.client.post(
        "/signin?lang=zh",
        data={"csrf_token": token, "form_page": "/signin?lang=zh", "form_id": "signin",
              "email": api.emails["india"], "password": "not the password"},
        headers=HTMX,
    )  # fmt: skip
    assert refused.status_code == 401
    assert refused.headers["cica-swap"] == "form"
    assert refused.text.startswith('<form class="signin-form"')
    assert 'role="alert">电子邮件或密码错误。</p>' in refused.text  # in the form, in the reader's language
    assert f'value="{api.emails["india"]}"' in refused.text  # the e-mail kept, never the password
    assert "not the password" not in refused.text


def test_an_answer_with_no_form_to_swap_replaces_the_body(api: Api, cica: Context) -> None:
    draft_id = council_draft(cica)
    csrf = sign_in(api.client, api.emails["india"])
    # A form that is not on the page it names: the whole page is the answer, for the body.
    answer = api.client.post(
        f"/drafts/{draft_id}/amendments",
        data={"csrf_token": csrf, "form_page": "/drafts", "form_id": "amend", "kind": "replace",
              "paragraphs": "two", "text": "x", "justification": "y"},
        headers=HTMX,
    )  # fmt: skip
    assert answer.status_code == 422
    assert answer.headers["cica-swap"] == "page"
    assert answer.headers["hx-retarget"] == "body" and answer.headers["hx-reswap"] == "innerHTML"


def test_cut_form_finds_the_form_by_its_id_only() -> None:
    page = (
        '<form action="/a"><input type="hidden" name="form_id" value="a"><textarea>&lt;/form&gt;</textarea></form>'
        '<form action="/b"><input type="hidden" name="form_id" value="b"></form>'
    )
    assert cut_form(page, "b") == '<form action="/b"><input type="hidden" name="form_id" value="b"></form>'
    assert cut_form(page, "a") is not None and cut_form(page, "a").endswith("&lt;/form&gt;</textarea></form>")  # type: ignore[union-attr]
    assert cut_form(page, "c") is None
