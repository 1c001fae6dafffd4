"""API of documents, under `/api/v1/documents`: the list (keyset paged: `Link` headers), a
document by symbol or id, one language version's paragraphs and sentences, and the stored
alignment of two versions. A document the caller may not see answers 404, as one that does not
exist. Refusals answer problem+json from the shared handlers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from cica.access.actors import Actor
from cica.access.web import public
from cica.core import clock, paging
from cica.core.deps import CursorParam, LimitParam, SessionDep, add_link_header
from cica.core.i18n import Language
from cica.core.inputs import Line
from cica.documents import akn, queries
from cica.documents import markdown as documents_markdown

router = APIRouter(tags=["documents"])

Lang = Annotated[Language, Query(description="The reader's language: which version's title a list shows.")]
Langs = Annotated[Line, Query(max_length=40, description="Two languages, comma-separated: fr,zh.")]
# A symbol holds slashes (CICA/SUMMIT/2022/1): the path takes it whole.
DOCUMENT = "/documents/{ref:path}"


@router.get("/documents", response_model=queries.DocumentList)
def documents(
    request: Request,
    response: Response,
    session: SessionDep,
    cursor: CursorParam = None,
    limit: LimitParam = paging.DEFAULT_LIMIT,
    lang: Lang = "en",
    actor: Actor | None = public("document.read"),
) -> queries.DocumentList:
    """The documents you may see, newest change first; follow the `Link` header (rel="next",
    rel="prev") or `page.next_cursor`."""
    found = queries.documents(session, paging.PageRequest(cursor, limit), actor=actor, lang=lang)
    add_link_header(request, response, found.page)
    return found


@router.get(DOCUMENT + "/versions/{tag}", response_model=queries.VersionView)
def version(
    session: SessionDep, ref: Line, tag: Line, actor: Actor | None = public("document.read")
) -> queries.VersionView:
    """The current version in a language (BCP 47; `zh` finds `zh-Hans`): numbered paragraphs,
    each with its sentences."""
    return queries.version(session, ref, tag, actor=actor)


@router.get(DOCUMENT + "/alignment", response_model=queries.AlignmentView)
def alignment(
    session: SessionDep, ref: Line, langs: Langs, actor: Actor | None = public("document.read")
) -> queries.AlignmentView:
    """The stored paragraph alignment of two versions: rows of 1-based paragraph numbers, an
    empty side unmatched."""
    return queries.alignment(session, ref, langs.split(","), actor=actor)


@router.get(
    DOCUMENT + "/akn/{tag}",
    response_class=Response,
    responses={200: {"content": {akn.MEDIA_TYPE: {"schema": {"type": "string"}}}}},
)
def akoma_ntoso(
    session: SessionDep, ref: Line, tag: Line, actor: Actor | None = public("document.read")
) -> Response:
    """The current version in a language as Akoma Ntoso 3.0 XML: one FRBR expression of the
    document, paragraphs as `<p eId="p_N">`."""
    xml = queries.akoma_ntoso(session, ref, tag, actor=actor, now=clock.now(session))
    return Response(xml, media_type=akn.MEDIA_TYPE)


@router.get(
    DOCUMENT + "/markdown",
    response_class=Response,
    responses={200: {"content": {"text/markdown": {"schema": {"type": "string"}}}}},
)
def markdown(
    session: SessionDep,
    ref: Line,
    langs: Langs,
    lang: Lang = "en",
    actor: Actor | None = public("document.read"),
) -> Response:
    """Two or three versions side by side as Markdown (a table, one column per language, in the
    stored alignment's rows); `lang` names the columns and picks the title."""
    text = queries.markdown(session, ref, langs.split(","), actor=actor, lang=lang)
    return Response(text, media_type=documents_markdown.MEDIA_TYPE)


@router.get(DOCUMENT, response_model=queries.DocumentView)
def document(
    session: SessionDep, ref: Line, lang: Lang = "en", actor: Actor | None = public("document.read")
) -> queries.DocumentView:
    """A document by its symbol or id, with every version (corrected ones kept)."""
    return queries.document(session, ref, actor=actor, lang=lang)
