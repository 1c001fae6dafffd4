"""Jinja2 templates of every capability, rendered in the page's language.

Each capability keeps its templates in `<capability>/templates/<capability>/`; core keeps the
layout. The assembly adds each capability's folder (`use_template_packages`), so core names
none. Translations come per render, so one environment serves every language at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from cica.core.cookies import set_cookie
from cica.core.deps import API_PREFIX
from cica.core.forms import FormView, Problem, explain, reads_rules, refusal_of, small_print
from cica.core.i18n import LANGUAGE_COOKIE, LANGUAGES, language_name, translations

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

environment = Environment(
    loader=ChoiceLoader([PackageLoader("cica.core", "templates")]),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)


class _LanguageNames:
    """(code, name in itself) of every language, for the switcher; the names are read from Babel's
    locale data on the first page that shows them, so a worker does not load four locales at start."""

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(_language_names())


@cache
def _language_names() -> tuple[tuple[str, str], ...]:
    return tuple((lang, language_name(lang)) for lang in LANGUAGES)


environment.globals["LANGUAGES"] = _LanguageNames()
# Where the API lives, for the templates' links to it (core.deps says it once).
environment.globals["API"] = API_PREFIX


def use_template_packages(packages: Sequence[str]) -> None:
    """Templates are looked up in core's folder, then in each package's `templates/`, in order."""
    names = ["cica.core", *(package for package in packages if package != "cica.core")]
    environment.loader = ChoiceLoader([PackageLoader(package, "templates") for package in names])


LayoutValues = Callable[["Session", str], Mapping[str, Any]]
_layout: list[LayoutValues] = []


def on_layout(values: LayoutValues) -> None:
    """Registers values the layout shows on every page (the registry's organisation name)."""
    if values not in _layout:
        _layout.append(values)


def layout_values(session: Session, lang: str) -> dict[str, Any]:
    """What the layout shows, from every registered capability, for a page in `lang`."""
    return {name: value for values in _layout for name, value in values(session, lang).items()}


def render(request: Request, template: str, lang: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    catalogue = translations(lang)
    refusal = refusal_of(request.state)
    user = getattr(request.state, "user", None)
    shows_rules = reads_rules(user)

    def form(form_id: str) -> FormView:
        return FormView(form_id, refusal, catalogue, shows_rules=shows_rules)

    def explained(problem: Problem) -> str:
        return explain(problem, catalogue)

    def rule_of(problem: Problem) -> str:
        return small_print(problem.rule, shows_rules=shows_rules) if problem.rule else ""

    def language_label(code: str) -> str:
        """A text's language (a BCP 47 tag) named in the reader's language."""
        try:
            return Locale.parse(code, sep="-").get_display_name(lang) or code
        except (ValueError, UnknownLocaleError):
            return code

    html = environment.get_template(template).render(
        request=request,
        lang=lang,
        user=user,
        shows_rules=shows_rules,
        gettext=catalogue.gettext,
        ngettext=catalogue.ngettext,
        _=catalogue.gettext,
        form=form,
        explain=explained,
        rule_of=rule_of,
        language_label=language_label,
        **values,
    )
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") == lang and request.cookies.get(LANGUAGE_COOKIE) != lang:
        # Secure over HTTPS like the session cookies (one rule for every cookie).
        set_cookie(request, response, LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600)
    return response
