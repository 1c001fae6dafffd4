"""Pages of confidence-building measures: the catalogue, the coordinators on a day, and the
notifications — the list with the compliance panel and the form to compose one, and each
notification with its acknowledgements and the button to acknowledge. A refused notification
comes back filled in, with the message beside its field (`core.forms`).

Field labels come from the form in the reader's language; the values are the notifying state's
own (dates and numbers), so a notification reads in every UI language without translation."""

from __future__ import annotations

from typing import Annotated, Any

from babel.dates import format_date
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.cbm import dashboard, operations, queries
from cica.cbm.labels import KIND_NAMES, PAPER_NAMES, STATUS_NAMES, UNIT_NAMES
from cica.cbm.rules import Role
from cica.core.deps import Day, FormLine, PageLanguage, SessionDep
from cica.core.errors import InvalidInput
from cica.core.i18n import Language, translations
from cica.core.inputs import Line, RecordId, refused_character
from cica.core.templating import render
from cica.registry import snapshot
from cica.registry.queries import seat_today

router = APIRouter(include_in_schema=False)
# The dashboard (`/cbm` and its figures) keeps a module of its own: its figure cache is its concern.
router.include_router(dashboard.router)

# A notification form's fields are posted as `field.<key>`, its units as `unit.<key>`.
FIELD_PREFIX, UNIT_PREFIX = "field.", "unit."


def _role_names(lang: Language) -> dict[Role, str]:
    _ = translations(lang).gettext
    return {Role.COORDINATOR: _("Coordinator"), Role.CO_COORDINATOR: _("Co-coordinator")}


def _units(lang: Language) -> dict[str, str]:
    return {unit: translations(lang).gettext(name) for unit, name in UNIT_NAMES.items()}


def _day(lang: Language) -> Any:
    return lambda day: format_date(day, "medium", locale=lang)


@router.get("/cbm/catalogue", response_class=HTMLResponse)
def catalogue_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    version: Annotated[Line | None, Query(max_length=16)] = None,
    actor: Actor | None = public("cbm.read"),
) -> HTMLResponse:
    """The Catalogue of CBMs: one version (the latest by default), its dimensions, priority areas
    and numbered measures, in the reader's language where the sources give it."""
    every = queries.catalogue(session, lang=lang)
    ids = [v.id for v in every.versions]
    chosen = version if version in ids else (ids[-1] if ids else None)
    shown = next((v for v in every.versions if v.id == chosen), None)
    papers = queries.papers(session, actor, lang=lang)
    return render(
        request, "cbm/catalogue.html", lang, versions=ids, chosen=shown, papers=papers,
        paper_kinds={kind: translations(lang).gettext(name) for kind, name in PAPER_NAMES.items()},
    )  # fmt: skip


@router.get("/cbm/coordinators", response_class=HTMLResponse)
def coordinators_page(
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    on: Annotated[Day | None, Query()] = None,
    actor: Actor | None = public("cbm.read"),
) -> HTMLResponse:
    """Coordinators and co-coordinators of each priority area on a day (today at the seat)."""
    result = queries.coordinators(session, on or seat_today(session), lang=lang)
    return render(
        request, "cbm/coordinators.html", lang, result=result, roles=_role_names(lang), day=_day(lang)
    )


def chosen_year(session: SessionDep, year: Annotated[int | None, Query(ge=1992, le=2100)] = None) -> int:
    """The year a page is about: `?year=`, this year at the seat by default."""
    return year or seat_today(session).year


ChosenYear = Annotated[int, Depends(chosen_year)]


@router.get("/cbm/events", response_class=HTMLResponse)
def events_page(
    request: Request, lang: PageLanguage, session: SessionDep, chosen: ChosenYear,
    actor: Actor | None = public("cbm.read"),
) -> HTMLResponse:  # fmt: skip
    """The events of a year by dimension: the Plan of Implementation carried out, and events
    added outside it."""
    catalogue = translations(lang)
    shown: dict[str, Any] = {
        "year": chosen,
        "events": queries.events(session, chosen, lang=lang),
        "dimensions": queries.latest_dimensions(session, lang),
        "kinds": {kind: catalogue.gettext(name) for kind, name in KIND_NAMES.items()},
        "statuses": {status: catalogue.gettext(name) for status, name in STATUS_NAMES.items()},
        "names": snapshot.current(session).participant_names(seat_today(session), lang),
        "day": _day(lang),
    }
    return render(request, "cbm/events.html", lang, **shown)


@router.get("/cbm/notifications", response_class=HTMLResponse)
def notifications_page(
    request: Request, session: SessionDep, lang: PageLanguage, actor: Actor | None = public("cbm.read")
) -> HTMLResponse:
    """The notifications the reader may see, the compliance panel (late notifications, missing
    acknowledgements) and, for a member state's delegation, the forms to notify on."""
    listed = queries.notifications(session, actor, lang=lang)
    shown: dict[str, Any] = {
        "listed": listed,
        "compliance": queries.compliance(session, actor),
        "notifiable": queries.notifiable_forms(session, actor),
        "forms": queries.forms(session, lang=lang),
        "delegation": actor.delegation if actor else None,
        "day": _day(lang),
        "units": _units(lang),
    }
    return render(request, "cbm/notifications.html", lang, **shown)


@router.get("/cbm/calendar", response_class=HTMLResponse)
def calendar_page(
    request: Request, lang: PageLanguage, session: SessionDep, chosen: ChosenYear,
    actor: Actor | None = public("cbm.read"),
) -> HTMLResponse:  # fmt: skip
    """The year's calendar of planned military activities, from the notifications the reader may see."""
    listed = queries.activity_calendar(session, actor, chosen, lang=lang)
    return render(request, "cbm/calendar.html", lang, year=chosen, listed=listed, day=_day(lang))


@router.get("/cbm/notifications/{notification_id}", response_class=HTMLResponse)
def notification_page(
    notification_id: RecordId,
    request: Request,
    session: SessionDep,
    lang: PageLanguage,
    actor: Actor | None = public("cbm.read"),
) -> HTMLResponse:
    """One notification: its fields labelled from the form, how far ahead it came, and who has
    acknowledged it (missing ones marked once the reply deadline has passed)."""
    shown = queries.notification(session, actor, notification_id, lang=lang)
    return render(
        request,
        "cbm/notification.html",
        lang,
        item=shown,
        may_acknowledge=queries.may_acknowledge(session, actor, shown),
        delegation=actor.delegation if actor else None,
        day=_day(lang),
        units=_units(lang),
    )


async def posted_fields(request: Request) -> tuple[dict[str, str], dict[str, str]]:
    """The values and units of a posted notification form, by field key (`field.troops`, …)."""
    values: dict[str, str] = {}
    units: dict[str, str] = {}
    for name, value in (await request.form()).multi_items():
        if not isinstance(value, str):
            continue
        for prefix, into in ((FIELD_PREFIX, values), (UNIT_PREFIX, units)):
            if name.startswith(prefix) and value.strip():
                key = name.removeprefix(prefix)
                if refused_character(value, multiline=False) is not None:
                    raise InvalidInput(f"{key}: contains a character a text may not hold", field=name)
                into[key] = value
    return values, units


PostedFields = Annotated[tuple[dict[str, str], dict[str, str]], Depends(posted_fields)]


@router.post("/cbm/notifications")
def notify(
    session: SessionDep,
    posted: PostedFields,
    form: FormLine,
    actor: Actor = signed_in("cbm.notify"),
) -> RedirectResponse:
    """Submit a notification for the reader's delegation on a form."""
    values, units = posted
    if actor.delegation is None:
        raise InvalidInput("form: only a member state's delegation notifies")
    try:
        row = operations.notify(session, form, actor.delegation, values, units=units, actor=actor)
    except InvalidInput as error:
        # The rule names the form's field; on the page the field is `field.<key>`.
        named = f"{FIELD_PREFIX}{error.field}" if error.field else None
        raise InvalidInput(error.message, field=named, code=error.code) from None
    return RedirectResponse(f"/cbm/notifications/{row.id}", status_code=303)


@router.post("/cbm/notifications/{notification_id}/acknowledge")
def acknowledge(
    session: SessionDep, notification_id: RecordId, actor: Actor = signed_in("cbm.acknowledge")
) -> RedirectResponse:
    """The reader's delegation acknowledges a notification it received."""
    operations.acknowledge(session, notification_id, actor.delegation or "", actor=actor)
    return RedirectResponse(f"/cbm/notifications/{notification_id}", status_code=303)
