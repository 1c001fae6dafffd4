"""API of drafts and amendments: create, read, diff, revise, circulate, forward, withdraw, reject;
propose and settle amendments.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import Field

from cica.access.actors import Actor
from cica.access.rules import Classification
from cica.access.web import public, signed_in
from cica.core.answers import hold_until, keep_answer, next_minute
from cica.core.deps import (
    Integer,
    Line,
    ListingParams,
    RecordId,
    SessionDep,
    Text,
    add_link_header,
)
from cica.core.responses import json_answer
from cica.deliberation import edges, operations, queries
from cica.deliberation.amendments import AmendmentKind
from cica.deliberation.api.common import Body, DraftFilterParams, Lang, TextIn, Zone, versions
from cica.deliberation.queries import reader

router = APIRouter()


@router.get("/drafts", response_model=queries.DraftList)
def drafts(
    request: Request,
    response: Response,
    session: SessionDep,
    listed: ListingParams,
    filters: DraftFilterParams,
    lang: Lang = "en",
    actor: Actor | None = public("draft.read"),
) -> queries.DraftList:
    """The drafts you may see (by classification), most recently changed first, a page at a
    time: follow the `Link` header (rel="next", rel="prev") or `page.next_cursor`."""
    found = queries.list_drafts(
        session, reader(session, actor, lang), **vars(filters), q=listed.q, page=listed.page
    )
    add_link_header(request, response, found.page)
    return found


class NewDraft(Body):
    kind: Line = Field(description="A document kind of the charter.")
    organ: Line = Field(description="The organ where drafting starts.")
    sponsor: Line = Field(description="chair, secretariat, or a delegation's participant code.")
    original_lang: Line = Field("en", max_length=35)
    texts: list[TextIn] = Field(min_length=1, max_length=20)
    classification: Classification = "public"
    named: list[Line] = Field(
        default_factory=list, description="Delegations a confidential draft is shown to."
    )
    amends: Line | None = Field(None, description="Symbol of a decision this draft amends.")
    supersedes: Line | None = Field(None, description="Symbol of a decision this draft replaces.")


@router.post("/drafts", response_model=queries.DraftDetail, status_code=status.HTTP_201_CREATED)
def create_draft(
    session: SessionDep, body: NewDraft, lang: Lang = "en", actor: Actor = signed_in("draft.create")
) -> queries.DraftDetail:
    """Prepare a draft (the Chair or the Secretariat); it is circulated separately."""
    draft = operations.create_draft(
        session,
        kind=body.kind,
        organ=body.organ,
        texts=versions(body.texts),
        original_lang=body.original_lang,
        sponsor=body.sponsor,
        classification=body.classification,
        named=body.named,
        amends=body.amends,
        supersedes=body.supersedes,
        actor=actor,
    )
    return queries.draft_detail(session, reader(session, actor, lang), draft.id)


# A draft's answer tells what may be done now: kept at the edge until the next minute or an open
# procedure's deadline, whichever comes first, or until the database changes (cica.core.answers).
@router.get("/drafts/{draft_id}", response_model=queries.DraftDetail, dependencies=[keep_answer(next_minute)])
def draft(
    request: Request,
    session: SessionDep,
    draft_id: RecordId,
    revision: RecordId | None = None,
    lang: Lang = "en",
    tz: Zone = None,
    actor: Actor | None = public("draft.read"),
) -> Response:
    """One draft: a revision's texts (the current one by default), its revisions, amendments,
    history and procedures."""
    detail = queries.draft_detail(session, reader(session, actor, lang, tz), draft_id, revision=revision)
    for deadline in detail.open_deadlines():
        hold_until(request, deadline)
    return json_answer(detail)


@router.get("/drafts/{draft_id}/diff", response_model=queries.DiffResult)
def diff(
    session: SessionDep,
    draft_id: RecordId,
    old: RecordId | None = None,
    new: RecordId | None = None,
    text_lang: Annotated[
        Line | None, Query(description="Language of the texts compared (default: original).")
    ] = None,
    actor: Actor | None = public("draft.read"),
) -> queries.DiffResult:
    """The paragraph-level diff of two revisions (default: the current against the one before)."""
    return queries.diff(session, reader(session, actor), draft_id, old=old, new=new, lang=text_lang)


class NewRevision(Body):
    texts: list[TextIn] = Field(min_length=1, max_length=20)
    note: Line = Field("", max_length=500)
    expected_version: Integer | None = Field(None, description="The draft version you revised.")

    def arguments(self) -> dict[str, Any]:
        return super().arguments() | {"texts": versions(self.texts)}


revising = edges.Step("/drafts/{draft_id}/revisions", "draft.revise", operations.revise, created=True)
revising.api_route(
    router, "A new revision, with the texts given (the original language among them).", NewRevision
)

edges.CIRCULATE.api_route(router, "Open negotiation in the holding organ; its members are notified.")


class ForwardTo(Body):
    to: Line = Field(description="The organ to forward to (the charter's forwards_to).")


edges.Step("/drafts/{draft_id}/forward", "draft.forward", operations.forward).api_route(
    router, "Forward the draft, without a recommendation, where the charter allows.", ForwardTo
)

edges.WITHDRAW.api_route(router, "Withdraw the draft (its sponsor only; never under an open procedure).")

edges.REJECT.api_route(router, "Record that the holding organ ends work on the draft without adopting it.")

# --- Amendments -------------------------------------------------------------------------------


class NewAmendment(Body):
    kind: AmendmentKind
    justification: Text = Field(max_length=5000)
    paragraphs: list[Integer] = Field(default_factory=list, description="Replaced or deleted paragraphs.")
    after: Integer | None = Field(
        None, description="An insertion comes after this paragraph (0: at the start)."
    )
    text: Text = Field("", max_length=50_000)
    revision: RecordId | None = Field(None, description="The revision amended (default: the current one).")
    delegation: Line | None = Field(None, description="Your delegation (the default).")


amending = edges.Step(
    "/drafts/{draft_id}/amendments", "amendment.propose", operations.propose_amendment, created=True
)
amending.api_route(router, "Propose an amendment to numbered paragraphs, for your delegation.", NewAmendment)

edges.ACCEPT_AMENDMENT.api_route(router, "Take the amendment into a new revision (the Chair).")

edges.REJECT_AMENDMENT.api_route(router, "Reject the amendment (the Chair).")

edges.WITHDRAW_AMENDMENT.api_route(router, "Withdraw your delegation's amendment.")
