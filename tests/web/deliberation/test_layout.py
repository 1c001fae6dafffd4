"""What every page's frame offers: the favicon, Delegations in the main navigation for those who
may read them, and the README naming the real addresses."""

from __future__ import annotations

from pathlib import Path

from cica.core.context import Context
from tests.web.deliberation.conftest import Api, sign_in

README = Path(__file__).resolve().parents[3] / "README.md"


def test_the_frame_has_a_favicon_and_delegations_in_the_navigation(api: Api, cica: Context) -> None:
    anonymous = api.client.get("/").text
    assert '<link rel="icon" href="/static/favicon.svg"' in anonymous
    assert api.client.get("/static/favicon.svg").headers["content-type"].startswith("image/svg+xml")
    assert 'href="/delegations"' not in anonymous.split('class="site-nav"')[1]
    sign_in(api.client, api.emails["india"])
    navigation = api.client.get("/drafts").text.split('class="site-nav"')[1].split("</nav>")[0]
    assert '<a href="/delegations">Delegations</a>' in navigation


def test_the_readme_names_the_pages_by_their_real_addresses(api: Api) -> None:
    text = README.read_text(encoding="utf-8")
    assert "`/notices`" not in text and "`/notifications`" in text
    assert api.client.get("/notices").status_code == 404  # there is no such page to point at
