"""Pages of documents: the list (keyset paged) with the Secretariat's upload form, and a
document's page with its versions and any two or three of them side by side, paragraph by
paragraph as the stored alignment pairs them. A refused upload comes back filled in, with the
message beside its field (`core.forms`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.guard import allowed
from cica.access.web import public, signed_in
from cica.core.deps import FormLine, Line, ListingParams, PageLanguage, SessionDep, get_context, neighbours
from cica.core.errors import InvalidInput
from cica.core.i18n import Language, language_name_in, translations
from cica.core.templating import render
from cica.documents import operations, queries, reading, rules
from cica.documents.rules import VersionStatus
from cica.registry import snapshot

router = APIRouter(include_in_schema=False)


def status_labels(lang: Language) -> dict[VersionStatus, str]:
    _ = translations(lang).gettext
    return {
        VersionStatus.ORIGINAL: _("original"),
        VersionStatus.OFFICIAL_TRANSLATION: _("official translation"),
        VersionStatus.UNOFFICIAL_TRANSLATION: _("unofficial translation"),
    }


def _kind_names(session: Session, lang: Language) -> dict[str, str]:
    _ = translations(lang).gettext
    names = {rules.GENERIC_KIND: _("document")}
    for kind in snapshot.current(session).document.get("document_kinds", []):
        names[kind["id"]] = kind["name"].get(lang) or kind["name"].get("en") or kind["id"]
    return names


def _shown(session: Session, lang: Language) -> dict[str, Any]:
    return {
        "kinds": _kind_names(session, lang),
        "statuses": status_labels(lang),
        "language_name": language_name_in,
    }


@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    listed: ListingParams,
    actor: Actor | None = public("document.read"),
) -> HTMLResponse:
    """The documents the reader may see, newest change first, a page at a time."""
    request_page, stale = listed.page_or_first(queries.DOCUMENTS_ORDER)
    result = queries.documents(session, request_page, actor=actor, lang=lang)
    shown: dict[str, Any] = {"result": result, "pages": neighbours(request, result.page), "stale": stale}
    shown["may_upload"] = allowed(session, actor, "document.import")
    return render(request, "documents/list.html", lang, **(shown | _shown(session, lang)))


# `?v=fr&v=zh`: the language versions a reader puts side by side.
ChosenVersions = Annotated[list[Line] | None, Query(max_length=3, description="The versions side by side.")]


@dataclass(frozen=True)
class SideBySide:
    """What the document page and its printable page show (`shown`: the document, its current
    versions, those chosen and, for two or more, their aligned rows), and the `?v=` asked for."""

    shown: dict[str, Any]
    asked: list[str] | None


def versions_side_by_side(
    ref: Line,
    session: SessionDep,
    lang: PageLanguage,
    v: ChosenVersions = None,
    actor: Actor | None = public("document.read"),
) -> SideBySide:
    """The query both pages read (one dependency, so that they take the same parameters): the
    current versions asked for in `v`, by default the first two."""
    found = queries.document(session, ref, actor=actor, lang=lang)
    current = [version.lang for version in found.versions if version.current]
    chosen = [tag for tag in (v or []) if tag in current] or current[:2]
    side = queries.side_by_side(session, str(found.id), chosen, actor=actor) if len(chosen) >= 2 else None
    return SideBySide({"document": found, "current": current, "chosen": chosen, "side": side}, v)


SideBySideView = Annotated[SideBySide, Depends(versions_side_by_side)]


@router.get("/documents/{ref:path}/print", response_class=HTMLResponse)
def printable_page(
    request: Request, session: SessionDep, lang: PageLanguage, view: SideBySideView
) -> HTMLResponse:
    """The versions side by side for printing: the document's facts and the aligned table, no
    chooser (by default the first two current versions)."""
    return render(request, "documents/print.html", lang, **(view.shown | _shown(session, lang)))


@router.get("/documents/{ref:path}", response_class=HTMLResponse)
def document_page(
    request: Request, session: SessionDep, lang: PageLanguage, view: SideBySideView
) -> HTMLResponse:
    """A document, its versions, and two or three of them side by side (`?v=fr&v=zh`; by
    default the first two)."""
    # A version asked for that is not current is named beside the chooser.
    refusal = None if not view.asked or len(view.shown["chosen"]) == len(view.asked) else "v"
    return render(
        request, "documents/document.html", lang, refusal=refusal, **(view.shown | _shown(session, lang))
    )


@router.post("/documents/upload")
def upload(
    request: Request,
    session: SessionDep,
    file: Annotated[UploadFile, File()],
    lang: FormLine = reading.AUTO,
    kind: FormLine = rules.GENERIC_KIND,
    symbol: FormLine = "",
    classification: FormLine = "public",
    actor: Actor = signed_in("document.import"),
) -> RedirectResponse:
    """Import one file as a document (the language of each paragraph detected unless given)."""
    limit = get_context(request).settings.max_upload_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(f"file: larger than {limit} bytes (setting CICA_MAX_UPLOAD_BYTES)", field="file")
    name = file.filename or "upload.txt"
    known = reading.charter_languages(snapshot.current(session).document)
    try:
        versions = reading.versions_in(name, data, lang or reading.AUTO, known)
    except InvalidInput as error:
        # The file's refusals name the file; on the page they belong beside the file field.
        raise InvalidInput(f"file: {error.message}", field="file") from None
    details = operations.Details(
        symbol=symbol or None, kind=kind or rules.GENERIC_KIND, classification=classification
    )
    document = operations.import_document(session, versions, details=details, actor=actor)
    return RedirectResponse(f"/documents/{document.symbol}", status_code=303)
