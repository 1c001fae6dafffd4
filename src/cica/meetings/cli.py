"""`cica meetings list|show|create|update|cancel|due|attend|agenda|floor`.

Commands act as the machine's administrator unless `--as EMAIL` names a user, whose rights then
apply exactly as in the API (the Secretariat schedules).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import typer
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.accounts.queries import actor_for_email
from cica.core.console import stdout
from cica.core.context import Context
from cica.core.errors import InvalidInput
from cica.core.i18n import N_, translated
from cica.core.options import AS, FORMAT, LANG, format_option, language_option, record_id
from cica.core.output import Label, OutputFormat, Shown, beside, emit, marked
from cica.meetings import inputs, operations, queries
from cica.meetings.drafts import agenda_with_drafts
from cica.meetings.rules import AgendaState, DueState, FloorKind, Group, MeetingStatus, SpeakerState
from cica.registry.cli import CERTAINTIES

app = typer.Typer(
    no_args_is_help=True,
    help="Meetings of the organs: list, show, create, update, cancel, due, attend, agenda, floor.",
)

ORGAN = typer.Option(None, "--organ", help="Only this organ's meetings (its id: summit, soc, …).")
COLUMNS = ("id", "title", "dates", "city", "host", "chair", "status")
# What a table shows for the meetings' codes, in the reader's language (CSV and JSON keep them).
CITIES = Label({"online": N_("online")})
DUE = Label({DueState.NOT_DUE: N_("Not due"), DueState.DUE: N_("Due"), DueState.OVERDUE: N_("Overdue")})
GROUPS = Label(
    {
        Group.MEMBERS: N_("Member States"),
        Group.OBSERVERS: N_("Observers"),
        Group.PARTNERS: N_("Partners"),
        Group.GUESTS: N_("Guests"),
    }
)
FLOOR_KINDS = Label({FloorKind.FLOOR: N_("Floor"), FloorKind.REPLY: N_("Right of reply")})
SPEAKER_STATES = Label(
    {
        SpeakerState.WAITING: N_("Waiting"),
        SpeakerState.SPEAKING: N_("Speaking"),
        SpeakerState.SPOKEN: N_("Spoken"),
        SpeakerState.WITHDRAWN: N_("Withdrawn"),
    }
)
# A meeting's row, and under it the documents it adopted (their certainty in the status column).
SHOWN: dict[str, Shown] = {"title": marked("lang"), "city": CITIES, "status": CERTAINTIES}


@contextmanager
def _unit(as_email: str | None, *, write: bool) -> Iterator[tuple[Session, Actor]]:
    with Context.create() as context, context.unit_of_work(write=write) as session:
        yield session, (actor_for_email(session, as_email) if as_email else Actor.command_line())


def _row(item: queries.MeetingItem) -> dict[str, object]:
    return {
        "id": item.id,
        "title": item.title,
        "dates": item.dates,
        "city": item.city or "online",
        "host": item.host.name if item.host else "",
        "chair": item.chair.name if item.chair else "",
        "status": item.status_label,
    }


@app.command("list")
def list_meetings(organ: str | None = ORGAN, lang: str | None = LANG, output: str = FORMAT) -> None:
    """Every meeting, oldest first (of one organ with --organ)."""
    chosen_lang, chosen_format = language_option(lang), format_option(output)
    with _unit(None, write=False) as (session, _):
        result = queries.meetings(session, organ=organ, lang=chosen_lang)
    emit(
        stdout,
        result,
        chosen_format,
        rows=[_row(i) for i in result.items],
        columns=COLUMNS,
        title=translated("Meetings"),
        shown=SHOWN,
    )


@app.command("show")
def show(
    meeting_id: str = typer.Argument(..., help="The meeting's id."),
    lang: str | None = LANG,
    output: str = FORMAT,
) -> None:
    """One meeting: when, where, who hosts and presides, its status history, what it adopted."""
    chosen_lang, chosen_format = language_option(lang), format_option(output)
    with _unit(None, write=False) as (session, _):
        detail = queries.meeting(session, record_id(meeting_id), lang=chosen_lang)
    rows = [_row(detail)] + [
        {
            "id": "",
            "title": document.title,
            "lang": document.lang,
            "dates": document.adopted_on,
            "status": document.certainty,
        }
        for document in detail.documents
    ]
    emit(stdout, detail, chosen_format, rows=rows, columns=COLUMNS, title=detail.title, shown=SHOWN)


KIND = typer.Option(
    "regular", "--kind", help="regular, informal, special, extraordinary, virtual or experts."
)
STARTS = typer.Option(
    ..., "--start", help="A day (YYYY-MM-DD) or a local time at the venue (YYYY-MM-DDTHH:MM)."
)
ENDS = typer.Option(None, "--end", help="The last day, or the end time (default: the start day).")
ZONE = typer.Option(None, "--zone", help="The venue's IANA time zone (e.g. Asia/Almaty).")
ONLINE = typer.Option(False, "--online", help="An online meeting: no venue, days counted at the seat.")
CITY = typer.Option(None, "--city", help="The venue city, as it is called now.")
HOST = typer.Option(None, "--host", help="The host state's code.")
CHAIR = typer.Option(None, "--chair", help="The presiding state's code (default: the chair that day).")
ORDINAL = typer.Option(None, "--ordinal", help="The meeting's number, where the charter numbers them.", min=1)
NOTE = typer.Option(None, "--note", help="A note.")


def _changed(detail: queries.MeetingItem, chosen_format: OutputFormat, title: str) -> None:
    """A meeting as scheduling, moving or cancelling left it."""
    emit(stdout, detail, chosen_format, rows=[_row(detail)], columns=COLUMNS, title=title, shown=SHOWN)


@app.command("create")
def create(
    organ: str = typer.Option(..., "--organ", help="The organ that meets."),
    kind: str = KIND,
    start: str = STARTS,
    end: str | None = ENDS,
    zone: str | None = ZONE,
    online: bool = ONLINE,
    city: str | None = CITY,
    host: str | None = HOST,
    chair: str | None = CHAIR,
    ordinal: int | None = ORDINAL,
    note: str | None = NOTE,
    as_email: str | None = AS,
    output: str = FORMAT,
) -> None:
    """Schedule a meeting (the Secretariat)."""
    chosen_format = format_option(output)
    with _unit(as_email, write=True) as (session, actor):
        plan = inputs.plan(
            organ=organ, kind=kind, starts=start, ends=end, time_zone=zone, seat_zone=queries.seat_zone_name(session),
            online=online, city=city, host=host, chair=chair, ordinal=ordinal, note=note,
        )  # fmt: skip
        meeting = operations.schedule(session, plan, actor=actor)
        detail = queries.meeting(session, meeting.id)
    _changed(detail, chosen_format, translated("Scheduled"))


@app.command("update")
def update(
    meeting_id: str = typer.Argument(..., help="The meeting's id."),
    start: str | None = typer.Option(None, "--start", help="New start: a day or a local time at the venue."),
    end: str | None = ENDS,
    zone: str | None = ZONE,
    city: str | None = CITY,
    host: str | None = HOST,
    chair: str | None = CHAIR,
    status: str | None = typer.Option(None, "--status", help="planned, confirmed, held or postponed."),
    note: str | None = NOTE,
    as_email: str | None = AS,
    output: str = FORMAT,
) -> None:
    """Move, reschedule or change the status of a meeting (its SEQUENCE goes up)."""
    chosen_format = format_option(output)
    new_status = _status(status)
    with _unit(as_email, write=True) as (session, actor):
        current = queries.meeting(session, record_id(meeting_id))
        plan = operations.plan_of_id(session, current.id)
        if start is not None:
            moved = inputs.plan(
                organ=plan.organ, kind=plan.kind, starts=start, ends=end, time_zone=zone or plan.time_zone,
                seat_zone=queries.seat_zone_name(session), online=plan.online, city=plan.city, host=plan.host,
                chair=plan.chair, ordinal=plan.ordinal, note=plan.note,
            )  # fmt: skip
            plan = moved
        plan = replace(
            plan,
            city={"en": city} if city else plan.city,
            host=host.upper() if host else plan.host,
            chair=chair.upper() if chair else plan.chair,
            note=note if note is not None else plan.note,
        )
        operations.update(session, current.id, plan, status=new_status, actor=actor)
        detail = queries.meeting(session, current.id)
    _changed(detail, chosen_format, translated("Updated"))


def _status(value: str | None) -> MeetingStatus | None:
    if value is None:
        return None
    try:
        return MeetingStatus(value)
    except ValueError:
        raise InvalidInput(f"--status: {value!r} is not a status ({', '.join(MeetingStatus)})") from None


@app.command("cancel")
def cancel(
    meeting_id: str = typer.Argument(..., help="The meeting's id."),
    reason: str | None = typer.Option(None, "--reason", help="Why it is cancelled."),
    as_email: str | None = AS,
    output: str = FORMAT,
) -> None:
    """Cancel a meeting: it stays in the calendar as cancelled."""
    chosen_format = format_option(output)
    with _unit(as_email, write=True) as (session, actor):
        meeting = operations.cancel(session, record_id(meeting_id), reason=reason, actor=actor)
        detail = queries.meeting(session, meeting.id)
    _changed(detail, chosen_format, translated("Cancelled"))


@app.command("due")
def due(lang: str | None = LANG, output: str = FORMAT) -> None:
    """Each organ's last meeting held, next meeting scheduled, and whether its next regular
    meeting is due or overdue under the charter's cycle (today at the seat)."""
    chosen_lang, chosen_format = language_option(lang), format_option(output)
    with _unit(None, write=False) as (session, _):
        result = queries.organ_calendar(session, lang=chosen_lang)
    rows = [item.model_dump() for item in result.items]
    emit(
        stdout,
        result,
        chosen_format,
        rows=rows,
        # A table names the organ (its id is for typing: --organ); CSV and JSON keep both.
        columns=("organ", "last_held", "next", "due", "due_sentence")
        if chosen_format == "table"
        else ("organ", "name", "last_held", "next", "due", "due_sentence"),
        title=translated("Organs"),
        shown={"organ": beside("name"), "due": DUE},
    )


@app.command("attend")
def attend(
    meeting_id: str = typer.Argument(..., help="The meeting's id."),
    delegation: str | None = typer.Argument(None, help="The delegation (its code); none: list who attends."),
    head: str | None = typer.Option(None, "--head", help="The head of the delegation."),
    members: list[str] = typer.Option([], "--member", help="A member of the delegation (repeat)."),
    as_email: str | None = AS,
    lang: str = LANG,
    output: str = FORMAT,
) -> None:
    """Register a delegation's participation (its own; the Secretariat any), or list who attends."""
    chosen_lang, chosen_format = language_option(lang), format_option(output)
    with _unit(as_email, write=delegation is not None) as (session, actor):
        if delegation is not None:
            operations.register(
                session, record_id(meeting_id), delegation, head=head, members=members, actor=actor
            )
        attendees = queries.attendance(session, record_id(meeting_id), lang=chosen_lang)
    rows = [{**a.model_dump(exclude={"members"}), "members": "; ".join(a.members)} for a in attendees]
    emit(stdout, queries.Participants(meeting_id=record_id(meeting_id), items=attendees), chosen_format, rows=rows, columns=("code", "name", "group", "head", "members"),
         title=translated("Participants"), shown={"group": GROUPS})  # fmt: skip


@app.command("agenda")
def agenda(
    meeting_id: str = typer.Argument(..., help="The meeting's id."),
    add: str | None = typer.Option(None, "--add", help="Add an item with this title."),
    order: str | None = typer.Option(
        None, "--order", help="Every item's id, comma-separated, in the new order."
    ),
    step: str | None = typer.Option(None, "--step", help="circulated or adopted: the agenda's next step."),
    item: str | None = typer.Option(None, "--item", help="With --link or --unlink: the agenda item's id."),
    link: str | None = typer.Option(
        None, "--link", help="Link this draft (of the meeting's organ) to --item."
    ),
    unlink: str | None = typer.Option(None, "--unlink", help="Take this draft off --item."),
    as_email: str | None = AS,
    lang: str = LANG,
    output: str = FORMAT,
) -> None:
    """Show a meeting's agenda with the drafts each item takes up; add an item, reorder, link or
    unlink a draft, circulate or record its adoption."""
    chosen_lang, chosen_format = language_option(lang), format_option(output)
    meeting = record_id(meeting_id)
    wanted = _ids(order, "order") if order is not None else None
    state = _agenda_state(step) if step is not None else None
    linked, unlinked = (record_id(value) if value is not None else None for value in (link, unlink))
    if (linked or unlinked) and item is None:
        raise InvalidInput("item: name the agenda item (--item) the draft is linked to")
    with _unit(as_email, write=bool(add or wanted is not None or state or linked or unlinked)) as (
        session,
        actor,
    ):
        if add is not None:
            operations.add_item(session, meeting, add, actor=actor)
        if wanted is not None:
            operations.reorder_items(session, meeting, wanted, actor=actor)
        for draft, act in ((linked, operations.link_draft), (unlinked, operations.unlink_draft)):
            if draft is not None and item is not None:
                act(session, record_id(item), draft, actor=actor)
        if state is not None:
            operations.advance_agenda(session, meeting, state, actor=actor)
        result = agenda_with_drafts(session, meeting, actor, chosen_lang)
    rows = [
        entry.model_dump() | {"drafts": ", ".join(str(d.id) for d in entry.drafts)} for entry in result.items
    ]
    emit(stdout, result, chosen_format, rows=rows, columns=("id", "position", "title", "drafts"),
         title=f"Agenda ({result.state_label})")  # fmt: skip


@app.command("floor")
def floor(
    item_id: str = typer.Argument(..., help="The agenda item's id."),
    ask: str | None = typer.Option(None, "--ask", help="Ask for the floor for this (one's own) delegation."),
    reply: bool = typer.Option(False, "--reply", help="With --ask: a right of reply."),
    give: bool = typer.Option(
        False, "--give", help="Give the floor to the next speaker (the presiding chair)."
    ),
    end: bool = typer.Option(False, "--end", help="End the intervention under way (the presiding chair)."),
    close: bool = typer.Option(False, "--close", help="Close the speakers' list (the presiding chair)."),
    as_email: str | None = AS,
    lang: str = LANG,
    output: str = FORMAT,
) -> None:
    """Show an agenda item's speakers' list; ask for the floor, give it, end it, close the list."""
    chosen_lang, chosen_format = language_option(lang), format_option(output)
    item = record_id(item_id)
    with _unit(as_email, write=bool(ask or give or end or close)) as (session, actor):
        if ask is not None:
            kind = FloorKind.REPLY if reply else FloorKind.FLOOR
            operations.ask_floor(session, item, ask, kind=kind, actor=actor)
        if give:
            operations.give_floor(session, item, actor=actor)
        if end:
            operations.end_intervention(session, item, actor=actor)
        if close:
            operations.close_list(session, item, actor=actor)
        result = queries.speakers(session, item, lang=chosen_lang)
    listed = ([result.speaking] if result.speaking else []) + result.waiting
    rows = [s.model_dump(include={"code", "name", "kind", "state"}) for s in listed]
    emit(stdout, result, chosen_format, rows=rows, columns=("code", "name", "kind", "state"),
         title=translated("Speakers"), shown={"kind": FLOOR_KINDS, "state": SPEAKER_STATES})  # fmt: skip


def _ids(value: str, name: str) -> list[int]:
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise InvalidInput(f"{name}: give the items' ids, comma-separated (3,1,2)") from None


def _agenda_state(value: str) -> AgendaState:
    if value not in (AgendaState.CIRCULATED, AgendaState.ADOPTED):
        raise InvalidInput("step: circulated or adopted")
    return AgendaState(value)
