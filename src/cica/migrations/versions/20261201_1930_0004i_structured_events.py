"""What happened is stored as structured events, rendered in the reader's language at read time.

Draft history steps get `params` (their `action` is the event kind), revisions an `origin` (why
the system made them) and the language of a typed note, silence procedures an `ending`, and
notices carry their event in the payload. The English lines stored until now are parsed into
these where they can be; a line that cannot be parsed is kept (its `summary` or `subject`, shown
marked as English). Downgrade writes the English lines back from the events.

"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from babel import Locale
from babel.dates import format_date, format_datetime, format_timedelta
from babel.lists import format_list

revision: str = "0004i"
down_revision: str | None = "0004a"

# The column comments, as the models have them.
PARAMS = "what happened, as the narration renders it in the reader's language"
OLD_EVENT_LINE = "an English line from before events were structured (migration 0004i)"
NOTE = "a note typed by whoever made it (may be empty)"
NOTE_LANG = "the language the note was typed in"
ORIGIN = "why the system made it: {kind: first|revised|amendments, amendments: [...]}"
ENDING = "silence: how it ended"
OLD_ENDING_LINE = "an English line from before endings were structured (migration 0004i)"
OLD_SUBJECT = "an English line from before notices were structured (migration 0004i)"
PAYLOAD = "ids, and the event it tells of"


def _table(name: str, columns: str) -> sa.TableClause:
    """The part of a table this migration reads and writes, as `column:type` words."""
    types = {"int": sa.Integer, "str": sa.String, "text": sa.Text, "json": sa.JSON, "time": sa.DateTime}
    pairs = (word.split(":") for word in columns.split())
    return sa.table(name, *(sa.column(column, types[kind]) for column, kind in pairs))


draft_event = _table(
    "draft_event",
    "id:int draft_id:int action:str organ_id:str to_organ_id:str revision:int procedure_id:int"
    " summary:text params:json",
)
draft_revision = _table("draft_revision", "id:int note:text note_lang:str origin:json")
procedure = _table(
    "procedure",
    "id:int kind:str status:str recommend_to:str opened_at:time deadline:time outcome:json ending:json"
    " summary:text",
)
silence_break = _table("silence_break", "procedure_id:int participant_code:str kind:str")
amendment = _table("amendment", "draft_id:int number:int kind:str paragraphs:json after:int")
decision = _table("decision", "procedure_id:int symbol:str")
notification = _table("notification", "id:int kind:str subject:text payload:json draft_id:int")
draft = _table("draft", "id:int title:text")

SPONSOR = re.compile(r"(?:created|withdrawn) by (the Secretariat|the Chair|[A-Z]{2,16})$", re.IGNORECASE)
REVISED = re.compile(r"revision (\d+) \(([^)]*)\)$")
AMENDMENT = re.compile(r"A-(\d+) by ([A-Z]{2,16}): ")
ACCEPTED = re.compile(r"A-(\d+) accepted into revision (\d+)$")
SETTLED = re.compile(r"A-(\d+) (rejected|withdrawn)$")
OPENED = re.compile(
    r"revision (\d+) put to .* by consensus at the session of (\d{4}-\d{2}-\d{2}) \((\d+) delegations"
)
FAILED = re.compile(r"Not adopted at the deadline \((.*)\); back to negotiation")
ACCEPTED_NOTE = re.compile(r"A-(\d+) \(([A-Z]{2,16})\) accepted$")
FAILED_ENDING = re.compile(r"not adopted: (.*)$", re.DOTALL)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _period(opened_at: datetime, deadline: datetime) -> int:
    start = _utc(opened_at)
    whole = start.replace(microsecond=0) + (timedelta(seconds=1) if start.microsecond else timedelta(0))
    return int((_utc(deadline) - whole).total_seconds())


class Lookups:
    """The rows an old line refers to, read once."""

    def __init__(self, connection: sa.Connection) -> None:
        self.procedures = {row.id: row for row in connection.execute(sa.select(procedure))}
        self.breaks = {row.procedure_id: row for row in connection.execute(sa.select(silence_break))}
        self.amendments = {
            (row.draft_id, row.number): row for row in connection.execute(sa.select(amendment))
        }
        self.symbols = {row.procedure_id: row.symbol for row in connection.execute(sa.select(decision))}

    def started(self, procedure_id: int | None, revision_number: int | None) -> dict[str, Any] | None:
        found = self.procedures.get(procedure_id)
        if found is None or found.deadline is None:
            return None
        return {
            "revision": revision_number,
            "to": found.recommend_to,
            "deadline": _utc(found.deadline).isoformat(),
            "period_seconds": _period(found.opened_at, found.deadline),
        }

    def broken(self, procedure_id: int | None) -> dict[str, Any] | None:
        found = self.breaks.get(procedure_id)
        return {"by": found.participant_code, "break": found.kind} if found else None

    def kind_of(self, procedure_id: int | None) -> str | None:
        found = self.procedures.get(procedure_id)
        return found.kind if found else None


def _sponsor(summary: str) -> dict[str, Any] | None:
    found = SPONSOR.search(summary)
    if not found:
        return None
    named = found.group(1)
    value = {"the secretariat": "secretariat", "the chair": "chair"}.get(named.lower(), named)
    return {"sponsor": value}


def event_params(row: Any, known: Lookups) -> dict[str, Any] | None:
    """The structured event of an old English history line, or None if it cannot be parsed."""
    action, summary = row.action, row.summary or ""
    if action in ("created", "withdrawn"):
        return _sponsor(summary)
    if action == "revised":
        found = REVISED.search(summary)
        return {"revision": int(found.group(1)), "langs": found.group(2).split(", ")} if found else None
    if action == "circulated":
        return {"organ": row.organ_id, "revision": row.revision}
    if action == "forwarded" and row.to_organ_id:
        return {"from": row.organ_id, "to": row.to_organ_id}
    if action == "not_adopted":
        return {"organ": row.organ_id}
    if action == "amendment_proposed":
        found = AMENDMENT.match(summary)
        proposed = known.amendments.get((row.draft_id, int(found.group(1)))) if found else None
        if not found or proposed is None:
            return None
        return {
            "number": proposed.number,
            "proposer": found.group(2),
            "change": proposed.kind,
            "paragraphs": list(proposed.paragraphs or []),
            "after": proposed.after,
            "revision": row.revision,
        }
    if action == "amendment_accepted":
        found = ACCEPTED.match(summary)
        return {"number": int(found.group(1)), "revision": int(found.group(2))} if found else None
    if action in ("amendment_rejected", "amendment_withdrawn"):
        found = SETTLED.match(summary)
        return {"number": int(found.group(1))} if found else None
    if action == "consensus_opened":
        found = OPENED.match(summary)
        ran = known.procedures.get(row.procedure_id)
        if not found or ran is None:
            return None
        return {
            "revision": int(found.group(1)),
            "to": ran.recommend_to,
            "held_on": found.group(2),
            "present": int(found.group(3)),
        }
    if action == "silence_started":
        return known.started(row.procedure_id, row.revision)
    if action == "silence_broken":
        return known.broken(row.procedure_id)
    if action == "adopted":
        symbol = known.symbols.get(row.procedure_id)
        return {"symbol": symbol, "procedure": known.kind_of(row.procedure_id)} if symbol else None
    if action == "recommended" and row.to_organ_id:
        return {"to": row.to_organ_id, "procedure": known.kind_of(row.procedure_id)}
    if action == "returned":
        ran = known.procedures.get(row.procedure_id)
        if ran is not None and ran.kind == "consensus" and ran.outcome:
            return {"procedure": "consensus", "outcome": ran.outcome}
        found = FAILED.search(summary)
        return {"procedure": "silence", "reason": found.group(1)} if found else None
    return None


def notice_event(row: Any, known: Lookups) -> dict[str, Any] | None:
    payload = row.payload or {}
    procedure_id = payload.get("procedure")
    params: dict[str, Any] | None
    kind = row.kind
    if kind == "circulated":
        params = {"organ": payload.get("organ"), "revision": payload.get("revision")}
    elif kind == "silence_started":
        params = known.started(procedure_id, payload.get("revision"))
    elif kind == "silence_broken":
        params = known.broken(procedure_id)
    elif kind == "adopted" and payload.get("symbol"):
        params = {"symbol": payload["symbol"], "procedure": known.kind_of(procedure_id)}
    elif kind == "recommended" and payload.get("to"):
        params = {"to": payload["to"], "procedure": known.kind_of(procedure_id)}
    elif kind == "not_adopted":
        kind = "returned"
        ran = known.procedures.get(procedure_id)
        if ran is not None and ran.kind == "consensus" and ran.outcome:
            params = {"procedure": "consensus", "outcome": ran.outcome}
        elif payload.get("reason"):
            params = {"procedure": "silence", "reason": payload["reason"]}
        else:
            params = None
    else:
        params = None
    return {"kind": kind, **params} if params is not None else None


def _comment(table: str, column: str, kind: sa.types.TypeEngine[Any], comment: str | None) -> None:
    """A column's comment, where the backend keeps comments: SQLite does not, and would have to
    rebuild a table that others refer to just to change nothing."""
    if op.get_bind().dialect.supports_comments:
        op.alter_column(table, column, existing_type=kind, comment=comment)


def upgrade() -> None:
    op.add_column("draft_event", sa.Column("params", sa.JSON(), nullable=True, comment=PARAMS))
    with op.batch_alter_table("draft_event") as batch:
        batch.alter_column("summary", existing_type=sa.Text(), nullable=True, comment=OLD_EVENT_LINE)
    _comment("draft_revision", "note", sa.Text(), NOTE)
    op.add_column(
        "draft_revision", sa.Column("note_lang", sa.String(length=35), nullable=True, comment=NOTE_LANG)
    )
    op.add_column("draft_revision", sa.Column("origin", sa.JSON(), nullable=True, comment=ORIGIN))
    op.add_column("procedure", sa.Column("ending", sa.JSON(), nullable=True, comment=ENDING))
    _comment("procedure", "summary", sa.Text(), OLD_ENDING_LINE)
    _comment("notification", "payload", sa.JSON(), PAYLOAD)
    with op.batch_alter_table("notification") as batch:
        batch.alter_column("subject", existing_type=sa.Text(), nullable=True, comment=OLD_SUBJECT)

    connection = op.get_bind()
    known = Lookups(connection)
    for row in connection.execute(sa.select(draft_event)).all():
        params = event_params(row, known)
        if params is not None:
            connection.execute(
                draft_event.update().where(draft_event.c.id == row.id).values(params=params, summary=None)
            )
    for row in connection.execute(sa.select(draft_revision)).all():
        note = row.note or ""
        accepted = ACCEPTED_NOTE.match(note)
        if note == "first revision":
            values: dict[str, Any] = {"origin": {"kind": "first"}, "note": ""}
        elif note in ("revised", ""):
            values = {"origin": {"kind": "revised"}, "note": ""}
        elif accepted:
            listed = [{"number": int(accepted.group(1)), "proposer": accepted.group(2)}]
            values = {"origin": {"kind": "amendments", "amendments": listed}, "note": ""}
        else:  # a note someone typed: kept as typed, in English as far as anyone can tell
            values = {"origin": {"kind": "revised"}, "note_lang": "en"}
        connection.execute(draft_revision.update().where(draft_revision.c.id == row.id).values(**values))
    for ran in known.procedures.values():
        ending: dict[str, Any] | None = None
        if ran.kind == "silence" and ran.status == "broken":
            broken = known.broken(ran.id)
            ending = {"kind": "broken", **broken} if broken else None
        elif ran.kind == "silence" and ran.status == "adopted":
            ending = {"kind": "adopted_at_deadline"}
        elif ran.kind == "silence" and ran.status == "not_adopted":
            failed = FAILED_ENDING.match(ran.summary or "")
            ending = {"kind": "failed_at_deadline", "reason": failed.group(1)} if failed else None
        if ending is not None:
            connection.execute(
                procedure.update().where(procedure.c.id == ran.id).values(ending=ending, summary=None)
            )
        elif ran.kind == "consensus" and ran.outcome:
            # The outcome is the structured record; the line was made from it.
            outcome = {key: value for key, value in ran.outcome.items() if key != "summary"}
            connection.execute(
                procedure.update().where(procedure.c.id == ran.id).values(outcome=outcome, summary=None)
            )
    for row in connection.execute(sa.select(notification)).all():
        event = notice_event(row, known)
        if event is not None:
            connection.execute(
                notification.update()
                .where(notification.c.id == row.id)
                .values(payload={**(row.payload or {}), "event": event}, subject=None)
            )


# -- The English lines written back on downgrade ---------------------------------------------
# As `cica.deliberation.narration.ENGLISH` rendered them when this migration was written, copied
# here so that a later change of the narration cannot change what this migration does.

EN = Locale.parse("en")


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _en_sponsor(value: str) -> str:
    return {"secretariat": "the Secretariat", "chair": "the Chair"}.get(value, value)


def _en_language(lang: str) -> str:
    try:
        return Locale.parse(lang.replace("-", "_")).get_display_name(EN) or lang
    except (ValueError, LookupError):
        return lang


def _en_moment(value: str) -> str:
    instant = datetime.fromisoformat(value)
    return format_datetime(instant, "medium", tzinfo=ZoneInfo("UTC"), locale=EN) + " UTC"


def _en_duration(seconds: float) -> str:
    rest, parts = int(seconds), []
    if rest and rest % 604_800 == 0:
        parts, rest = [(rest // 604_800, 604_800)], 0
    for size in (86_400, 3_600, 60, 1):
        value, rest = divmod(rest, size)
        parts += [(value, size)] if value else []
    if not parts:
        return format_timedelta(timedelta(0), locale=EN, format="long")
    said = [
        format_timedelta(timedelta(seconds=v * size), threshold=v, locale=EN, format="long")
        for v, size in parts
    ]
    return " ".join(said)


def _en_numbers(numbers: list[int]) -> str:
    ordered = sorted(set(numbers))
    run = len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1))
    listed = f"{ordered[0]}–{ordered[-1]}" if run else format_list([str(n) for n in ordered], locale=EN)
    return f"paragraph {ordered[0]}" if len(ordered) == 1 else f"paragraphs {listed}"


def _en_amendment(kind: str, paragraphs: list[int], after: int | None, revision: int | None) -> str:
    if kind == "insert":
        what = f"insert after paragraph {after}" if after else "insert at the start"
    else:
        what = f"{'replace' if kind == 'replace' else 'delete'} {_en_numbers(paragraphs)}"
    return what if revision is None else f"{what} (revision {revision})"


def _en_purpose(to: str | None) -> str:
    return f"a recommendation to the {to}" if to else "adoption"


def _en_outcome(outcome: dict[str, Any]) -> str:
    if outcome.get("adopted"):
        count = len(outcome.get("reservations") or [])
        with_reservations = f" with {count} {_plural(count, 'reservation', 'reservations')}" if count else ""
        return "adopted by consensus" + with_reservations
    quorum = outcome.get("quorum")
    present = int(outcome.get("members_present") or 0)
    if not outcome.get("quorum_met", True) or present == 0:
        if quorum is None or (present == 0 and not quorum):
            return "not adopted: no member present"
        members = _plural(int(quorum), "member", "members")
        return f"not adopted: quorum of {int(quorum)} {members} not met ({present} present)"
    objectors = [remark["participant"] for remark in outcome.get("objections") or []]
    objections = _plural(len(objectors), "objection", "objections")
    return f"not adopted: {objections} by {format_list(objectors, locale=EN)}"


def _en_revision_note(origin: dict[str, Any] | None) -> str:
    if not origin:
        return ""
    if origin["kind"] in ("first", "revised"):
        return {"first": "first revision", "revised": "revised"}[origin["kind"]]
    accepted = [f"A-{a['number']} ({a['proposer']})" for a in origin.get("amendments", [])]
    return f"{format_list(accepted, locale=EN)} accepted"


def _en_break(kind: str) -> str:
    return "written objection" if kind == "objection" else "proposed amendment"


def _en_event(event: dict[str, Any]) -> str:
    """One step of a draft's history, `{"kind": …, **params}`."""
    p = event
    kind, by_silence = p["kind"], p.get("procedure") == "silence"
    if kind == "revised":
        langs = format_list([_en_language(lang) for lang in p.get("langs", [])], locale=EN)
        return f"Revision {p['revision']} ({langs})"
    if kind == "amendment_proposed":
        change = _en_amendment(p["change"], p.get("paragraphs", []), p.get("after"), p.get("revision"))
        return f"A-{p['number']} proposed by {p['proposer']}: {change}"
    if kind == "consensus_opened":
        present = f"{p['present']} {_plural(p['present'], 'delegation', 'delegations')} present"
        day = format_date(datetime.fromisoformat(p["held_on"]).date(), "long", locale=EN)
        return f"Revision {p['revision']} put to {_en_purpose(p.get('to'))} by consensus at the session of {day} ({present})"
    if kind == "silence_started":
        until = f"{_en_moment(p['deadline'])} ({_en_duration(p['period_seconds'])})"
        return (
            f"Revision {p['revision']} circulated for {_en_purpose(p.get('to'))} under silence until {until}"
        )
    if kind == "returned" and by_silence:
        return f"Not adopted at the deadline ({p['reason']}); back to negotiation"
    if kind == "returned":
        return f"Not adopted ({_en_outcome(p['outcome'])}); back to negotiation"
    how = "silence procedure" if by_silence else "consensus"
    lines = {
        "created": lambda: f"Created by {_en_sponsor(p['sponsor'])}",
        "circulated": lambda: f"Circulated for negotiation in the {p['organ'] or ''}",
        "forwarded": lambda: f"Forwarded from the {p['from'] or ''} to the {p['to'] or ''}",
        "withdrawn": lambda: f"Withdrawn by {_en_sponsor(p['sponsor'])}",
        "not_adopted": lambda: f"Not adopted by the {p['organ'] or ''}",
        "amendment_accepted": lambda: f"A-{p['number']} accepted into revision {p['revision']}",
        "amendment_rejected": lambda: f"A-{p['number']} rejected",
        "amendment_withdrawn": lambda: f"A-{p['number']} withdrawn",
        "silence_broken": lambda: f"Silence broken by {p['by']} ({_en_break(p['break'])})",
        "adopted": lambda: f"Adopted by {how} as {p['symbol']}",
        "recommended": lambda: f"Recommended by {how} to the {p['to'] or ''}",
    }
    return lines[kind]()


def _sponsor_line(verb: str, sponsor: str) -> str:
    named = {"secretariat": "the Secretariat", "chair": "the Chair"}.get(sponsor, sponsor)
    return f"{verb} by {named}"


def old_line(action: str, params: dict[str, Any]) -> str:
    """The English line 0003's code wrote for an event, in its own wording (so that upgrading
    again parses it back)."""
    p = params
    if action in ("created", "withdrawn"):
        return _sponsor_line(action, p["sponsor"])
    if action == "revised":
        return f"revision {p['revision']} ({', '.join(p.get('langs', []))})"
    if action == "amendment_proposed":
        return f"A-{p['number']} by {p['proposer']}: {_en_amendment(p['change'], p.get('paragraphs', []), p.get('after'), None)}"
    if action == "amendment_accepted":
        return f"A-{p['number']} accepted into revision {p['revision']}"
    if action in ("amendment_rejected", "amendment_withdrawn"):
        return f"A-{p['number']} {action.removeprefix('amendment_')}"
    if action == "consensus_opened":
        what = f"recommendation to {p['to']}" if p.get("to") else "adoption"
        return (
            f"revision {p['revision']} put to {what} by consensus at the session of {p['held_on']} "
            f"({p['present']} delegations present)"
        )
    return _en_event({"kind": action, **p})


def old_ending(ending: dict[str, Any]) -> str:
    if ending["kind"] == "broken":
        return f"silence broken by {ending['by']} ({ending['break']})"
    if ending["kind"] == "adopted_at_deadline":
        return "adopted by silence at the deadline"
    return f"not adopted: {ending.get('reason', '')}"


def downgrade() -> None:
    connection = op.get_bind()
    for row in connection.execute(sa.select(draft_event).where(draft_event.c.params.is_not(None))).all():
        line = old_line(row.action, row.params)
        connection.execute(draft_event.update().where(draft_event.c.id == row.id).values(summary=line))
    for row in connection.execute(sa.select(draft_revision)).all():
        reason = _en_revision_note(row.origin)
        note = row.note if row.note else reason
        connection.execute(draft_revision.update().where(draft_revision.c.id == row.id).values(note=note))
    for row in connection.execute(sa.select(procedure)).all():
        if row.ending:
            line = old_ending(row.ending)
        elif row.outcome:
            line = _en_outcome(row.outcome)
        else:
            continue
        connection.execute(procedure.update().where(procedure.c.id == row.id).values(summary=line))
    titles = {row.id: row.title for row in connection.execute(sa.select(draft))}
    for row in connection.execute(sa.select(notification).where(notification.c.subject.is_(None))).all():
        payload = dict(row.payload or {})
        event = payload.pop("event", None)
        line = _en_event(event) if event else row.kind
        if event and event.get("reason"):
            payload["reason"] = event["reason"]
        subject = f"{line}: {titles.get(row.draft_id, '')}"
        connection.execute(
            notification.update().where(notification.c.id == row.id).values(subject=subject, payload=payload)
        )

    with op.batch_alter_table("notification") as batch:
        batch.alter_column("subject", existing_type=sa.Text(), nullable=False, comment=None)
    _comment("notification", "payload", sa.JSON(), None)
    _comment("procedure", "summary", sa.Text(), "one line on how it ended")
    op.drop_column("procedure", "ending")
    op.drop_column("draft_revision", "origin")
    op.drop_column("draft_revision", "note_lang")
    _comment("draft_revision", "note", sa.Text(), "why it was made: a revision, accepted amendments")
    with op.batch_alter_table("draft_event") as batch:
        batch.alter_column("summary", existing_type=sa.Text(), nullable=False, comment=None)
        batch.drop_column("params")
