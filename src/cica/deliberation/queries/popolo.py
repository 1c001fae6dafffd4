"""The decision register as Popolo JSON: organizations, motions and vote events.

Each decision is a `Motion` (the text put to adoption, its symbol as identifier) decided at a
`VoteEvent` (consensus in session, or the silence procedure). Consensus has no ballots, so each
state's `Vote` says how the rules counted it: a member that took part counts as `yes` (silence
counts as joining), an observer as `not voting`; `position` keeps cica's own word (join, silent,
reservation, statement) and `note` the text of a reservation or statement.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.deliberation.models import DecisionRemark, DecisionText, Procedure
from cica.deliberation.queries.common import Reader, names
from cica.deliberation.queries.decisions import DecisionFilter, decision_rows

REQUIREMENT = "consensus: adopted if no member state present objects"
EVENT_KIND = {"consensus": "consensus in session", "silence": "silence procedure"}


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def popolo(session: Session, who: Reader, filters: DecisionFilter | None = None) -> dict[str, Any]:
    """The decisions the reader may see (filtered), as a Popolo export."""
    decisions = decision_rows(session, who, filters or DecisionFilter())
    charter = who.facts.charter
    org = charter.organisation.id
    ids = [d.id for d in decisions]
    opened: dict[int, datetime] = dict(
        session.execute(
            select(Procedure.id, Procedure.opened_at).where(
                Procedure.id.in_([d.procedure_id for d in decisions])
            )
        ).all()
    )
    originals = {
        row.decision_id: row.body
        for row in session.scalars(
            select(DecisionText).where(DecisionText.decision_id.in_(ids), DecisionText.original.is_(True))
        )
    }
    remarks: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in session.scalars(select(DecisionRemark).where(DecisionRemark.decision_id.in_(ids))):
        label = "Reservation" if row.kind == "reservation" else "Interpretative statement"
        where = f" (paragraphs {', '.join(str(n) for n in row.paragraphs)})" if row.paragraphs else ""
        remarks[row.decision_id][row.participant_code].append(f"{label}{where}: {row.text}")
    named = names(session, who)
    organs = sorted({d.organ_id for d in decisions})
    organizations = [
        {
            "id": org,
            "name": charter.organisation.name.get(who.lang) or charter.organisation.name.get("en") or org,
            "classification": "international organization",
        }
    ] + [
        {"id": f"{org}/{organ}", "name": who.organ_name(organ), "classification": "organ", "parent_id": org}
        for organ in organs
    ]
    motions, events = [], []
    for decision in decisions:
        organ_id = f"{org}/{decision.organ_id}"
        motion_id = f"{org}/motion/{decision.procedure_id}"
        motions.append(
            {
                "id": motion_id,
                "organization_id": organ_id,
                "identifier": decision.symbol,
                "classification": decision.kind,
                "text": f"{decision.title}\n\n{originals.get(decision.id, '')}".strip(),
                "date": _when(opened.get(decision.procedure_id, decision.adopted_at)),
                "requirement": REQUIREMENT,
                "result": "adopted",
                "created_at": _when(decision.recorded_at),
            }
        )
        votes = []
        for participant in decision.participants:
            code = participant["code"]
            member = participant["capacity"] == "member"
            vote: dict[str, Any] = {
                "voter_id": code,
                "voter": {"id": code, "name": named.get(code, code)},
                "option": "yes" if member else "not voting",
                "role": participant["capacity"],
                "position": participant["position"],
            }
            notes = remarks[decision.id].get(code)
            if notes:
                vote["note"] = "\n".join(notes)
            votes.append(vote)
        tally = Counter(v["option"] for v in votes)
        events.append(
            {
                "id": f"{org}/vote-event/{decision.procedure_id}",
                "organization_id": organ_id,
                "motion_id": motion_id,
                "identifier": decision.symbol,
                "classification": EVENT_KIND[decision.procedure_kind],
                "start_date": _when(opened.get(decision.procedure_id, decision.adopted_at)),
                "end_date": _when(decision.adopted_at),
                "result": "adopted",
                "counts": [
                    {"option": option, "value": tally.get(option, 0)}
                    for option in ("yes", "no", "not voting")
                ],
                "votes": votes,
            }
        )
    return {"organizations": organizations, "motions": motions, "vote_events": events}
