"""What the deliberation pages share: redirects and the page frame."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from cica.core.templating import render
from cica.registry import queries as registry_queries

POLL_SECONDS = 2


def see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def page(request: Request, session: Session, template: str, lang: str, **values: Any) -> HTMLResponse:
    return render(
        request, template, lang, organisation=registry_queries.organisation(session, lang), **values
    )
