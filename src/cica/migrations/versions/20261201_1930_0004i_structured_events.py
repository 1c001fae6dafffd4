"""What happened is stored as structured events, rendered in the reader's language at read time.

Draft history steps get `params` (their `action` is the event kind), revisions an `origin` (why
the system made them) and the language of a typed note, silence procedures an `ending`, and
notices carry their event in the payload. The English lines stored until now are parsed into
these where they can be; a line that cannot be parsed is kept (its `summary` or `subject`, shown
marked as English). Downgrade writes the English lines back from the events.

Revision ID: 0004i
Revises: 0004a
Create Date: 2026-12-01 19:30:00
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

from cica.deliberation.narration import ENGLISH, Event, EventKind

revision: str = "0004i"
down_revision: str | None = "0004a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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

draft_event = sa.table(
    "draft_event",
    sa.column("id", sa.Integer),
    sa.column("draft_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("organ_id", sa.String),
    sa.column("to_organ_id", sa.String),
    sa.column("revision", sa.Integer),
    sa.column("procedure_id", sa.Integer),
    sa.column("summary", sa.Text),
    sa.column("params", sa.JSON),
)
draft_revision = sa.table(
    "draft_revision",
    sa.column("id", sa.Integer),
    sa.column("note", sa.Text),
    sa.column("note_lang", sa.String),
    sa.column("origin", sa.JSON),
)
procedure = sa.table(
    "procedure",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("status", sa.String),
    sa.column("recommend_to", sa.String),
    sa.column("opened_at", sa.DateTime),
    sa.column("deadline", sa.DateTime),
    sa.column("outcome", sa.JSON),
    sa.column("ending", sa.JSON),
    sa.column("summary", sa.Text),
)
silence_break = sa.table(
    "silence_break",
    sa.column("procedure_id", sa.Integer),
    sa.column("participant_code", sa.String),
    sa.column("kind", sa.String),
)
amendment = sa.table(
    "amendment",
    sa.column("draft_id", sa.Integer),
    sa.column("number", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("paragraphs", sa.JSON),
    sa.column("after", sa.Integer),
)
decision = sa.table("decision", sa.column("procedure_id", sa.Integer), sa.column("symbol", sa.String))
notification = sa.table(
    "notification",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("subject", sa.Text),
    sa.column("payload", sa.JSON),
    sa.column("draft_id", sa.Integer),
)
draft = sa.table("draft", sa.column("id", sa.Integer), sa.column("title", sa.Text))

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
        return f"A-{p['number']} by {p['proposer']}: {ENGLISH.amendment(p['change'], p.get('paragraphs', []), p.get('after'), None)}"
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
    return ENGLISH.event(Event(EventKind(action), p))


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
        reason = ENGLISH.revision_note(row.origin)
        note = row.note if row.note else reason
        connection.execute(draft_revision.update().where(draft_revision.c.id == row.id).values(note=note))
    for row in connection.execute(sa.select(procedure)).all():
        if row.ending:
            line = old_ending(row.ending)
        elif row.outcome:
            line = ENGLISH.outcome(row.outcome)
        else:
            continue
        connection.execute(procedure.update().where(procedure.c.id == row.id).values(summary=line))
    titles = {row.id: row.title for row in connection.execute(sa.select(draft))}
    for row in connection.execute(sa.select(notification).where(notification.c.subject.is_(None))).all():
        payload = dict(row.payload or {})
        event = payload.pop("event", None)
        line = ENGLISH.event(Event.from_dict(event)) if event else row.kind
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
