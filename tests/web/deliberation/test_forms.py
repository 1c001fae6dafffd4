"""Refused forms come back as the same form: the input kept, the message beside its field, in the
reader's language, under the full site header (core.forms)."""

from __future__ import annotations

import re

from cica.core.context import Context
from tests.factories import make_draft
from tests.web.deliberation.conftest import Api, sign_in


def council_draft(context: Context) -> int:
    with context.unit_of_work() as session:
        return make_draft(session, organ="ministerial_council").id


def field_error(page: str, form_id: str, name: str) -> str:
    found = re.search(rf'<p class="field-error" id="{form_id}-{name}-error"[^>]*>(.*?)</p>', page, re.DOTALL)
    assert found, page
    return found.group(1)


def test_a_refused_amendment_comes_back_with_what_was_typed(api: Api, cica: Context) -> None:
    draft_id = council_draft(cica)
    csrf = sign_in(api.client, api.emails["india"])
    refused = api.client.post(
        f"/drafts/{draft_id}/amendments",
        data={
            "csrf_token": csrf, "form_page": f"/drafts/{draft_id}?lang=ru", "form_id": "amend",
            "kind": "replace", "paragraphs": "two", "text": "Приветствуя <значительный> прогресс,",
            "justification": "стиль",
        },
    )  # fmt: skip
    assert refused.status_code == 422
    page = refused.text
    assert 'class="brand-abbr">СВМДА<' in page or "brand-name" in page  # the full site header
    assert "Приветствуя &lt;значительный&gt; прогресс,</textarea>" in page  # kept, escaped
    assert ">стиль</textarea>" in page and 'value="two"' in page
    message = field_error(page, "amend", "paragraphs")
    assert "Укажите номера абзацев" in message  # in the reader's language …
    assert "is not a list of paragraph numbers" in message  # … with the rule in small print
    assert 'aria-describedby="amend-paragraphs-error" aria-invalid="true"' in page
    with cica.unit_of_work() as session:
        from cica.deliberation.models import Amendment

        assert session.query(Amendment).count() == 0  # and nothing changed


def test_a_missing_field_is_named_beside_it_not_as_body_title(api: Api, cica: Context) -> None:
    csrf = sign_in(api.client, api.emails["secretariat"])
    refused = api.client.post(
        "/drafts",
        data={"csrf_token": csrf, "form_page": "/drafts/new?lang=fr", "form_id": "new-draft",
              "kind": "declaration", "organ": "ministerial_council", "body": "Un.\n\nDeux."},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "Renseignez ce champ." in field_error(refused.text, "new-draft", "title")
    assert "Un.\n\nDeux.</textarea>" in refused.text
    assert "body.title" not in refused.text


def test_opening_consensus_with_nobody_present_is_refused_beside_the_list(api: Api, cica: Context) -> None:
    draft_id = council_draft(cica)
    csrf = sign_in(api.client, api.emails["chair"])
    refused = api.client.post(
        f"/drafts/{draft_id}/consensus",
        data={"csrf_token": csrf, "form_page": f"/drafts/{draft_id}", "form_id": "consensus",
              "held_on": "", "present": ""},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "Mark at least one delegation as present" in field_error(refused.text, "consensus", "present")
    assert "Put to adoption by consensus" not in refused.text  # no procedure was opened


def test_an_error_page_keeps_the_site_header_and_speaks_the_readers_language(api: Api, cica: Context) -> None:
    missing = api.client.get("/drafts/999999", params={"lang": "zh"})
    assert missing.status_code == 404
    assert 'class="brand-name"' in missing.text and 'class="site-nav"' in missing.text
    assert "不存在" in missing.text


def refused_new_draft(api: Api, who: str, organ: str, lang: str = "en") -> str:
    csrf = sign_in(api.client, api.emails[who])
    refused = api.client.post(
        "/drafts",
        data={"csrf_token": csrf, "form_page": f"/drafts/new?lang={lang}", "form_id": "new-draft",
              "kind": "declaration", "organ": organ, "title": "Déclaration", "body": "Un.\n\nDeux."},
    )  # fmt: skip
    assert refused.status_code == 409, refused.text
    return refused.text


def test_an_organ_that_cannot_take_the_kind_is_refused_beside_the_organ_field(api: Api) -> None:
    page = refused_new_draft(api, "secretariat", "secretariat", lang="fr")
    message = field_error(page, "new-draft", "organ")
    assert "Cet organe" in message, message
    assert 'id="new-draft-form-error"' not in page  # not above the form
    assert 'aria-describedby="organ-hint new-draft-organ-error" aria-invalid="true"' in page
    assert 'value="Déclaration"' in page  # what was typed is kept


def test_the_charter_key_is_in_small_print_for_the_secretariat_only(api: Api) -> None:
    rule = "charter: organs.secretariat.adopts"
    assert rule in field_error(refused_new_draft(api, "secretariat", "secretariat"), "new-draft", "organ")
    assert "(charter:" not in refused_new_draft(api, "chair", "secretariat")
    assert rule not in refused_new_draft(api, "chair", "secretariat")


def test_an_error_page_shows_the_charter_key_to_the_secretariat_only(api: Api, cica: Context) -> None:
    draft_id = council_draft(cica)
    for who, shown in (("india", False), ("secretariat", True)):
        csrf = sign_in(api.client, api.emails[who])
        # Not a form of a page (no form_page): the refusal is an error page.
        answer = api.client.post(f"/drafts/{draft_id}/forward", data={"csrf_token": csrf, "to": "swg"})
        assert answer.status_code >= 400
        assert ("(charter:" in answer.text) is shown, (who, answer.text[-1500:])
    # The same refusal for both, one the charter states (an organ that cannot take the kind): the
    # Chair's error page drops its key, the Secretariat's keeps it. (India's refusal above is of
    # permission, whose rule has no key, so it alone does not show the key is withheld.)
    for who, shown in (("chair", False), ("secretariat", True)):
        csrf = sign_in(api.client, api.emails[who])
        answer = api.client.post(
            "/drafts",
            data={"csrf_token": csrf, "kind": "declaration", "organ": "secretariat", "title": "Déclaration",
                  "body": "Un.\n\nDeux."},
        )  # fmt: skip
        assert answer.status_code == 409, answer.text[-1500:]
        assert ("(charter:" in answer.text) is shown, (who, answer.text[-1500:])
