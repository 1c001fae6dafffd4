"""Every audited act on a draft names the draft first among its audit entry's objects, then what
the act made or settled on it (a revision, an amendment, a procedure), on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.deliberation import operations
from cica.deliberation.texts import LanguageVersion
from tests.factories import CHAIR, DEFAULT_TEXT, SECRETARIAT, delegate, make_draft


def test_each_act_on_a_draft_names_the_draft_then_what_it_made_or_settled(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session, organ="ministerial_council")
        revision = operations.revise(
            session,
            draft.id,
            texts=[LanguageVersion("en", "Draft", DEFAULT_TEXT + "\n\nMore.")],
            actor=SECRETARIAT,
        )
        amendment = operations.propose_amendment(
            session, draft.id, kind="replace", paragraphs=[2], text="Welcoming it,", justification="style",
            actor=delegate("IND"),
        )  # fmt: skip
        operations.reject_amendment(session, amendment.id, actor=CHAIR)
        procedure = operations.open_consensus(session, draft.id, present=["IND", "PAK"], actor=CHAIR)
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    on_draft = f"draft:{draft.id}"
    assert [(e.action, list(e.objects)) for e in entries][-6:] == [
        ("draft.create", [on_draft]),
        ("draft.circulate", [on_draft]),
        ("draft.revise", [on_draft, f"revision:{revision.id}"]),
        ("amendment.propose", [on_draft, f"amendment:{amendment.id}"]),
        ("amendment.reject", [on_draft, f"amendment:{amendment.id}"]),
        ("consensus.open", [on_draft, f"procedure:{procedure.id}"]),
    ]
