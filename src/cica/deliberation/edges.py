"""One way for the API and the pages to take a step on a draft, an amendment or a procedure:
the route authorises its action, calls the one operation with the id in the path (and the
request body's fields), then the API answers with the draft or procedure as the caller now sees
it and a page goes back to the draft. The steps that take nothing but an id are declared here,
for both; the API declares those with a body beside the body's model.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.web import signed_in
from cica.core.deps import RecordId, SessionDep
from cica.deliberation import queries
from cica.deliberation.api.common import Body, Lang, Zone
from cica.deliberation.operations import (
    accept_amendment,
    circulate,
    reject,
    reject_amendment,
    withdraw,
    withdraw_amendment,
)

KEYWORD = inspect.Parameter.KEYWORD_ONLY


class Answer(Enum):
    """What the API answers with: the record and the id it is found by."""

    DRAFT = ("draft_id", queries.DraftDetail)
    PROCEDURE = ("procedure_id", queries.ProcedureDetail)

    def __init__(self, id_name: str, model: type[Any]) -> None:
        self.id_name, self.model = id_name, model

    def detail(self, session: Session, who: queries.Reader, record_id: int) -> Any:
        if self is Answer.DRAFT:
            return queries.draft_detail(session, who, record_id)
        return queries.procedure_detail(session, who, record_id)


@dataclass(frozen=True)
class Step:
    path: str
    action: str
    operation: Callable[..., Any]
    answer: Answer = Answer.DRAFT
    # The route's name (and so its operationId), when not the operation's.
    called: str = ""
    # It makes a record (the API answers 201); it shows deadlines in the caller's time zone too.
    created: bool = False
    zone: bool = False

    @property
    def name(self) -> str:
        return self.called or self.operation.__name__

    @property
    def id_name(self) -> str:
        found = re.search(r"\{(\w+)\}", self.path)
        assert found, self.path
        return found[1]

    def take(self, session: Session, record_id: int, actor: Actor, arguments: dict[str, Any]) -> int:
        """Takes the step; gives the id of the record answered with: the one in the path, or the
        draft the amendment is on, or the procedure opened on the draft."""
        result = self.operation(session, record_id, **arguments, actor=actor)
        if self.id_name == self.answer.id_name:
            return record_id
        return int(result.draft_id if self.answer is Answer.DRAFT else result.id)

    def route(
        self, router: APIRouter, endpoint: Callable[..., Any], *parameters: inspect.Parameter, **options: Any
    ) -> None:
        around = [inspect.Parameter("session", KEYWORD, annotation=SessionDep)]
        around.append(inspect.Parameter(self.id_name, KEYWORD, annotation=RecordId))
        actor = inspect.Parameter("actor", KEYWORD, annotation=Actor, default=signed_in(self.action))
        endpoint.__name__ = endpoint.__qualname__ = self.name
        endpoint.__signature__ = inspect.Signature([*around, *parameters, actor])  # type: ignore[attr-defined]
        router.add_api_route(self.path, endpoint, methods=["POST"], name=self.name, **options)

    def api_route(
        self,
        router: APIRouter,
        doc: str,
        body: type[Body] | None = None,
        *,
        created: bool = False,
        zone: bool = False,
    ) -> None:
        """The API route: `body` carries the operation's arguments; `created` answers 201;
        `zone` lets the caller see deadlines in its time zone too."""

        def endpoint(**values: Any) -> Any:
            session, actor = values["session"], values["actor"]
            arguments = values["body"].arguments() if body else {}
            record_id = self.take(session, values[self.id_name], actor, arguments)
            who = queries.reader(session, actor, values["lang"], values.get("tz"))
            return self.answer.detail(session, who, record_id)

        endpoint.__doc__ = doc
        parameters = [inspect.Parameter("body", KEYWORD, annotation=body)] if body else []
        parameters.append(inspect.Parameter("lang", KEYWORD, annotation=Lang, default="en"))
        if self.zone:
            parameters.append(inspect.Parameter("tz", KEYWORD, annotation=Zone, default=None))
        code = status.HTTP_201_CREATED if self.created else status.HTTP_200_OK
        self.route(router, endpoint, *parameters, response_model=self.answer.model, status_code=code)

    def page_route(self, router: APIRouter, see: Callable[[str], Response]) -> None:
        """The form's route: back to the draft's page (303), at the amendments for one of them."""
        anchor = "#amendments" if self.path.startswith("/amendments/") else ""

        def endpoint(**values: Any) -> Response:
            draft_id = self.take(values["session"], values[self.id_name], values["actor"], {})
            return see(f"/drafts/{draft_id}{anchor}")

        self.route(router, endpoint)


CIRCULATE = Step("/drafts/{draft_id}/circulate", "draft.circulate", circulate)
WITHDRAW = Step("/drafts/{draft_id}/withdraw", "draft.withdraw", withdraw)
REJECT = Step("/drafts/{draft_id}/reject", "draft.reject", reject)
ACCEPT_AMENDMENT = Step("/amendments/{amendment_id}/accept", "amendment.decide", accept_amendment)
REJECT_AMENDMENT = Step("/amendments/{amendment_id}/reject", "amendment.decide", reject_amendment)
WITHDRAW_AMENDMENT = Step("/amendments/{amendment_id}/withdraw", "amendment.withdraw", withdraw_amendment)

PROCEDURE = Answer.PROCEDURE
