"""Refused forms come back as the same form: what was typed kept, each message beside its field.

Every page form carries, beside its CSRF token, the address of the page it is on and its own id
(`core/_forms.html`, `form_head`). When a page POST is refused (a domain error or a malformed
field), the error handler renders that page again through the app itself (a GET with the
refusal in `request.state`), with the refusal's status. Each template reads the refusal through
`form(<id>)`: the values to put back and the message for each field, in the reader's language.
Passwords are never put back.

With JavaScript, `static/cica.js` has HTMX post each such form and swap in its answer; `HtmxForms`
makes the answers fit: a refusal becomes just the refused form (cut from the page that comes back
without JavaScript, so both are the same form), a redirect becomes `HX-Redirect`, and any other
page (an error page, a page shown in answer) replaces the page's body.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import Response
from starlette.types import Message, Receive, Scope, Send

FORM_PAGE_FIELD = "form_page"
FORM_ID_FIELD = "form_id"
GENERAL = ""  # the key of a message about the whole form rather than one field
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NEVER_KEPT = frozenset({"csrf_token", "password", FORM_PAGE_FIELD, FORM_ID_FIELD})
# Rule messages that begin with a field's name ("held_on: … is not a date") belong to that field.
_FIELD_PREFIX = re.compile(r"^(?P<name>[a-z_]+): (?P<rest>.+)$", re.DOTALL)


# Who reads a rule's own words (its charter key) in small print beside the sentence: the
# Secretariat, as access says (core knows no roles); everyone else reads the sentence only.
ReadsRules = Callable[[Any], bool]
_reads_rules: list[ReadsRules] = []


# A page built again inside another request (a refused form's page with what was typed): it is
# neither served from the answer cache (core.answers) nor kept in it, as it shows one submission, not the address.
REBUILT = "cica.rebuilt"


# "(charter: organs.secretariat.adopts)": where in the charter a rule stands, for the Secretariat.
CHARTER_KEY = re.compile(r"\s*\(charter: [^)]*\)")


def small_print(rule: str, *, shows_rules: bool) -> str:
    """The rule's own words under its sentence: the charter keys only for those who read them."""
    return rule if shows_rules else CHARTER_KEY.sub("", rule).strip()


def on_rule_readers(predicate: ReadsRules) -> None:
    """Registers who is shown the rule's own words (`user -> bool`); nobody until one is."""
    if predicate not in _reads_rules:
        _reads_rules.append(predicate)


def reads_rules(user: Any) -> bool:
    return user is not None and any(predicate(user) for predicate in _reads_rules)


@dataclass(frozen=True)
class Problem:
    """One thing wrong: `code` picks the sentence a delegate reads, `rule` is the rule's own text
    (English, as the operations and the CLI state it), shown in small print for the Secretariat."""

    code: str
    rule: str = ""
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Refusal:
    form: str
    values: Sequence[tuple[str, str]]
    problems: Mapping[str, Problem]


def submitted_values(items: Sequence[tuple[str, Any]]) -> list[tuple[str, str]]:
    # A file field is kept by its file's name: a browser cannot be given the file back, but a
    # refusal of the file then belongs beside its field.
    return [
        (name, value if isinstance(value, str) else str(value.filename or ""))
        for name, value in items
        if (isinstance(value, str) or isinstance(getattr(value, "filename", None), str))
        and name not in NEVER_KEPT
    ]


def form_page(value: str | None) -> str | None:
    """The page a form says it is on: only a path on this site, never an address elsewhere."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    if value.startswith("/api/"):
        return None
    return value


def locate(message: str, names: set[str]) -> tuple[str, str]:
    """The field a rule's message is about (by its leading `name:`), and the message without it."""
    found = _FIELD_PREFIX.match(message)
    if found and found.group("name") in names:
        return found.group("name"), found.group("rest")
    return GENERAL, message


def explain(problem: Problem, catalogue: gettext.NullTranslations) -> str:
    """The sentence a delegate reads, in the reader's language."""
    _ = catalogue.gettext
    params = dict(problem.params)
    sentences = {
        "required": _("Fill in this field."),
        "not_a_date": _("Give a date as year-month-day, for example 2026-12-01."),
        "not_a_datetime": _("Give a date and a time, for example 2026-12-01T18:00."),
        "not_a_number": _("Give a whole number."),
        "not_a_decimal": _("Give a number, for example 12.5."),
        "out_of_range": _("Give a value within the range the form allows."),
        "wrong_unit": _("Give the value in the unit the form asks for."),
        "not_allowed": _("Your role does not allow this step."),
        "sign_in": _("Sign in to take this step."),
        "conflict": _("This step does not fit the present state: reload the page and check."),
        "not_found": _("This no longer exists: reload the page."),
        "none_present": _("Mark at least one delegation as present before opening the procedure."),
        "justification": _("Say why the amendment is proposed."),
        "paragraphs": _("Give paragraph numbers that the text has, such as 2 or 2-3."),
        "organ_kind": _(
            "This organ neither adopts nor recommends texts of this kind: choose another organ or kind."
        ),
        "unknown_kind": _("Choose one of the kinds listed."),
        "unknown_organ": _("Choose one of the organs listed."),
        "draft_of_another_organ": _(
            "An agenda item takes up drafts before the meeting's own organ: choose one of those listed."
        ),
        "draft_closed": _("This draft is no longer under consideration: choose one that is."),
        "stale_form": _("This form is out of date: reload the page and try again."),
        "refused": _("This was not accepted; the rule applied is below."),
    }
    return sentences.get(problem.code, sentences["refused"]).format(**params)


class FormView:
    """What a template asks about one form: the value to show, the message beside a field."""

    def __init__(
        self,
        form_id: str,
        refusal: Refusal | None,
        catalogue: gettext.NullTranslations,
        *,
        shows_rules: bool = False,
    ) -> None:
        self.id = form_id
        self._refusal = refusal if refusal is not None and refusal.form == form_id else None
        self._catalogue = catalogue
        self._shows_rules = shows_rules

    @property
    def refused(self) -> bool:
        return self._refusal is not None

    def value(self, name: str, default: Any = "") -> Any:
        if self._refusal is None:
            return default
        for key, value in self._refusal.values:
            if key == name:
                return value
        return default

    def values(self, name: str, default: Sequence[str] = ()) -> list[str]:
        if self._refusal is None:
            return list(default)
        return [value for key, value in self._refusal.values if key == name]

    def error(self, name: str = GENERAL) -> str:
        problem = self._problem(name)
        return explain(problem, self._catalogue) if problem else ""

    def rule(self, name: str = GENERAL) -> str:
        """The rule's own words, when they say more than the sentence does."""
        problem = self._problem(name)
        return small_print(problem.rule, shows_rules=self._shows_rules) if problem else ""

    def error_id(self, name: str = GENERAL) -> str:
        return f"{self.id}-{name or 'form'}-error"

    def _problem(self, name: str) -> Problem | None:
        return self._refusal.problems.get(name) if self._refusal else None


def refusal_of(state: Any) -> Refusal | None:
    found = getattr(state, "form_refusal", None)
    return found if isinstance(found, Refusal) else None


async def remember_form(request: Request) -> None:
    """Keeps what a page form sent (FastAPI has parsed it already), for a refusal to put back."""
    if request.method != "POST" or request.url.path.startswith("/api/"):
        return
    if request.headers.get("content-type", "").startswith(FORM_TYPES):
        request.state.submitted = submitted_values((await request.form()).multi_items())
        request.state.submitted_form = (await request.form()).get(FORM_ID_FIELD)
        request.state.submitted_page = (await request.form()).get(FORM_PAGE_FIELD)


class FormAgain(Response):
    """The form's page rendered again by the app itself, answered with the refusal's status."""

    def __init__(self, app: Any, scope: Scope, page: str, refusal: Refusal, status: int) -> None:
        super().__init__(status_code=status)
        path, _, query = page.partition("?")
        headers = [
            (name, value)
            for name, value in scope.get("headers", [])
            # The page as it is without JavaScript; HtmxForms cuts the form out for HTMX.
            if name not in (b"content-type", b"content-length") and not name.startswith(b"hx-")
        ]
        self.app = app
        self.status = status
        self.scope: Scope = {
            **scope,
            "method": "GET",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "headers": headers,
            "state": {"form_refusal": refusal},
            REBUILT: True,
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def nothing() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def with_status(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                message = {**message, "status": self.status}
            await send(message)

        await self.app(self.scope, nothing, with_status)


# The header of an answer to an HTMX form: "form" (the refused form alone, to swap in place of the
# one sent) or "page" (a whole page for the body). `static/cica.js` swaps these even when 4xx.
SWAP_HEADER = b"cica-swap"
_FORM = re.compile(r"<form\b.*?</form>", re.DOTALL | re.IGNORECASE)


def cut_form(page: str, form_id: str) -> str | None:
    """The form with this id out of a rendered page (forms never nest, and what a field holds is
    escaped, so a form ends at the first `</form>`), or None if the page has no such form."""
    marker = f'name="{FORM_ID_FIELD}" value="{escape(form_id)}"'
    return next((found.group(0) for found in _FORM.finditer(page) if marker in found.group(0)), None)


class HtmxForms:
    """Fits the answers to page forms that HTMX posted (`HX-Request`; the form's id kept by
    `remember_form`) to what HTMX does with them: only the form when refused (4xx), `HX-Redirect`
    for a redirect, the page's body for any other page. Other requests pass untouched."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not _header(scope, b"hx-request"):
            await self.app(scope, receive, send)
            return
        start: Message = {}
        body: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))

        await self.app(scope, receive, keep)
        form_id = scope.get("state", {}).get("submitted_form")
        if not start or not isinstance(form_id, str):
            await _send(send, start, b"".join(body))
            return
        status: int = start["status"]
        headers = [(name, value) for name, value in start.get("headers", []) if name != b"content-length"]
        location = next((value for name, value in headers if name == b"location"), None)
        content = b"".join(body)
        if 300 <= status < 400 and location is not None:
            headers = [(name, value) for name, value in headers if name != b"location"]
            headers.append((b"hx-redirect", location))
            if _same_document(location, _header(scope, b"hx-current-url")):
                # Going to "#amendments" of the page one is on moves nothing: load it again.
                headers.append((b"hx-refresh", b"true"))
            await _send(send, {**start, "status": 200, "headers": headers}, b"")
            return
        if not _is_html(headers):
            await _send(send, start, content)
            return
        fragment = cut_form(content.decode(), form_id) if status >= 400 else None
        if fragment is not None:
            content, swap = fragment.encode(), [(SWAP_HEADER, b"form")]
        else:
            swap = [(SWAP_HEADER, b"page"), (b"hx-retarget", b"body"), (b"hx-reswap", b"innerHTML")]
        await _send(send, {**start, "headers": [*headers, *swap]}, content)


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((value for key, value in scope.get("headers", []) if key == name), None)


def _same_document(location: bytes, current: bytes | None) -> bool:
    going, here = urlsplit(location.decode("latin-1")), urlsplit((current or b"").decode("latin-1"))
    return current is not None and (going.path, going.query) == (here.path, here.query)


def _is_html(headers: Sequence[tuple[bytes, bytes]]) -> bool:
    return any(name == b"content-type" and value.startswith(b"text/html") for name, value in headers)


async def _send(send: Send, start: Message, content: bytes) -> None:
    if not start:
        return
    headers = [(name, value) for name, value in start.get("headers", []) if name != b"content-length"]
    await send({**start, "headers": [*headers, (b"content-length", str(len(content)).encode())]})
    await send({"type": "http.response.body", "body": content, "more_body": False})
