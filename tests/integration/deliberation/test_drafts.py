"""Drafts and amendments through the operations, on SQLite and PostgreSQL: what they write, what
they refuse, and that a refusal changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cica.audit.models import AuditEntry
from cica.core.context import Context
from cica.core.errors import CicaError, Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from cica.deliberation import operations, queries
from cica.deliberation.models import Draft, DraftEvent, Notification
from cica.deliberation.texts import LanguageVersion
from tests.factories import CHAIR, DEFAULT_TEXT, SECRETARIAT, delegate, make_draft
from tests.integration.deliberation.helpers import snapshot

IND = delegate("IND")
AMENDED = DEFAULT_TEXT.replace("the progress", "the real progress") + "\n\nRequest a report."


def test_a_draft_starts_at_revision_one_and_circulating_it_notifies_the_organs_members(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session, organ="swg", circulate=False)
        assert (draft.stage, draft.current_revision, draft.version) == ("drafting", 1, 1)
        operations.circulate(session, draft.id, actor=SECRETARIAT)
        assert draft.stage == "under_negotiation"
        notices = session.scalars(select(Notification).where(Notification.draft_id == draft.id)).all()
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    assert {n.kind for n in notices} == {"circulated"}
    assert {"IND", "KAZ", "AZE"} <= {n.recipient for n in notices}
    assert "USA" not in {n.recipient for n in notices}  # observers do not sit in the SWG
    assert actions[-2:] == ["draft.create", "draft.circulate"]


def test_a_draft_in_an_organ_that_neither_adopts_nor_recommends_its_kind_is_refused(cica: Context) -> None:
    with cica.unit_of_work() as session, pytest.raises(Conflict, match=r"organs\.secretariat\.adopts"):
        make_draft(session, organ="secretariat", kind="declaration")


def test_an_observer_cannot_sponsor_a_draft(cica: Context) -> None:
    with cica.unit_of_work() as session, pytest.raises(Conflict, match="USA may not sponsor a draft"):
        make_draft(session, sponsor="USA")


def test_only_the_chair_and_the_secretariat_create_drafts_and_a_refusal_names_the_rule(cica: Context) -> None:
    with (
        cica.unit_of_work() as session,
        pytest.raises(
            PermissionDenied,
            match="only the chairing delegation may prepare a draft text; IND does not chair",
        ),
    ):
        make_draft(session, actor=IND)
    with (
        cica.unit_of_work() as session,
        pytest.raises(PermissionDenied, match="the role observer_delegate may not prepare"),
    ):
        make_draft(session, actor=delegate("JPN", "observer_delegate"))


def test_an_anonymous_caller_is_asked_to_sign_in(cica: Context) -> None:
    with cica.unit_of_work() as session, pytest.raises(NotAuthenticated):
        operations.create_draft(
            session, kind="declaration", organ="swg", texts=[LanguageVersion("en", "T", "Body")],
            original_lang="en", sponsor="chair", actor=None,  # type: ignore[arg-type]
        )  # fmt: skip


def test_revisions_are_numbered_and_kept_and_any_two_compare(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session, texts={"ru": ("Проект", "Первый.\n\nВторой.\n\nТретий.")})
        operations.revise(
            session,
            draft.id,
            texts=[LanguageVersion("en", "Draft Declaration", AMENDED)],
            note="shorter",
            expected_version=draft.version,
            actor=SECRETARIAT,
        )
        draft_id = draft.id
    with cica.unit_of_work(write=False) as session:
        who = queries.reader(session, None)
        detail = queries.draft_detail(session, who, draft_id)
        first = queries.draft_detail(session, who, draft_id, revision=1)
        changes = queries.diff(session, who, draft_id, old=1, new=2)
    assert [r.number for r in detail.revisions] == [1, 2]
    assert [r.languages for r in detail.revisions] == [["en", "ru"], ["en"]]
    assert detail.title == "Draft Declaration" and [t.lang for t in first.texts] == ["en", "ru"]
    assert changes.counts == {"unchanged": 2, "changed": 1, "inserted": 1, "deleted": 0}
    changed = next(c for c in changes.changes if c.kind == "changed")
    assert (changed.old_number, changed.new_number) == (2, 2)
    assert [span.text for span in changed.inline if span.kind == "insert"] == [" real"]


def test_a_revision_made_from_a_stale_version_is_refused(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session)
        draft_id, stale = draft.id, draft.version - 1
    before = snapshot(cica)
    with cica.unit_of_work() as session, pytest.raises(Conflict, match="has changed: it is at version"):
        operations.revise(
            session,
            draft_id,
            texts=[LanguageVersion("en", "T", "New.")],
            expected_version=stale,
            actor=SECRETARIAT,
        )
    assert snapshot(cica) == before


def test_forwarding_follows_the_charters_paths_only(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session, organ="swg")
        draft_id = draft.id
    before = snapshot(cica)
    with (
        cica.unit_of_work() as session,
        pytest.raises(
            Conflict,
            match=r"may not forward drafts to the Council of Heads of State or Government; it forwards only to the Senior Officials Committee \(charter: organs\.swg\.forwards_to\)",
        ),
    ):
        operations.forward(session, draft_id, to="summit", actor=SECRETARIAT)
    assert snapshot(cica) == before
    with cica.unit_of_work() as session:
        operations.forward(session, draft_id, to="soc", actor=SECRETARIAT)
        draft = session.get(Draft, draft_id)
        assert draft is not None and (draft.stage, draft.organ_id, draft.forwarded_by) == (
            "forwarded",
            "soc",
            "swg",
        )
        events = session.scalars(select(DraftEvent.action).where(DraftEvent.draft_id == draft_id)).all()
    assert events == ["created", "circulated", "forwarded"]


def test_an_amendment_is_proposed_accepted_into_a_new_revision_and_kept(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session)
        amendment = operations.propose_amendment(
            session, draft.id, kind="insert", after=1, text="Noting the report of the Secretariat,",
            justification="context", actor=IND,
        )  # fmt: skip
        revision = operations.accept_amendment(session, amendment.id, actor=CHAIR)
        draft_id = draft.id
        assert (revision.number, amendment.status, amendment.produced_revision_id) == (
            2,
            "accepted",
            revision.id,
        )
    with cica.unit_of_work(write=False) as session:
        detail = queries.draft_detail(session, queries.reader(session, None), draft_id)
    assert [p.text for p in detail.texts[0].paragraphs][1] == "Noting the report of the Secretariat,"
    assert detail.amendments[0].ref == "A-1" and detail.amendments[0].produced_revision == 2


@pytest.mark.parametrize(
    ("kind", "arguments", "error", "message"),
    [
        (
            "replace",
            {"paragraphs": [9], "text": "New."},
            InvalidInput,
            "paragraph 9 does not exist in revision 1, which has 3 paragraphs",
        ),
        ("insert", {"after": 7, "text": "New."}, InvalidInput, "paragraph 7 does not exist in revision 1"),
        ("delete", {"paragraphs": [1, 2, 3]}, InvalidInput, "would delete every paragraph"),
        (
            "replace",
            {"paragraphs": [1], "text": "X.", "revision": 2},
            Conflict,
            "was proposed to revision 2, but the text is at revision 1",
        ),
        ("rewrite", {"paragraphs": [1]}, InvalidInput, "not 'rewrite'"),
    ],
)
def test_a_bad_amendment_is_refused_with_the_rule_and_changes_nothing(
    cica: Context, kind: str, arguments: dict[str, object], error: type[CicaError], message: str
) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session).id
    before = snapshot(cica)
    with cica.unit_of_work() as session, pytest.raises(error, match=message):
        operations.propose_amendment(
            session, draft_id, kind=kind, justification="why", actor=IND, **arguments
        )  # type: ignore[arg-type]
    assert snapshot(cica) == before


def test_an_observer_cannot_propose_an_amendment(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session, organ="ministerial_council").id
    with cica.unit_of_work() as session, pytest.raises(PermissionDenied):
        operations.propose_amendment(
            session, draft_id, kind="delete", paragraphs=[1], justification="why",
            actor=delegate("JPN", "observer_delegate"),
        )  # fmt: skip


def test_a_delegate_cannot_propose_for_another_delegation(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session).id
    with (
        cica.unit_of_work() as session,
        pytest.raises(PermissionDenied, match="acts for IND only, not for PAK"),
    ):
        operations.propose_amendment(
            session, draft_id, kind="delete", paragraphs=[1], justification="why", delegation="PAK", actor=IND
        )


def test_an_amendment_is_settled_once_and_withdrawn_only_by_its_delegation(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session)
        amendment = operations.propose_amendment(
            session, draft.id, kind="delete", paragraphs=[2], justification="redundant", actor=IND
        )
        amendment_id = amendment.id
    with (
        cica.unit_of_work() as session,
        pytest.raises(PermissionDenied, match="acts for CHN only, not for IND"),
    ):
        operations.withdraw_amendment(session, amendment_id, actor=delegate("CHN"))
    with cica.unit_of_work() as session:
        operations.withdraw_amendment(session, amendment_id, actor=IND)
    with (
        cica.unit_of_work() as session,
        pytest.raises(Conflict, match="A-1 is already withdrawn: it cannot be accepted"),
    ):
        operations.accept_amendment(session, amendment_id, actor=CHAIR)


def test_only_the_chairing_delegation_rules_on_amendments(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session)
        amendment_id = operations.propose_amendment(
            session, draft.id, kind="delete", paragraphs=[2], justification="why", actor=IND
        ).id
    with (
        cica.unit_of_work() as session,
        pytest.raises(PermissionDenied, match="only the chairing delegation"),
    ):
        operations.accept_amendment(session, amendment_id, actor=delegate("IND", "head_of_delegation"))


def test_only_the_sponsor_withdraws_a_draft(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session, sponsor="IND", actor=CHAIR).id
    with (
        cica.unit_of_work() as session,
        pytest.raises(PermissionDenied, match="only the draft's sponsor, IND"),
    ):
        operations.withdraw(session, draft_id, actor=SECRETARIAT)
    with cica.unit_of_work() as session:
        draft = operations.withdraw(session, draft_id, actor=delegate("IND", "head_of_delegation"))
        assert draft.stage == "withdrawn"


def test_a_withdrawn_draft_is_final(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session).id
        operations.withdraw(session, draft_id, actor=SECRETARIAT)
    before = snapshot(cica)
    with (
        cica.unit_of_work() as session,
        pytest.raises(Conflict, match="the draft is withdrawn: it cannot be put to a recommendation"),
    ):
        operations.start_silence(session, draft_id, recommend_to="soc", actor=SECRETARIAT)
    with (
        cica.unit_of_work() as session,
        pytest.raises(Conflict, match="adopted, not adopted and withdrawn drafts are final"),
    ):
        operations.revise(session, draft_id, texts=[LanguageVersion("en", "T", "X.")], actor=SECRETARIAT)
    assert snapshot(cica) == before


def test_a_confidential_draft_is_hidden_from_lists_and_counts_of_those_not_named(cica: Context) -> None:
    with cica.unit_of_work() as session:
        make_draft(session, title="Public one")
        secret = make_draft(session, title="Secret one", classification="confidential", named=("IND",))
        restricted = make_draft(session, title="Members only", classification="restricted")
        secret_id, restricted_id = secret.id, restricted.id
    with cica.unit_of_work(write=False) as session:
        titles = {
            name: [d.title for d in queries.list_drafts(session, queries.reader(session, actor)).items]
            for name, actor in {
                "anonymous": None,
                "IND": IND,
                "CHN": delegate("CHN"),
                "observer": delegate("JPN", "observer_delegate"),
                "secretariat": SECRETARIAT,
            }.items()
        }
        counts = queries.list_drafts(session, queries.reader(session, delegate("CHN"))).count
        with pytest.raises(NotFound, match=f"no draft {secret_id}"):
            queries.draft_detail(session, queries.reader(session, delegate("CHN")), secret_id)
        with pytest.raises(NotFound):
            queries.draft_detail(session, queries.reader(session, None), restricted_id)
    assert titles["anonymous"] == ["Public one"]
    assert titles["observer"] == ["Public one"]
    assert sorted(titles["CHN"]) == ["Members only", "Public one"] and counts == 2
    assert sorted(titles["IND"]) == ["Members only", "Public one", "Secret one"]
    assert len(titles["secretariat"]) == 3


def test_a_hidden_draft_cannot_be_acted_on_and_its_existence_is_not_disclosed(cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session, classification="confidential", named=("IND",)).id
    with cica.unit_of_work() as session, pytest.raises(NotFound, match=f"no draft {draft_id}"):
        operations.propose_amendment(
            session, draft_id, kind="delete", paragraphs=[1], justification="why", actor=delegate("CHN")
        )
