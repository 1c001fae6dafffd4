"""Pages offer only the steps the reader may take now, computed by the checks the operations make,
and say why a delegation without a voice cannot act."""

from __future__ import annotations

from cica.core.context import Context
from cica.deliberation import operations
from tests.factories import CHAIR, make_draft
from tests.web.deliberation.conftest import Api, sign_in


def chair_draft(context: Context) -> int:
    """A draft the Chair sponsors, under negotiation in the Council."""
    with context.unit_of_work() as session:
        return make_draft(session, organ="ministerial_council", sponsor="chair", actor=CHAIR).id


def test_withdraw_is_offered_to_the_sponsor_only(api: Api, cica: Context) -> None:
    draft_id = chair_draft(cica)
    sign_in(api.client, api.emails["india_head"])
    assert "Withdraw the draft" not in api.client.get(f"/drafts/{draft_id}").text
    api.client.cookies.clear()
    sign_in(api.client, api.emails["chair"])
    assert "Withdraw the draft" in api.client.get(f"/drafts/{draft_id}").text


def test_the_new_draft_form_is_for_those_who_may_prepare_one(api: Api, cica: Context) -> None:
    sign_in(api.client, api.emails["india_head"])  # a head of delegation whose state does not chair
    assert 'href="/drafts/new"' not in api.client.get("/drafts").text
    assert api.client.get("/drafts/new").status_code == 403
    api.client.cookies.clear()
    sign_in(api.client, api.emails["chair"])
    form = api.client.get("/drafts/new", params={"lang": "fr"}).text
    assert '<option value="AZE" selected>' in form  # the reader's own delegation by default
    assert '<option value="JPN"' not in form  # an observer may not sponsor
    assert '<option value="en" lang="en" selected>anglais</option>' in form  # the charter's languages
    assert '<option value="ru" lang="ru">russe</option>' in form and '<select id="original_lang"' in form
    assert '<option value="secretariat" data-kinds="report">' in form  # each organ names what it may take
    assert form.index(">Égypte<") < form.index(">Inde<")  # sorted by name in French, accents folded


def test_closing_a_procedure_asks_for_confirmation_first(api: Api, cica: Context) -> None:
    draft_id = chair_draft(cica)
    with cica.unit_of_work() as session:
        procedure = operations.open_consensus(session, draft_id, present=["AZE", "IND"], actor=CHAIR)
    csrf = sign_in(api.client, api.emails["chair"])
    asked = api.client.post(
        f"/procedures/{procedure.id}/close", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert asked.status_code == 303 and asked.headers["location"].endswith("?confirm=close#close")
    question = api.client.get(f"/procedures/{procedure.id}", params={"confirm": "close"}).text
    assert "Yes, close the procedure" in question and 'name="confirmed" value="yes"' in question
    assert "Open" in api.client.get(f"/procedures/{procedure.id}").text.split('id="procedure-status"')[1][:40]
    closed = api.client.post(
        f"/procedures/{procedure.id}/close",
        data={"csrf_token": csrf, "confirmed": "yes"},
        follow_redirects=False,
    )
    assert closed.status_code == 303 and closed.headers["location"].startswith("/decisions/")


def test_an_observer_is_told_why_it_cannot_object(api: Api, cica: Context) -> None:
    draft_id = chair_draft(cica)
    with cica.unit_of_work() as session:
        procedure = operations.open_consensus(session, draft_id, present=["AZE", "JPN"], actor=CHAIR)
    sign_in(api.client, api.emails["japan"])
    page = api.client.get(f"/procedures/{procedure.id}").text
    assert 'id="without-voice"' in page and "cannot join or object" in page
    api.client.cookies.clear()
    sign_in(api.client, api.emails["india"])
    assert 'id="without-voice"' not in api.client.get(f"/procedures/{procedure.id}").text


def test_anonymous_readers_see_the_delegation_and_role_not_the_persons_address(
    api: Api, cica: Context
) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session, organ="ministerial_council").id
    csrf = sign_in(api.client, api.emails["india"])
    api.client.post(
        f"/drafts/{draft_id}/amendments",
        data={
            "csrf_token": csrf,
            "kind": "replace",
            "paragraphs": "2",
            "text": "Welcoming it,",
            "justification": "style",
        },
    )
    history = api.client.get(f"/drafts/{draft_id}").text.split('id="history-heading"')[1]
    assert api.emails["india"] in history  # a signed-in participant sees who
    api.client.cookies.clear()
    anonymous = api.client.get(f"/drafts/{draft_id}").text
    assert "@" not in anonymous.split("<main")[1].split("</main>")[0]
    assert "India, delegate" in anonymous.split('id="history-heading"')[1]
    events = api.get(f"/drafts/{draft_id}").json()["history"]
    assert all(event["actor"] is None or "@" not in event["actor"] for event in events)
    assert {"role": "delegate", "delegation": "IND"} in [
        {"role": e["actor_role"], "delegation": e["actor_delegation"]} for e in events
    ]
