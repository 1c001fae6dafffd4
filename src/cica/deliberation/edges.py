"""The steps on a draft or an amendment that take nothing but its id, declared once for the API
and the pages: the same path, action and operation; the API answers with the draft as the caller
now sees it, a page goes back to the draft.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.web import signed_in
from cica.core.deps import RecordId, SessionDep
from cica.deliberation import queries
from cica.deliberation.api.common import Lang
from cica.deliberation.models import Amendment, Draft, DraftRevision
from cica.deliberation.operations import (
    accept_amendment,
    circulate,
    reject,
    reject_amendment,
    withdraw,
    withdraw_amendment,
)

# An operation on a draft (gives the draft) or on an amendment (gives it or the revision it made).
Operation = Callable[..., Draft | DraftRevision | Amendment]


@dataclass(frozen=True)
class BareStep:
    path: str
    action: str
    operation: Operation

    @property
    def name(self) -> str:
        return self.operation.__name__

    def take(self, session: Session, record_id: int, actor: Actor) -> int:
        """Takes the step; gives the id of the draft it was taken on."""
        result = self.operation(session, record_id, actor=actor)
        return result.id if isinstance(result, Draft) else result.draft_id

    @property
    def anchor(self) -> str:
        """Where on the draft's page the result shows."""
        return "#amendments" if self.path.startswith("/amendments/") else ""

    @property
    def id_name(self) -> str:
        found = re.search(r"\{(\w+)\}", self.path)
        assert found, self.path
        return found[1]

    def parameters(self, *extra: inspect.Parameter) -> list[inspect.Parameter]:
        """The route's parameters: the session, the id in the path, `extra`, then the actor."""
        keyword = inspect.Parameter.KEYWORD_ONLY
        return [
            inspect.Parameter("session", keyword, annotation=SessionDep),
            inspect.Parameter(self.id_name, keyword, annotation=RecordId),
            *extra,
            inspect.Parameter("actor", keyword, annotation=Actor, default=signed_in(self.action)),
        ]

    def route(
        self, router: APIRouter, endpoint: Callable[..., Any], signature: inspect.Signature, **options: Any
    ) -> None:
        endpoint.__name__ = endpoint.__qualname__ = self.name
        endpoint.__doc__ = API_DOCS[self.name]
        endpoint.__signature__ = signature  # type: ignore[attr-defined]
        router.add_api_route(self.path, endpoint, methods=["POST"], name=self.name, **options)

    def api_route(self, router: APIRouter) -> None:
        """The API route: answers with the draft in the caller's language."""

        def endpoint(**values: Any) -> queries.DraftDetail:
            session, actor = values["session"], values["actor"]
            draft_id = self.take(session, values[self.id_name], actor)
            return queries.draft_detail(session, queries.reader(session, actor, values["lang"]), draft_id)

        language = inspect.Parameter("lang", inspect.Parameter.KEYWORD_ONLY, annotation=Lang, default="en")
        signature = inspect.Signature(self.parameters(language), return_annotation=queries.DraftDetail)
        self.route(router, endpoint, signature, response_model=queries.DraftDetail)

    def page_route(self, router: APIRouter, see: Callable[[str], Response]) -> None:
        """The form's route: back to the draft's page (303)."""

        def endpoint(**values: Any) -> Response:
            draft_id = self.take(values["session"], values[self.id_name], values["actor"])
            return see(f"/drafts/{draft_id}{self.anchor}")

        self.route(router, endpoint, inspect.Signature(self.parameters(), return_annotation=Response))


CIRCULATE = BareStep("/drafts/{draft_id}/circulate", "draft.circulate", circulate)
WITHDRAW = BareStep("/drafts/{draft_id}/withdraw", "draft.withdraw", withdraw)
REJECT = BareStep("/drafts/{draft_id}/reject", "draft.reject", reject)
ACCEPT_AMENDMENT = BareStep("/amendments/{amendment_id}/accept", "amendment.decide", accept_amendment)
REJECT_AMENDMENT = BareStep("/amendments/{amendment_id}/reject", "amendment.decide", reject_amendment)
WITHDRAW_AMENDMENT = BareStep("/amendments/{amendment_id}/withdraw", "amendment.withdraw", withdraw_amendment)

# What the API document says of each.
API_DOCS = {
    "circulate": "Open negotiation in the holding organ; its members are notified.",
    "withdraw": "Withdraw the draft (its sponsor only; never under an open procedure).",
    "reject": "Record that the holding organ ends work on the draft without adopting it.",
    "accept_amendment": "Take the amendment into a new revision (the Chair).",
    "reject_amendment": "Reject the amendment (the Chair).",
    "withdraw_amendment": "Withdraw your delegation's amendment.",
}
