"""A notification round through the API and through the pages: India notifies an exercise 10 days
before it on the form that asks for 42, so it is marked late; Kazakhstan and China acknowledge,
Russia does not, and once the reply deadline has passed Russia is shown missing on the
compliance panel. Refusals answer problem+json (API) or the form again (pages), changing nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from cica.cbm.models import Notification, Recipient
from cica.core.context import Context
from tests.factories import make_token, make_user
from tests.web.cbm.conftest import START, Site
from tests.web.deliberation.conftest import sign_in

API = "/api/v1/cbm"
EXERCISE = {
    "title": "Peace Mission",
    "starts_on": (START + timedelta(days=10)).date().isoformat(),
    "ends_on": (START + timedelta(days=14)).date().isoformat(),
    "area": "Eastern region",
    "troops": 12000,
}


def _tokens(context: Context) -> dict[str, dict[str, str]]:
    with context.unit_of_work() as session:
        users = {
            code: make_user(session, role="delegate", delegation=code)
            for code in ("IND", "KAZ", "CHN", "PAK")
        }
        users["secretariat"] = make_user(session, role="secretariat")
        return {
            name: {"Authorization": f"Bearer {make_token(session, user)}"} for name, user in users.items()
        }


def _counts(context: Context) -> tuple[int, int]:
    with context.unit_of_work(write=False) as session:
        sent = session.scalar(select(func.count()).select_from(Notification)) or 0
        acknowledged = session.scalar(
            select(func.count()).select_from(Recipient).where(Recipient.acknowledged_at.is_not(None))
        )
        return sent, acknowledged or 0


def test_the_round_trip_through_the_api(catalogue: Context, site: Site) -> None:
    tokens = _tokens(catalogue)
    with site(START) as client:
        sent = client.post(
            f"{API}/notifications",
            json={"form": "military_activity", "delegation": "IND", "values": EXERCISE},
            headers=tokens["IND"],
        )
        assert sent.status_code == 201, sent.text
        shown = sent.json()
        assert (shown["late"], shown["days_ahead"], shown["lead_time_days"]) == (True, 10, 42)
        number = shown["id"]
        for code in ("KAZ", "CHN"):
            done = client.post(
                f"{API}/notifications/{number}/acknowledgements",
                json={"delegation": code},
                headers=tokens[code],
            )
            assert done.status_code == 200, done.text
        # A state not taking part neither sees nor acknowledges it.
        assert client.get(f"{API}/notifications/{number}", headers=tokens["PAK"]).status_code == 404
        refused = client.post(
            f"{API}/notifications/{number}/acknowledgements",
            json={"delegation": "PAK"},
            headers=tokens["PAK"],
        )
        assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
        assert client.get(f"{API}/notifications", headers=tokens["PAK"]).json()["items"] == []
        assert client.get(f"{API}/notifications").status_code == 401
    with site(START + timedelta(days=15)) as client:
        panel = client.get(f"{API}/compliance", headers=tokens["secretariat"]).json()
    assert [(row["notification"], row["late"], row["missing"]) for row in panel["rows"]] == [
        (number, True, ["RUS"])
    ]
    assert _counts(catalogue) == (1, 2)


@pytest.mark.parametrize(
    ("values", "units", "detail"),
    [
        ({**EXERCISE, "troops": -5}, {}, "troops: -5 is below the form's minimum 0"),
        ({**EXERCISE, "troops": "many"}, {}, "troops: 'many' is not a whole number"),
        ({**EXERCISE}, {"troops": "battalions"}, "troops: given in battalions, the form asks for persons"),
        (
            {k: v for k, v in EXERCISE.items() if k != "area"},
            {},
            "area: required by the form military_activity",
        ),
        ({**EXERCISE, "starts_on": "2026-13-01"}, {}, "starts_on: '2026-13-01' is not a date (YYYY-MM-DD)"),
    ],
)
def test_a_notification_that_breaks_its_form_is_refused_naming_the_rule(
    catalogue: Context, site: Site, values: dict[str, Any], units: dict[str, str], detail: str
) -> None:
    tokens = _tokens(catalogue)
    body = {"form": "military_activity", "delegation": "IND", "values": values, "units": units}
    with site(START) as client:
        refused = client.post(f"{API}/notifications", json=body, headers=tokens["IND"])
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["detail"] == detail
    assert _counts(catalogue) == (0, 0)


def _form(csrf: str, **fields: Any) -> dict[str, Any]:
    return {
        "csrf_token": csrf,
        "form_page": "/cbm/notifications",
        "form_id": "cbm-notify-military_activity",
        "form": "military_activity",
        **{f"field.{key}": str(value) for key, value in fields.items()},
    }


def test_the_round_trip_through_the_pages_in_chinese(catalogue: Context, site: Site) -> None:
    with catalogue.unit_of_work() as session:
        emails = {
            code: make_user(session, role="delegate", delegation=code).email for code in ("IND", "KAZ", "CHN")
        }
        secretariat = make_user(session, role="secretariat").email
    with site(START) as client:
        csrf = sign_in(client, emails["IND"])
        form_page = client.get("/cbm/notifications?lang=zh").text
        assert "参加人员数量 (人)" in form_page  # the form's own label for troops and its unit, in Chinese
        bad = client.post("/cbm/notifications", data=_form(csrf, **{**EXERCISE, "troops": "-5"}))
        assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
        assert 'value="Eastern region"' in bad.text  # what was typed is kept
        assert _counts(catalogue) == (0, 0)
        done = client.post("/cbm/notifications", data=_form(csrf, **EXERCISE), follow_redirects=False)
        assert done.status_code == 303, done.text
        page = client.get(done.headers["location"]).text
        assert "12000" in page and "参加人员数量" in page
        number = int(done.headers["location"].rsplit("/", 1)[1])
    for code in ("KAZ", "CHN"):
        with site(START + timedelta(days=1)) as client:
            csrf = sign_in(client, emails[code])
            shown = client.get(f"/cbm/notifications/{number}").text
            assert f"/cbm/notifications/{number}/acknowledge" in shown
            acknowledged = client.post(
                f"/cbm/notifications/{number}/acknowledge",
                data={
                    "csrf_token": csrf,
                    "form_page": f"/cbm/notifications/{number}",
                    "form_id": "cbm-acknowledge",
                },
                follow_redirects=False,
            )
            assert acknowledged.status_code == 303
            assert (
                f"/cbm/notifications/{number}/acknowledge"
                not in client.get(f"/cbm/notifications/{number}").text
            )
    with site(START + timedelta(days=15)) as client:
        sign_in(client, secretariat)
        panel = client.get("/cbm/notifications").text
    assert 'class="missing">RUS<' in panel and "late: 10 days ahead" in panel
    with site(START + timedelta(days=15)) as client:
        sign_in(client, emails["KAZ"])
        calendar = client.get(f"/cbm/calendar?year={START.year}").text
        assert "Peace Mission" in calendar and f'href="/cbm/notifications/{number}"' in calendar
        assert "Peace Mission" not in client.get(f"/cbm/calendar?year={START.year + 1}").text
    with site(START) as client:  # anonymous: nothing notified to the public
        assert "Peace Mission" not in client.get(f"/cbm/calendar?year={START.year}").text
    assert _counts(catalogue) == (1, 2)


def test_a_notification_on_every_form_is_accepted(catalogue: Context, site: Site) -> None:
    """Each built-in form, filled with its required fields, goes through (a form with no activity
    date, the defence budget, is about the day it is sent)."""
    tokens = _tokens(catalogue)
    filled = {"military_activity": EXERCISE, "defence_budget": {"fiscal_year": 2026, "amount": 1250.5}}
    with site(START) as client:
        forms = client.get(f"{API}/forms").json()
        assert {form["key"] for form in forms} == set(filled)
        for key, values in filled.items():
            sent = client.post(f"{API}/notifications", json={"form": key, "delegation": "IND", "values": values},
                               headers=tokens["IND"])  # fmt: skip
            assert sent.status_code == 201, sent.text
        budget = sent.json()
    assert (budget["activity_starts"], budget["days_ahead"], budget["late"]) == (
        START.date().isoformat(),
        0,
        False,
    )


def test_a_delegation_is_offered_only_the_forms_of_the_measures_it_takes_part_in(
    catalogue: Context, site: Site
) -> None:
    with catalogue.unit_of_work() as session:
        india = make_user(session, role="delegate", delegation="IND").email
        pakistan = make_user(session, role="delegate", delegation="PAK").email
    with site(START) as client:
        sign_in(client, india)
        assert 'id="notify-military_activity"' in client.get("/cbm/notifications").text
    with site(START) as client:
        sign_in(client, pakistan)
        assert 'id="notify-military_activity"' not in client.get("/cbm/notifications").text
