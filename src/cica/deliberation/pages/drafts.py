"""Pages of drafts: the list, a new draft, one draft with its steps, the diff; the forms of
revising, circulating, forwarding, withdrawing and amending.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse

from cica.access.actors import Actor
from cica.access.guard import allowed, authorize
from cica.access.web import public, signed_in
from cica.core.answers import hold_until, keep_answer, next_minute
from cica.core.deps import (
    FormLine,
    FormText,
    Integer,
    Line,
    ListingParams,
    PageLanguage,
    RecordId,
    SessionDep,
    Text,
)
from cica.core.errors import InvalidInput
from cica.deliberation import edges, operations, queries, rules
from cica.deliberation.api.common import DraftFilterParams
from cica.deliberation.pages.common import list_page, page, see
from cica.deliberation.queries.drafts import DRAFT_ORDER
from cica.deliberation.texts import LanguageVersion, parse_numbers

router = APIRouter(include_in_schema=False)


@router.get("/drafts", response_class=HTMLResponse)
def drafts(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    listed: ListingParams,
    given: DraftFilterParams,
    actor: Actor | None = public("draft.read"),
) -> HTMLResponse:
    who = queries.reader(session, actor, lang)
    request_page, stale = listed.page_or_first(DRAFT_ORDER)
    chosen = given.blank_as_none()
    found = queries.list_drafts(session, who, **vars(chosen), q=listed.q, page=request_page)
    return list_page(
        request,
        session,
        "deliberation/drafts.html",
        lang,
        found,
        stale,
        filters={name: value or "" for name, value in {**vars(chosen), "q": listed.q}.items()},
        organs=[(o, who.organ_name(o)) for o in who.facts.organ_ids],
        kinds=[(k, who.kind_name(k)) for k in who.facts.kinds],
        stages=[s.value for s in rules.Stage],
        may_create=allowed(session, actor, "draft.create", day=who.day),
    )


@router.get("/drafts/new", response_class=HTMLResponse)
def new_draft(
    request: Request, session: SessionDep, lang: PageLanguage, actor: Actor = signed_in("draft.create")
) -> HTMLResponse:
    who = queries.reader(session, actor, lang)
    # The gate lets the role through; whether this reader may prepare a draft on the day (as
    # the Chair's delegation, or the Secretariat) is what the operation will ask too.
    authorize(session, actor, "draft.create", day=who.day, objects=["page:/drafts/new"])
    choices = queries.new_draft_choices(session, who, actor.delegation)
    return page(request, session, "deliberation/draft_new.html", lang, choices=choices)


@router.post("/drafts")
def create_draft(
    session: SessionDep,
    kind: FormLine,
    organ: FormLine,
    title: FormLine,
    body: FormText,
    sponsor: FormLine = "secretariat",
    original_lang: FormLine = "en",
    classification: FormLine = "public",
    named: FormLine = "",
    actor: Actor = signed_in("draft.create"),
) -> Response:
    draft = operations.create_draft(
        session,
        kind=kind,
        organ=organ,
        texts=[LanguageVersion(original_lang, title, body)],
        original_lang=original_lang,
        sponsor=sponsor,
        classification=classification,
        named=[code for code in named.replace(",", " ").split() if code],
        actor=actor,
    )
    return see(f"/drafts/{draft.id}")


# Kept at the edge like the API's answer (next minute, an open deadline, a database change).
@router.get("/drafts/{draft_id}", response_class=HTMLResponse, dependencies=[keep_answer(next_minute)])
def draft(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    draft_id: RecordId,
    revision: RecordId | None = None,
    actor: Actor | None = public("draft.read"),
) -> HTMLResponse:
    who = queries.reader(session, actor, lang)
    detail = queries.draft_detail(session, who, draft_id, revision=revision)
    for deadline in detail.open_deadlines():
        hold_until(request, deadline)
    offers = queries.next_steps(session, actor, who, detail)
    sitting = queries.seats(session, who, detail.organ) if offers.consensus else []
    return page(
        request,
        session,
        "deliberation/draft.html",
        lang,
        draft=detail,
        delegation_names=queries.names(session, who),
        offers=offers,
        sitting=sitting,
        today=who.day,
        time_zone=who.facts.time_zone,
        default_period=who.facts.default_silence_period,
    )


@router.get("/drafts/{draft_id}/diff", response_class=HTMLResponse)
def diff(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    draft_id: RecordId,
    old: RecordId | None = None,
    new: RecordId | None = None,
    text_lang: Line | None = None,
    actor: Actor | None = public("draft.read"),
) -> HTMLResponse:
    result = queries.diff(
        session, queries.reader(session, actor, lang), draft_id, old=old, new=new, lang=text_lang or None
    )
    return page(request, session, "deliberation/diff.html", lang, diff=result)


@router.post("/drafts/{draft_id}/revise")
def revise(
    session: SessionDep,
    draft_id: RecordId,
    text_lang: Annotated[list[Line], Form()],
    title: Annotated[list[Line], Form()],
    body: Annotated[list[Text], Form()],
    note: FormLine = "",
    expected_version: Annotated[Integer | None, Form()] = None,
    actor: Actor = signed_in("draft.revise"),
) -> Response:
    if not len(text_lang) == len(title) == len(body):
        raise InvalidInput("each text needs its language, title and body")
    versions = [
        LanguageVersion(*fields) for fields in zip(text_lang, title, body, strict=True) if fields[2].strip()
    ]
    operations.revise(
        session, draft_id, texts=versions, note=note, expected_version=expected_version, actor=actor
    )
    return see(f"/drafts/{draft_id}")


edges.CIRCULATE.page_route(router, see)


@router.post("/drafts/{draft_id}/forward")
def forward(
    session: SessionDep, draft_id: RecordId, to: FormLine, actor: Actor = signed_in("draft.forward")
) -> Response:
    operations.forward(session, draft_id, to=to, actor=actor)
    return see(f"/drafts/{draft_id}")


edges.WITHDRAW.page_route(router, see)

edges.REJECT.page_route(router, see)


@router.post("/drafts/{draft_id}/amendments")
def propose_amendment(
    session: SessionDep,
    draft_id: RecordId,
    kind: FormLine,
    justification: FormText,
    paragraphs: FormLine = "",
    after: FormLine = "",
    text: FormText = "",
    actor: Actor = signed_in("amendment.propose"),
) -> Response:
    # One form serves the three kinds: an insert reads "after" (empty: at the start), the others
    # read "paragraphs".
    inserting = kind == "insert"
    insert_after = parse_numbers(after, "after")
    operations.propose_amendment(
        session,
        draft_id,
        kind=kind,
        justification=justification,
        paragraphs=[] if inserting else parse_numbers(paragraphs, "paragraphs"),
        after=(insert_after[0] if insert_after else 0) if inserting else None,
        text=text,
        actor=actor,
    )
    return see(f"/drafts/{draft_id}#amendments")


edges.ACCEPT_AMENDMENT.page_route(router, see)

edges.REJECT_AMENDMENT.page_route(router, see)

edges.WITHDRAW_AMENDMENT.page_route(router, see)
