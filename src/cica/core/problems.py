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
from cica.core.deps import get_context, is_api_path, page_language
from cica.core.errors import CicaError, PermissionDenied, Throttled
from cica.core.forms import FormAgain, Problem, Refusal, form_page, locate
from cica.core.templating import layout_values, render

PROBLEM_JSON = "application/problem+json"

# The shape of every error answer (RFC 9457), for the OpenAPI document.
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "What was wrong with which part of the request (422 only).",
            "items": {
                "type": "object",
                "required": ["location", "message"],
                "properties": {"location": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
_PROBLEMS = {
    400: "Malformed request (a body that is not JSON, a form that cannot be parsed)",
    401: "Not signed in, or the token is not valid",
    403: "Not permitted",
    404: "No such record",
    409: "In conflict with the record's state or version",
    413: "Request body too large",
    422: "Invalid input",
}
# Declared once for every route (`FastAPI(responses=…)`): any call may meet one of these.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}}}
    for status, description in _PROBLEMS.items()
}


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _is_page(request: Request) -> bool:
    return not is_api_path(request.url.path)


def _form_again(request: Request, status: int, problems: list[tuple[str, Problem]]) -> Response | None:
    """The refused form's own page again, if a page form was refused (else None: an error page)."""
    state = request.state
    page = form_page(getattr(state, "submitted_page", None))
    form_id = getattr(state, "submitted_form", None)
    if request.method != "POST" or page is None or not isinstance(form_id, str) or status == 429:
        return None
    values = getattr(state, "submitted", [])
    names = {name for name, _ in values}
    located: dict[str, Problem] = {}
    for name, problem in problems:
        if not name:
            name, rule = locate(problem.rule, names)
            problem = Problem(problem.code, rule, problem.params)
        located.setdefault(name, problem)
    refusal = Refusal(form=form_id, values=values, problems=located)
    return FormAgain(request.app, request.scope, page, refusal, status)


Identify = Callable[[Request], None]


async def _page(request: Request, status: int, title: str, problem: Problem) -> Response:
    # A page no route answered (404) was never told who is signed in; its header should know.
    identify: Identify | None = getattr(request.app.state, "identify", None)
    if identify is not None and not getattr(request.state, "identified", False):
        await run_in_threadpool(identify, request)
    lang = page_language(request)

    def layout() -> dict[str, Any]:
        # The site header (the organisation's name) on an error page too.
        with get_context(request).unit_of_work(write=False) as session:
            return layout_values(session, lang)

    return render(
        request,
        "core/error.html",
        lang,
        status_code=status,
        **await run_in_threadpool(layout),
        response_status=status,
        title=title,
        problem=problem,
    )


async def _domain_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, CicaError)
    if isinstance(error, PermissionDenied):
        await run_in_threadpool(denials.record_denial, request.app.state.context, error)
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Throttled) else {}
    if _is_page(request):
        refused = Problem(error.code, error.message)
        # Beside the field the refusal concerns, when the form has it; else above the form.
        sent = {name for name, _ in getattr(request.state, "submitted", [])}
        field = error.field if error.field in sent else ""
        again = _form_again(request, error.status, [(field or "", refused)])
        response = again or await _page(request, error.status, error.title, refused)
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
        problems = [_field_problem(item) for item in error.errors()]
        again = _form_again(request, 422, problems)
        return again or await _page(request, 422, "Invalid request", problems[0][1])
    return problem(422, "Invalid request", detail, errors=errors)


# Pydantic's error types, as the sentence a reader is given for them.
_VALIDATION_CODES = {
    "missing": "required",
    "int_parsing": "not_a_number",
    "date_from_datetime_parsing": "not_a_date",
}


def _field_problem(item: Any) -> tuple[str, Problem]:
    location = [str(part) for part in item["loc"]]
    name = location[1] if len(location) > 1 and location[0] in ("body", "query") else ""
    code = _VALIDATION_CODES.get(item["type"], "refused")
    # Pydantic's own words add nothing to a sentence that already says what to do.
    return name, Problem(code, f"{name}: {item['msg']}" if code == "refused" else "")


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    if _is_page(request):
        code = {404: "not_found", 405: "refused"}.get(error.status_code, "refused")
        return await _page(request, error.status_code, str(error.detail), Problem(code, str(error.detail)))
    return problem(error.status_code, str(error.detail), str(error.detail))


def install_problem_handlers(app: FastAPI, *, identify: Identify | None = None) -> None:
    """`identify` tells an error page who is signed in, when no route did (a 404)."""
    app.state.identify = identify
    app.add_exception_handler(CicaError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
