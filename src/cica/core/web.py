"""The web application: API under /api/v1, pages, static assets. Routers are included explicitly."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from cica import __version__
from cica.core.context import Context
from cica.core.problems import install_problem_handlers
from cica.core.settings import Settings
from cica.registry import api as registry_api
from cica.registry import pages as registry_pages

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, context: Context | None = None) -> FastAPI:
    context = context or Context.create(settings)
    app = FastAPI(
        title="cica",
        version=__version__,
        summary="The charter, registry and decision-making of CICA and bodies built like it.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.context = context
    install_problem_handlers(app)
    app.mount("/static", StaticFiles(packages=[("cica.core", "static")]), name="static")
    app.include_router(registry_api.router, prefix=API_PREFIX)
    app.include_router(registry_pages.router)
    return app
