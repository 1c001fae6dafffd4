"""Jinja2 templates of every capability, rendered in the page's language.

Each capability keeps its templates in `<capability>/templates/<capability>/`; core keeps the
layout. Translations come per render, so one environment serves every language at once.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from cica.access.rules import may_take
from cica.core.deps import API_PREFIX
from cica.core.i18n import LANGUAGE_COOKIE, LANGUAGES, language_name, translations

TEMPLATE_PACKAGES = ("cica.core", "cica.registry", "cica.access", "cica.audit", "cica.deliberation")

environment = Environment(
    loader=ChoiceLoader([PackageLoader(package, "templates") for package in TEMPLATE_PACKAGES]),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.globals["LANGUAGES"] = [(lang, language_name(lang)) for lang in LANGUAGES]
# `may(user, "audit.read")`: whether the permission table gives the user's role an action, so
# that a page offers only links that lead somewhere (the operations still decide).
environment.globals["may"] = may_take
environment.globals["API"] = API_PREFIX


def render(request: Request, template: str, lang: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    catalogue = translations(lang)
    html = environment.get_template(template).render(
        request=request,
        lang=lang,
        user=getattr(request.state, "user", None),
        gettext=catalogue.gettext,
        ngettext=catalogue.ngettext,
        _=catalogue.gettext,
        **values,
    )
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") == lang and request.cookies.get(LANGUAGE_COOKIE) != lang:
        response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response
