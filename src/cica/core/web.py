"""The web application: API under /api/v1, pages, static assets. Routers are included explicitly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from cica import __version__
from cica.access import api as access_api
from cica.access import pages as access_pages
from cica.access.web import check_csrf, identify
from cica.audit import api as audit_api
from cica.audit import pages as audit_pages
from cica.core.context import Context
from cica.core.deps import API_PREFIX, API_ROOT
from cica.core.problems import install_problem_handlers
from cica.core.settings import Settings
from cica.deliberation import api as deliberation_api
from cica.deliberation import pages as deliberation_pages
from cica.deliberation.scheduler import Scheduler
from cica.registry import api as registry_api
from cica.registry import pages as registry_pages

DOCS_URL = f"{API_ROOT}docs"
# Routes FastAPI adds itself, with the public action they serve (the route × role test uses it).
BUILTIN_ROUTES = {
    f"{API_PREFIX}/openapi.json": "api.describe",
    DOCS_URL: "api.describe",
}


def create_app(settings: Settings | None = None, context: Context | None = None) -> FastAPI:
    context = context or Context.create(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Each worker adopts silence procedures whose deadline has passed; the database decides
        # which worker adopts which, so any number of workers may run this.
        interval = context.settings.scheduler_seconds
        scheduler = Scheduler(context, interval).start() if interval > 0 else None
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="cica",
        version=__version__,
        summary="The charter, registry and decision-making of CICA and bodies built like it.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=DOCS_URL,
        redoc_url=None,
        # Every route learns who is calling (API token or page session); unsafe page requests
        # must carry the CSRF token. Each route then declares its action (access.web.Gate).
        dependencies=[Depends(identify), Depends(check_csrf)],
    )
    app.state.context = context
    install_problem_handlers(app)
    app.mount("/static", StaticFiles(packages=[("cica.core", "static")]), name="static")
    app.include_router(registry_api.router, prefix=API_PREFIX)
    app.include_router(access_api.router, prefix=API_PREFIX)
    app.include_router(audit_api.router, prefix=API_PREFIX)
    app.include_router(deliberation_api.router, prefix=API_PREFIX)
    app.include_router(registry_pages.router)
    app.include_router(access_pages.router)
    app.include_router(audit_pages.router)
    app.include_router(deliberation_pages.router)
    return app
