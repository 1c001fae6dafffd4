"""Reads of the decision register: the list with its filters, one decision, and CSV rows.

Every list filters in SQL with the classification rule: a decision the reader may not see is
neither listed nor counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, defer

from cica.core import paging, search
from cica.core.errors import InvalidInput
from cica.core.i18n import as_language, translations
from cica.deliberation.models import (
    Decision,
    DecisionRemark,
    DecisionTally,
    DecisionText,
    Procedure,
    SessionRecord,
)
from cica.deliberation.queries.common import Reader, by_name, names
from cica.deliberation.queries.drafts import DecisionRef, ParagraphItem, TextItem
from cica.deliberation.rules import ProcedureKind
from cica.deliberation.texts import split_paragraphs
from cica.meetings import queries as meeting_queries
from cica.meetings.models import AgendaItem

PROCEDURE_KINDS = tuple(ProcedureKind)


class DecisionFilter(BaseModel):
    organ: str | None = None
    year: int | None = None
    kind: str | None = None
    procedure: str | None = None
    symbol: str | None = None
    q: str | None = None  # words of the title, in any of its languages

    def check(self) -> DecisionFilter:
        if self.procedure is not None and self.procedure not in PROCEDURE_KINDS:
            raise InvalidInput(f"procedure: {self.procedure!r} is not one of {', '.join(PROCEDURE_KINDS)}")
        if self.year is not None and not 1 <= self.year <= 9999:
            raise InvalidInput(f"year: {self.year} is not a year")
        return self


class Taken(BaseModel):
    """Where a decision was taken: a meeting and its agenda item (consensus in session), or the
    silence procedure's deadline; None where the record does not say. `taken_at` says it in the
    reader's language."""

    meeting_id: int | None = None
    meeting_title: str | None = None
    agenda_item: str | None = None
    silence_deadline: datetime | None = None
    taken_at: str | None = None


class DecisionItem(Taken):
    id: int
    symbol: str
    title: str  # in the reader's language when the decision has a text in it, else the original
    title_lang: str
    title_is_original: bool  # shown in the original, having none in the reader's language
    organ: str
    organ_name: str
    kind: str
    kind_name: str
    procedure_kind: ProcedureKind
    adopted_on: date
    reservations: int
    statements: int
    amends: DecisionRef | None
    supersedes: DecisionRef | None
    amended_by: list[DecisionRef]
    superseded_by: list[DecisionRef]


class DecisionList(BaseModel):
    count: int
    filters: DecisionFilter
    years: list[int]
    organs: list[str]
    kinds: list[str]
    items: list[DecisionItem]  # this page
    page: paging.PageLinks


class ParticipantItem(BaseModel):
    code: str
    name: str
    capacity: str
    position: str


class RemarkItem(BaseModel):
    code: str
    name: str
    text: str
    paragraphs: list[int]


class DecisionDetail(DecisionItem):
    draft_id: int
    procedure_id: int
    revision: int
    adopted_at: datetime
    classification: str
    original_lang: str
    texts: list[TextItem]
    participants: list[ParticipantItem]
    reservation_list: list[RemarkItem]
    statement_list: list[RemarkItem]


def _links(session: Session, who: Reader, decisions: list[Decision]) -> dict[str, dict[int, Any]]:
    """Amends/supersedes both ways, only through decisions the reader may see."""
    ids = [d.id for d in decisions]
    targets = {d.amends_id for d in decisions} | {d.supersedes_id for d in decisions}
    visible = who.where_visible(Decision.classification, Decision.named)
    pointed_at = [t for t in targets if t]
    known = (
        {
            row.id: DecisionRef(id=row.id, symbol=row.symbol)
            for row in session.execute(
                select(Decision.id, Decision.symbol).where(Decision.id.in_(pointed_at), visible)
            )
        }
        if pointed_at
        else {}
    )
    amended_by: dict[int, list[DecisionRef]] = defaultdict(list)
    superseded_by: dict[int, list[DecisionRef]] = defaultdict(list)
    for row in session.execute(
        select(Decision.id, Decision.symbol, Decision.amends_id, Decision.supersedes_id).where(
            (Decision.amends_id.in_(ids)) | (Decision.supersedes_id.in_(ids)), visible
        )
    ):
        if row.amends_id in ids:
            amended_by[row.amends_id].append(DecisionRef(id=row.id, symbol=row.symbol))
        if row.supersedes_id in ids:
            superseded_by[row.supersedes_id].append(DecisionRef(id=row.id, symbol=row.symbol))
    return {"known": known, "amended_by": amended_by, "superseded_by": superseded_by}


def _remark_counts(session: Session, ids: list[int]) -> dict[tuple[int, str], int]:
    rows = session.execute(
        select(DecisionRemark.decision_id, DecisionRemark.kind, func.count())
        .where(DecisionRemark.decision_id.in_(ids))
        .group_by(DecisionRemark.decision_id, DecisionRemark.kind)
    )
    return {(decision_id, kind): int(count) for decision_id, kind, count in rows}


def titles_in(session: Session, lang: str, decision_ids: list[int]) -> dict[int, str]:
    """The decisions' titles in `lang`, for those adopted with a text in it."""
    if not decision_ids:
        return {}
    rows = session.execute(
        select(DecisionText.decision_id, DecisionText.title).where(
            DecisionText.decision_id.in_(decision_ids), DecisionText.lang == lang
        )
    )
    return {decision_id: title for decision_id, title in rows}


def where_taken(session: Session, who: Reader, decisions: list[Decision]) -> dict[int, Taken]:
    """For each decision (by procedure): the meeting and item, or the silence deadline (two reads)."""
    if not decisions:
        return {}
    rows = session.execute(
        select(Procedure.id, SessionRecord.meeting_id, AgendaItem.title, Procedure.deadline)
        .select_from(Procedure)
        .outerjoin(SessionRecord, SessionRecord.id == Procedure.session_id)
        .outerjoin(AgendaItem, AgendaItem.id == SessionRecord.agenda_item_id)
        .where(Procedure.id.in_({d.procedure_id for d in decisions}))
    ).all()
    # Only the meetings the reader may see are named: a decision may be public although the
    # meeting it was taken at is restricted.
    meetings = meeting_queries.titles_of(
        session,
        [row.meeting_id for row in rows if row.meeting_id is not None],
        viewer=who.viewer,
        lang=as_language(who.lang),
    )
    _ = translations(as_language(who.lang)).gettext
    found: dict[int, Taken] = {}
    for row in rows:
        title = meetings.get(row.meeting_id) if row.meeting_id is not None else None
        if title is not None:
            said = (
                _("%(meeting)s, agenda item “%(item)s”") % {"meeting": title, "item": row.title}
                if row.title
                else title
            )
        elif row.deadline is not None:
            said = _("silence procedure, deadline %(deadline)s") % {"deadline": who.deadline(row.deadline)}
        else:
            said = None
        found[row.id] = Taken(
            meeting_id=row.meeting_id if title else None,
            meeting_title=title,
            agenda_item=row.title if title else None,
            silence_deadline=row.deadline,
            taken_at=said,
        )
    return found


def _item(
    who: Reader,
    decision: Decision,
    links: dict[str, dict[int, Any]],
    counts: dict[tuple[int, str], int],
    titles: dict[int, str],
    taken: dict[int, Taken],
) -> DecisionItem:
    title = titles.get(decision.id)
    return DecisionItem(
        **taken.get(decision.procedure_id, Taken()).model_dump(),
        id=decision.id,
        symbol=decision.symbol,
        title=title or decision.title,
        title_lang=who.lang if title else decision.original_lang,
        title_is_original=title is None and who.lang != decision.original_lang,
        organ=decision.organ_id,
        organ_name=who.organ_name(decision.organ_id),
        kind=decision.kind,
        kind_name=who.kind_name(decision.kind),
        procedure_kind=decision.procedure_kind,
        adopted_on=decision.adopted_on,
        reservations=counts.get((decision.id, "reservation"), 0),
        statements=counts.get((decision.id, "statement"), 0),
        amends=links["known"].get(decision.amends_id) if decision.amends_id else None,
        supersedes=links["known"].get(decision.supersedes_id) if decision.supersedes_id else None,
        amended_by=links["amended_by"].get(decision.id, []),
        superseded_by=links["superseded_by"].get(decision.id, []),
    )


REGISTER_ORDER = paging.Keyset("decisions", (Decision.adopted_on, Decision.id), (date, int))


def decision_query(who: Reader, filters: DecisionFilter) -> Select[Decision]:
    """The visible decisions that match the filters (unordered)."""
    filters.check()
    query = select(Decision).where(who.where_visible(Decision.classification, Decision.named))
    if filters.organ:
        query = query.where(Decision.organ_id == filters.organ)
    if filters.kind:
        query = query.where(Decision.kind == filters.kind)
    if filters.procedure:
        query = query.where(Decision.procedure_kind == filters.procedure)
    if filters.year:
        query = query.where(
            Decision.adopted_on >= date(filters.year, 1, 1), Decision.adopted_on <= date(filters.year, 12, 31)
        )
    if filters.symbol:
        query = query.where(Decision.symbol == filters.symbol.strip())
    found = search.words(filters.q)
    if found:
        query = query.where(search.matching(search.Subject.DECISION, Decision.id, found))
    return query


def decision_rows(session: Session, who: Reader, filters: DecisionFilter) -> list[Decision]:
    """Every matching decision, newest first, whole (the Popolo export shows who took part)."""
    query = decision_query(who, filters)
    return list(session.scalars(query.order_by(Decision.adopted_on.desc(), Decision.id.desc())).all())


# A list row shows no participants: the column (12 KB of JSON a decision at 190 members) is
# neither loaded nor decoded for lists.
LIST_ROW = defer(Decision.participants)


def list_decisions(
    session: Session,
    who: Reader,
    filters: DecisionFilter | None = None,
    page: paging.PageRequest | None = None,
) -> DecisionList:
    """The register, newest first, a page at a time, with the values its filters can take (from
    visible decisions only)."""
    chosen = (filters or DecisionFilter()).check()
    query = decision_query(who, chosen)
    decisions, links = paging.fetch(
        session, query.options(LIST_ROW), REGISTER_ORDER, page or paging.PageRequest()
    )
    return _register(session, who, chosen, decisions, lambda: paging.count(session, query), links)


def export_decisions(session: Session, who: Reader, filters: DecisionFilter | None = None) -> DecisionList:
    """The whole register that matches the filters, newest first (exports are not paged)."""
    chosen = (filters or DecisionFilter()).check()
    query = decision_query(who, chosen).options(LIST_ROW)
    decisions = list(session.scalars(query.order_by(Decision.adopted_on.desc(), Decision.id.desc())))
    links = paging.PageLinks(limit=max(len(decisions), 1))
    return _register(session, who, chosen, decisions, lambda: len(decisions), links)


def _register(
    session: Session,
    who: Reader,
    chosen: DecisionFilter,
    decisions: list[Decision],
    total: Callable[[], int],
    links: paging.PageLinks,
) -> DecisionList:
    # The values the filters can take, and how many decisions each combination has, from the
    # register's tally (a few rows, however many decisions there are): with no filters, or only
    # those the tally is keyed by, the count is a sum of its rows too.
    visible = who.where_visible(DecisionTally.classification, DecisionTally.named)
    combinations = session.execute(
        select(DecisionTally.year, DecisionTally.organ_id, DecisionTally.kind, func.sum(DecisionTally.count))
        .where(visible)
        .group_by(DecisionTally.year, DecisionTally.organ_id, DecisionTally.kind)
    ).all()
    years = sorted({int(row[0]) for row in combinations}, reverse=True)
    organs = sorted({row[1] for row in combinations})
    kinds = sorted({row[2] for row in combinations})
    tallied = not chosen.model_dump(exclude_none=True, exclude={"organ", "year", "kind"})
    matching = (
        int(row[3])
        for row in combinations
        if (chosen.year is None or row[0] == chosen.year)
        and (not chosen.organ or row[1] == chosen.organ)
        and (not chosen.kind or row[2] == chosen.kind)
    )
    links_between = _links(session, who, decisions)
    counts = _remark_counts(session, [d.id for d in decisions])
    titles = titles_in(session, who.lang, [d.id for d in decisions])
    taken = where_taken(session, who, decisions)
    return DecisionList(
        count=sum(matching) if tallied else total(),
        filters=chosen,
        years=years,
        organs=organs,
        kinds=kinds,
        items=[_item(who, decision, links_between, counts, titles, taken) for decision in decisions],
        page=links,
    )


def visible_decision(session: Session, who: Reader, decision_id: int) -> Decision:
    return who.shown(session.get(Decision, decision_id), f"decision {decision_id}")


def decision_by_symbol(session: Session, who: Reader, symbol: str) -> Decision:
    decision = session.scalars(select(Decision).where(Decision.symbol == symbol.strip())).first()
    return who.shown(decision, f"decision {symbol!r} in the register")


def decision_detail(session: Session, who: Reader, decision_id: int) -> DecisionDetail:
    decision = visible_decision(session, who, decision_id)
    links = _links(session, who, [decision])
    counts = _remark_counts(session, [decision.id])
    named = names(session, who)
    texts = session.scalars(select(DecisionText).where(DecisionText.decision_id == decision.id)).all()
    remarks = session.scalars(
        select(DecisionRemark)
        .where(DecisionRemark.decision_id == decision.id)
        .order_by(DecisionRemark.participant_code)
    ).all()

    def remark(row: DecisionRemark) -> RemarkItem:
        code = row.participant_code
        return RemarkItem(
            code=code, name=named.get(code, code), text=row.text, paragraphs=list(row.paragraphs)
        )

    titles = {t.decision_id: t.title for t in texts if t.lang == who.lang}
    return DecisionDetail(
        **_item(who, decision, links, counts, titles, where_taken(session, who, [decision])).model_dump(),
        draft_id=decision.draft_id,
        procedure_id=decision.procedure_id,
        revision=decision.revision,
        adopted_at=decision.adopted_at,
        classification=decision.classification,
        original_lang=decision.original_lang,
        texts=[
            TextItem(
                lang=t.lang,
                original=t.original,
                title=t.title,
                paragraphs=[ParagraphItem(number=p.number, text=p.text) for p in split_paragraphs(t.body)],
            )
            for t in sorted(texts, key=lambda t: (not t.original, t.lang))
        ],
        participants=by_name(
            [
                ParticipantItem(
                    code=p["code"],
                    name=named.get(p["code"], p["code"]),
                    capacity=p["capacity"],
                    position=p["position"],
                )
                for p in decision.participants
            ],
            who.lang,
        ),
        reservation_list=by_name([remark(r) for r in remarks if r.kind == "reservation"], who.lang),
        statement_list=by_name([remark(r) for r in remarks if r.kind == "statement"], who.lang),
    )


CSV_COLUMNS = (
    "symbol",
    "adopted_on",
    "organ",
    "kind",
    "procedure_kind",
    "title",
    "reservations",
    "statements",
    "amends",
    "supersedes",
    "taken_at",
)


def csv_rows(result: DecisionList) -> list[dict[str, Any]]:
    return [
        item.model_dump()
        | {
            "amends": item.amends.symbol if item.amends else "",
            "supersedes": item.supersedes.symbol if item.supersedes else "",
            "taken_at": item.taken_at or "",
        }
        for item in result.items
    ]


class DecisionTaken(BaseModel):
    """A decision adopted in session at a meeting (`decisions_taken_at`), under which item."""

    id: int
    symbol: str
    title: str | None  # in `lang`, when it was adopted with a text in it
    adopted_on: date
    classification: str
    agenda_item_id: int | None


def decisions_taken_at(session: Session, meeting_id: int, *, lang: str = "en") -> list[DecisionTaken]:
    """The decisions adopted by consensus at a meeting, in the order adopted (two queries).
    Every classification is listed: a reader-facing caller filters by `classification`."""
    rows = session.execute(
        select(
            Decision.id,
            Decision.symbol,
            Decision.adopted_on,
            Decision.classification,
            SessionRecord.agenda_item_id,
        )
        .join(Procedure, Procedure.id == Decision.procedure_id)
        .join(SessionRecord, SessionRecord.id == Procedure.session_id)
        .where(SessionRecord.meeting_id == meeting_id)
        .order_by(Decision.adopted_on, Decision.id)
    ).all()
    titles = titles_in(session, lang, [row.id for row in rows])
    return [
        DecisionTaken(
            id=row.id, symbol=row.symbol, title=titles.get(row.id), adopted_on=row.adopted_on,
            classification=row.classification, agenda_item_id=row.agenda_item_id,
        )
        for row in rows
    ]  # fmt: skip
