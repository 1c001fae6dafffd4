"""Refused forms come back as the same form: what was typed kept, each message beside its field.

Every page form carries, beside its CSRF token, the address of the page it is on and its own id
(`core/_forms.html`, `form_head`). When a page POST is refused (a domain error or a malformed
field), the error handler renders that page again through the app itself (a GET with the
refusal in `request.state`), with the refusal's status. Each template reads the refusal through
`form(<id>)`: the values to put back and the message for each field, in the reader's language.
Passwords are never put back.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
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
    return [(name, value) for name, value in items if isinstance(value, str) and name not in NEVER_KEPT]


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
            if name not in (b"content-type", b"content-length")
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
