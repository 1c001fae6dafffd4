"""The web application: API under /api/v1, pages, static assets, from the capabilities' list."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from cica import __version__
from cica.access.web import public
from cica.capabilities import CAPABILITIES, wire
from cica.core.answers import AnswerCache, KeptConnection
from cica.core.caching import CachingMiddleware
from cica.core.capability import Capability, load
from cica.core.context import Context
from cica.core.deps import API_PREFIX, API_ROOT
from cica.core.forms import HtmxForms, remember_form
from cica.core.middleware import BodyLimit, SecurityHeaders
from cica.core.problems import PROBLEM_RESPONSES, install_problem_handlers
from cica.core.settings import Settings
from cica.core.templating import use_template_packages

DOCS_URL = f"{API_ROOT}docs"
# Routes FastAPI adds itself, with the public action they serve (the route × role test uses it).
BUILTIN_ROUTES = {
    f"{API_PREFIX}/openapi.json": "api.describe",
    DOCS_URL: "api.describe",
}


def create_app(
    settings: Settings | None = None,
    context: Context | None = None,
    *,
    capabilities: Sequence[Capability] = CAPABILITIES,
) -> FastAPI:
    context = context or Context.create(settings)
    wire(capabilities)
    use_template_packages([c.package for c in capabilities if c.templates])
    identifiers = [load(c.identify) for c in capabilities if c.identify is not None]
    checks = [load(target) for c in capabilities for target in c.request_checks]
    backgrounds = [load(c.background) for c in capabilities if c.background is not None]

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        stops: list[Callable[[], None]] = []
        for start in backgrounds:
            stop = start(context)
            if stop is not None:
                stops.append(stop)
        try:
            yield
        finally:
            for stop in reversed(stops):
                stop()

    app = FastAPI(
        lifespan=lifespan,
        title="cica",
        version=__version__,
        summary="The charter, registry and decision-making of CICA and bodies built like it.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        # The docs page is served below, from the package's own Swagger UI (no CDN, no inline script).
        docs_url=None,
        redoc_url=None,
        # Every answer may be a problem: declared once, for every route.
        responses=PROBLEM_RESPONSES,
        # Every route learns who is calling (API token or page session); unsafe page requests
        # must carry the CSRF token. Each route then declares its action (access.web.Gate).
        # A page form's input is kept first, so that any refusal can give it back (core.forms).
        dependencies=[Depends(dependency) for dependency in (remember_form, *identifiers, *checks)],
    )
    app.state.context = context
    app.add_middleware(CachingMiddleware)
    # Around the pages' answers: a form HTMX posted gets back what HTMX swaps in (core.forms).
    app.add_middleware(HtmxForms)
    alone = [load(c.identify_alone) for c in capabilities if c.identify_alone is not None]
    install_problem_handlers(app, identify=alone[0] if alone else None)

    @app.get(DOCS_URL, include_in_schema=False, dependencies=[public("api.describe")])
    def api_docs() -> HTMLResponse:
        return HTMLResponse(_API_DOCS_PAGE)

    app.mount("/static", StaticFiles(packages=[("cica.core", "static")]), name="static")
    for capability in capabilities:
        if capability.api is not None:
            app.include_router(load(capability.api), prefix=API_PREFIX)
    for capability in capabilities:
        if capability.pages is not None:
            app.include_router(load(capability.pages))
    # Outermost last: the body limit runs before anything reads the body.
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        BodyLimit, limit=context.settings.max_request_bytes, upload_limit=context.settings.max_upload_bytes
    )
    # Outermost of all: a kept answer is sent before anything else runs (core.answers).
    if limit := context.settings.answer_cache_bytes:
        app.add_middleware(
            AnswerCache, limit=limit, now=lambda: context.clock.now(), state=KeptConnection(context.engine)
        )
    return app


_API_DOCS_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>cica API</title>
  <link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
  <script src="/static/vendor/swagger-ui/swagger-ui-bundle.js" defer></script>
  <script src="/static/api-docs.js" defer></script>
</head>
<body>
  <div id="swagger-ui" data-openapi-url="{API_PREFIX}/openapi.json"></div>
</body>
</html>
"""
