"""Errors at the web edge: RFC 9457 problem details (`application/problem+json`) for the API,
a readable page for the pages. A denial is also handed to the registered recorders (the audit
trail, through the assembly), here, once the denied request's own transaction has rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from cica.core import denials
from cica.core.deps import is_api_path, page_language
from cica.core.errors import CicaError, PermissionDenied, Throttled
from cica.core.templating import render

PROBLEM_JSON = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _is_page(request: Request) -> bool:
    return not is_api_path(request.url.path)


Identify = Callable[[Request], None]


async def _page(request: Request, status: int, title: str, detail: str) -> Response:
    # A page no route answered (404) was never told who is signed in; its header should know.
    identify: Identify | None = getattr(request.app.state, "identify", None)
    if identify is not None and not getattr(request.state, "identified", False):
        await run_in_threadpool(identify, request)
    return render(
        request,
        "core/error.html",
        page_language(request),
        status_code=status,
        response_status=status,
        title=title,
        detail=detail,
    )


async def _domain_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, CicaError)
    if isinstance(error, PermissionDenied):
        await run_in_threadpool(denials.record_denial, request.app.state.context, error)
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Throttled) else {}
    if _is_page(request):
        response = await _page(request, error.status, error.title, error.message)
    else:
        response = problem(error.status, error.title, error.message)
    response.headers.update(headers)
    return response


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    errors = [
        {"location": ".".join(str(part) for part in item["loc"]), "message": item["msg"]}
        for item in error.errors()
    ]
    detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors)
    if _is_page(request):
        return await _page(request, 422, "Invalid request", detail)
    return problem(422, "Invalid request", detail, errors=errors)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    if _is_page(request):
        return await _page(request, error.status_code, str(error.detail), str(error.detail))
    return problem(error.status_code, str(error.detail), str(error.detail))


def install_problem_handlers(app: FastAPI, *, identify: Identify | None = None) -> None:
    """`identify` tells an error page who is signed in, when no route did (a 404)."""
    app.state.identify = identify
    app.add_exception_handler(CicaError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
