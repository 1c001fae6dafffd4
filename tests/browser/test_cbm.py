"""A notification round in a real browser: India's delegate composes a notification of an
exercise 10 days before it on the form that asks for 42, and sees it marked late; Kazakhstan and
China acknowledge it with the button, Russia does not; after the reply deadline the Secretariat's
compliance panel shows Russia missing. The site runs on its own database with the seat's clock
frozen at each moment, so the reply deadline passes without waiting."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from cica.core.context import Context
from cica.core.settings import Settings
from tests.browser.conftest import Axe, serving
from tests.conftest import FAST_PASSWORDS, make_context
from tests.factories import PASSWORD, make_user
from tests.web.cbm.conftest import taking_part

pytestmark = pytest.mark.browser

START = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)


@contextmanager
def _site(browser: Browser, settings: Settings, moment: datetime, email: str) -> Iterator[Page]:
    """A signed-in browser tab on the site as it is at `moment`."""
    with (
        Context.create(dataclasses.replace(settings, frozen_time=moment.isoformat())) as context,
        serving(context) as url,
    ):
        tab = browser.new_context(base_url=url, locale="en-GB").new_page()
        tab.set_default_timeout(10_000)
        tab.goto("/signin")
        tab.get_by_label("E-mail").fill(email)
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        expect(tab.locator(".account-email")).to_have_text(email)
        yield tab
        tab.context.close()


def test_a_late_notification_and_a_missing_acknowledgement(
    browser: Browser, tmp_path: Path, axe: Axe
) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'cica.db'}", audit_key_dir=str(tmp_path), **FAST_PASSWORDS
    )
    with make_context(settings) as context:
        # From the day before the story's first: the seat's day may already be tomorrow in UTC terms.
        taking_part(context, since=START.date() - timedelta(days=1))
        with context.unit_of_work() as session:
            emails = {
                code: make_user(session, role="delegate", delegation=code).email
                for code in ("IND", "KAZ", "CHN")
            }
            secretariat = make_user(session, role="secretariat").email

    with _site(browser, settings, START, emails["IND"]) as tab:
        tab.goto("/cbm/notifications")
        form = tab.locator("form#notify-military_activity")
        form.get_by_label("Name of the activity").fill("Peace Mission")
        form.get_by_label("First day of the activity").fill((START + timedelta(days=10)).date().isoformat())
        form.get_by_label("Last day of the activity").fill((START + timedelta(days=14)).date().isoformat())
        form.get_by_label("Area of the activity").fill("Eastern region")
        form.get_by_label("Personnel taking part (persons)").fill("-5")
        form.get_by_role("button", name="Submit the notification").click()
        # Refused beside the field, what was typed kept.
        expect(form.locator(".field-error")).to_contain_text("Give a value within the range the form allows.")
        expect(form.get_by_label("Area of the activity")).to_have_value("Eastern region")
        form.get_by_label("Personnel taking part (persons)").fill("12000")
        form.get_by_role("button", name="Submit the notification").click()
        expect(tab.get_by_role("heading", level=1)).to_contain_text("Notification")
        expect(tab.locator(".flag.late")).to_have_text("late: the form asks for 42 days")
        expect(tab.get_by_text("10 days ahead")).to_be_visible()
        axe(tab)
        number = int(tab.url.rsplit("/", 1)[1])

    for code in ("KAZ", "CHN"):
        with _site(browser, settings, START + timedelta(days=2), emails[code]) as tab:
            tab.goto(f"/cbm/notifications/{number}")
            tab.get_by_role("button", name=f"Acknowledge for {code}").click()
            expect(tab.locator(f'li[data-participant="{code}"] .acknowledged')).to_be_visible()
            expect(tab.get_by_role("button", name=f"Acknowledge for {code}")).to_have_count(0)

    with _site(browser, settings, START + timedelta(days=15), secretariat) as tab:
        tab.goto("/cbm/notifications")
        row = tab.locator(".compliance tbody tr")
        expect(row).to_have_count(1)
        expect(row.locator(".missing")).to_have_text("RUS")
        expect(row.locator(".flag.late")).to_have_text("late: 10 days ahead")
        axe(tab)
        tab.goto(f"/cbm/notifications/{number}")
        expect(tab.locator('li[data-participant="RUS"] .missing')).to_be_visible()
        expect(tab.locator('li[data-participant="KAZ"] .acknowledged')).to_be_visible()
