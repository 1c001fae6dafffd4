"""/api/docs renders in Chromium with no network beyond the server, under the CSP."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.browser


def test_the_api_docs_render_offline_under_the_csp(page: Page, base_url: str) -> None:
    ours = urlsplit(base_url).netloc
    foreign: list[str] = []

    def only_ours(route: Route) -> None:
        if urlsplit(route.request.url).netloc == ours:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)
    page.goto("/api/docs")
    # Swagger UI is 1.7 MB of script: on a loaded machine it takes a while to parse and render.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("cica", timeout=30_000)
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert foreign == []
