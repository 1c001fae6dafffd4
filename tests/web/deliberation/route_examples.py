"""Example requests of deliberation's API routes, for the route × role test (tests/web/routes.py).

Each example prepares, through the operations, what its request needs (a draft at the right
stage, an open procedure, an amendment of the caller's delegation …), so that a caller the table
allows succeeds and any other is refused by the permission check alone. Drafts sit in the
Ministerial Council, where members and observers alike take part; Azerbaijan chairs today.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from cica.core.context import Context
from cica.deliberation import operations
from cica.deliberation.models import Notification
from tests.factories import CHAIR, delegate, make_draft, make_silence
from tests.web.routes import Caller, Example

API = "/api/v1"


def _draft(
    c: Caller, *, organ: str = "ministerial_council", circulate: bool = True, sponsor: str = "secretariat"
) -> int:
    with c.context.unit_of_work() as session:
        return make_draft(session, organ=organ, circulate=circulate, sponsor=sponsor, actor=CHAIR).id


def _consensus(c: Caller) -> int:
    draft_id = _draft(c)
    with c.context.unit_of_work() as session:
        return operations.open_consensus(session, draft_id, actor=CHAIR).id


def _silence(c: Caller) -> int:
    with c.context.unit_of_work() as session:
        return make_silence(session, started=datetime.now(UTC) - timedelta(hours=1)).id


def _amendment(c: Caller, proposer: str = "IND") -> int:
    draft_id = _draft(c)
    with c.context.unit_of_work() as session:
        return operations.propose_amendment(
            session,
            draft_id,
            kind="delete",
            paragraphs=[2],
            justification="redundant",
            actor=delegate(proposer),
        ).id


def _decision(context: Context) -> int:
    with context.unit_of_work() as session:
        draft = make_draft(session, organ="ministerial_council", actor=CHAIR)
        procedure = operations.open_consensus(session, draft.id, actor=CHAIR)
        decision = operations.close_consensus(session, procedure.id, actor=CHAIR).decision
        assert decision is not None
        return decision.id


def _notice(c: Caller) -> int:
    """A notice addressed to the caller's delegation: circulating a draft in the Council tells
    everyone who sits there, observers included."""
    draft_id = _draft(c)
    with c.context.unit_of_work() as session:
        found = session.scalar(
            select(Notification.id).where(Notification.draft_id == draft_id, Notification.recipient == c.home)
        )
        return int(found) if found is not None else 0


def _sponsor(c: Caller) -> str:
    """The caller's own capacity, as a draft they may withdraw must have been sponsored in."""
    members = ("head_of_delegation", "delegate")  # observers' delegations sponsor nothing
    return c.delegation if c.delegation and c.role in members else "secretariat"


def _proposer(c: Caller) -> str:
    """The caller's delegation if it may propose amendments, else India."""
    return c.home if c.role in ("head_of_delegation", "delegate") else "IND"


def _text(title: str = "Draft") -> dict[str, object]:
    return {"lang": "en", "title": title, "body": "First.\n\nSecond."}


EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", f"{API}/drafts"): lambda c: (f"{API}/drafts", None),
    ("POST", f"{API}/drafts"): lambda c: (
        f"{API}/drafts",
        {"kind": "declaration", "organ": "swg", "sponsor": "chair", "texts": [_text()]},
    ),
    ("GET", f"{API}/drafts/{{draft_id}}"): lambda c: (f"{API}/drafts/{_draft(c)}", None),
    ("GET", f"{API}/drafts/{{draft_id}}/diff"): lambda c: (f"{API}/drafts/{_draft(c)}/diff", None),
    ("POST", f"{API}/drafts/{{draft_id}}/revisions"): lambda c: (
        f"{API}/drafts/{_draft(c)}/revisions",
        {"texts": [_text("Revised")]},
    ),
    ("POST", f"{API}/drafts/{{draft_id}}/circulate"): lambda c: (
        f"{API}/drafts/{_draft(c, circulate=False)}/circulate",
        None,
    ),
    ("POST", f"{API}/drafts/{{draft_id}}/forward"): lambda c: (
        f"{API}/drafts/{_draft(c, organ='swg')}/forward",
        {"to": "soc"},
    ),
    ("POST", f"{API}/drafts/{{draft_id}}/withdraw"): lambda c: (
        f"{API}/drafts/{_draft(c, sponsor=_sponsor(c))}/withdraw",
        None,
    ),
    ("POST", f"{API}/drafts/{{draft_id}}/reject"): lambda c: (f"{API}/drafts/{_draft(c)}/reject", None),
    ("POST", f"{API}/drafts/{{draft_id}}/amendments"): lambda c: (
        f"{API}/drafts/{_draft(c)}/amendments",
        {"kind": "delete", "paragraphs": [1], "justification": "redundant"},
    ),
    ("POST", f"{API}/amendments/{{amendment_id}}/accept"): lambda c: (
        f"{API}/amendments/{_amendment(c)}/accept",
        None,
    ),
    ("POST", f"{API}/amendments/{{amendment_id}}/reject"): lambda c: (
        f"{API}/amendments/{_amendment(c)}/reject",
        None,
    ),
    ("POST", f"{API}/amendments/{{amendment_id}}/withdraw"): lambda c: (
        f"{API}/amendments/{_amendment(c, _proposer(c))}/withdraw",
        None,
    ),
    ("POST", f"{API}/drafts/{{draft_id}}/consensus"): lambda c: (f"{API}/drafts/{_draft(c)}/consensus", {}),
    ("POST", f"{API}/drafts/{{draft_id}}/silence"): lambda c: (
        f"{API}/drafts/{_draft(c, organ='soc')}/silence",
        {"period": "P14D", "recommend_to": "ministerial_council"},
    ),
    ("GET", f"{API}/procedures/{{procedure_id}}"): lambda c: (f"{API}/procedures/{_consensus(c)}", None),
    ("GET", f"{API}/procedures/{{procedure_id}}/board"): lambda c: (
        f"{API}/procedures/{_consensus(c)}/board",
        None,
    ),
    ("POST", f"{API}/procedures/{{procedure_id}}/positions"): lambda c: (
        f"{API}/procedures/{_consensus(c)}/positions",
        {"stance": "join"},
    ),
    ("POST", f"{API}/procedures/{{procedure_id}}/statements"): lambda c: (
        f"{API}/procedures/{_consensus(c)}/statements",
        {"text": "We welcome the text."},
    ),
    ("POST", f"{API}/procedures/{{procedure_id}}/close"): lambda c: (
        f"{API}/procedures/{_consensus(c)}/close",
        None,
    ),
    ("POST", f"{API}/procedures/{{procedure_id}}/break"): lambda c: (
        f"{API}/procedures/{_silence(c)}/break",
        {"kind": "objection", "text": "We object."},
    ),
    ("GET", f"{API}/silence"): lambda c: (f"{API}/silence", None),
    ("POST", f"{API}/silence/tick"): lambda c: (f"{API}/silence/tick", None),
    ("GET", f"{API}/decisions"): lambda c: (f"{API}/decisions?procedure=consensus", None),
    ("GET", f"{API}/decisions/export"): lambda c: (f"{API}/decisions/export?format=popolo", None),
    ("GET", f"{API}/decisions/{{decision_id}}"): lambda c: (f"{API}/decisions/{_decision(c.context)}", None),
    ("GET", f"{API}/notifications"): lambda c: (f"{API}/notifications", None),
    ("POST", f"{API}/notifications/read"): lambda c: (f"{API}/notifications/read", None),
    ("POST", f"{API}/notifications/{{notification_id}}/read"): lambda c: (
        f"{API}/notifications/{_notice(c)}/read",
        None,
    ),
}
