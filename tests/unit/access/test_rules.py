"""The permission table and its decisions, classification, and the account rules. No database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica.access import docs as access_docs
from cica.access import rules
from cica.access.actors import DELEGATION_ROLES, ROLES, USER_ROLES, Actor, Role
from cica.access.rules import Standing, Target, Viewer, decide, may_see

CODES = ("IND", "PAK", "CHN", "JPN")
ALL_RIGHTS = Standing(frozenset(rules.RIGHTS), chairing=False)
OBSERVER_RIGHTS = Standing(frozenset({"may_speak"}), chairing=False)


def actor(role: Role, delegation: str | None = "IND", user_id: int | None = 7) -> Actor:
    if role in DELEGATION_ROLES:
        return Actor(user_id, f"{role}@example.org", role, delegation)
    return Actor(user_id, f"{role}@example.org", role, None)


actors = st.builds(
    lambda role, code, user_id: actor(role, code, user_id),
    st.sampled_from(ROLES),
    st.sampled_from(CODES),
    st.integers(1, 5),
)
targets = st.builds(
    Target,
    delegation=st.none() | st.sampled_from(CODES),
    owner=st.none() | st.integers(1, 5),
    role=st.none() | st.sampled_from(USER_ROLES),
)
standings = st.builds(Standing, rights=st.frozensets(st.sampled_from(rules.RIGHTS)), chairing=st.booleans())
actions = st.sampled_from(rules.ACTIONS)


def own_scoped(action: str) -> list[Role]:
    entry = rules.permission(action)
    return [role for role in ROLES if (grant := entry.grant_for(role)) is not None and grant.scope == "own"]


def test_every_action_has_a_summary_and_grants_only_known_roles() -> None:
    for entry in rules.PERMISSIONS.values():
        assert entry.summary
        assert entry.public or entry.grants, entry.action
        assert set(entry.grants or {}) <= set(ROLES)


def test_an_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(LookupError, match=r"not in the permission table"):
        decide(actor("admin"), "draft.eat")


@given(actions)
def test_anonymous_callers_may_take_public_actions_only(action: str) -> None:
    assert decide(None, action).allowed == rules.permission(action).public


@given(actors, actions, targets, standings)
def test_no_grant_means_no_access_and_a_refusal_says_why(
    who: Actor, action: str, target: Target, standing: Standing
) -> None:
    decision = decide(who, action, target, standing)
    if decision.allowed:
        assert rules.role_may(who.role, action)
    else:
        assert decision.reason


@given(actors, actions, targets, standings)
def test_an_own_delegation_grant_never_lets_anyone_act_for_another_delegation(
    who: Actor, action: str, target: Target, standing: Standing
) -> None:
    grant = rules.permission(action).grant_for(who.role)
    if grant is not None and grant.scope == "own" and target.delegation not in (None, who.delegation):
        assert not decide(who, action, target, standing).allowed


@pytest.mark.parametrize("action", [a for a in rules.ACTIONS if own_scoped(a)])
def test_a_delegate_of_india_cannot_act_for_pakistan(action: str) -> None:
    for role in own_scoped(action):
        indian = actor(role, "IND")
        for_india = decide(indian, action, Target(delegation="IND", role="delegate"), ALL_RIGHTS)
        for_pakistan = decide(indian, action, Target(delegation="PAK", role="delegate"), ALL_RIGHTS)
        assert for_india.allowed, (role, action, for_india.reason)
        assert not for_pakistan.allowed
        assert "acts for IND only, not for PAK" in for_pakistan.reason


MEMBERS_ONLY = [
    action
    for action in rules.ACTIONS
    if any(
        (grant := rules.permission(action).grant_for(role)) is not None
        and grant.right in ("member", "may_propose", "may_object", "may_break_silence")
        for role in ROLES
    )
]


@pytest.mark.parametrize("action", MEMBERS_ONLY)
def test_an_observer_delegate_cannot_do_what_only_members_may(action: str) -> None:
    observer = actor("observer_delegate", "JPN")
    assert not decide(observer, action, Target(delegation="JPN"), OBSERVER_RIGHTS).allowed
    # Not even under a member's role name: the category on the day decides.
    misfiled = actor("delegate", "JPN")
    assert not decide(misfiled, action, Target(delegation="JPN"), OBSERVER_RIGHTS).allowed


def test_members_only_actions_include_objecting_proposing_and_breaking_silence() -> None:
    assert {"consensus.position", "amendment.propose", "silence.break"} <= set(MEMBERS_ONLY)


def test_an_observer_may_make_a_statement_for_its_own_delegation() -> None:
    observer = actor("observer_delegate", "JPN")
    assert decide(observer, "consensus.statement", Target(delegation="JPN"), OBSERVER_RIGHTS).allowed


@pytest.mark.parametrize("action", ["consensus.open", "amendment.decide", "silence.start", "draft.circulate"])
def test_chair_rights_follow_the_chair_on_the_day(action: str) -> None:
    presiding = actor("delegate", "AZE")
    assert decide(presiding, action, standing=Standing(frozenset(rules.RIGHTS), chairing=True)).allowed
    refused = decide(presiding, action, standing=ALL_RIGHTS)
    assert not refused.allowed
    assert "chairing delegation" in refused.reason


def test_only_the_chair_and_the_secretariat_circulate_texts() -> None:
    allowed = {role for role in ROLES if rules.role_may(role, "draft.circulate")}
    assert allowed == {"secretariat", "head_of_delegation", "delegate"}
    assert rules.permission("draft.circulate").grant_for("delegate") == rules.CHAIR


def test_the_secretariat_never_speaks_for_a_delegation() -> None:
    for action in ("amendment.propose", "consensus.position", "silence.break"):
        assert not decide(actor("secretariat"), action, Target(delegation="IND"), ALL_RIGHTS).allowed


def test_a_head_of_delegation_may_add_delegates_but_not_heads_or_secretariat() -> None:
    head = actor("head_of_delegation", "IND")
    assert decide(head, "users.manage", Target(delegation="IND", role="delegate")).allowed
    assert not decide(head, "users.manage", Target(delegation="IND", role="head_of_delegation")).allowed
    assert not decide(head, "users.manage", Target(delegation="PAK", role="delegate")).allowed
    assert not decide(actor("delegate"), "users.manage", Target(delegation="IND", role="delegate")).allowed


def test_tokens_are_managed_on_ones_own_account_except_by_an_admin() -> None:
    assert decide(actor("delegate", user_id=3), "token.manage", Target(owner=3)).allowed
    assert not decide(actor("delegate", user_id=3), "token.manage", Target(owner=4)).allowed
    assert decide(actor("admin", user_id=1), "token.manage", Target(owner=4)).allowed


def test_the_system_loads_charters_but_signs_nothing_for_anyone() -> None:
    system = Actor.system()
    assert decide(system, "charter.load").allowed
    assert not decide(system, "amendment.propose", Target(delegation="IND"), ALL_RIGHTS).allowed


# --- Classification -------------------------------------------------------------------------

viewers = st.none() | st.builds(
    Viewer, secretariat=st.booleans(), delegation=st.none() | st.sampled_from(CODES), member=st.booleans()
)


@given(viewers, st.sampled_from(rules.CLASSIFICATIONS), st.frozensets(st.sampled_from(CODES)))
def test_classification_public_for_all_restricted_for_members_confidential_for_the_named(
    viewer: Viewer | None, classification: rules.Classification, named: frozenset[str]
) -> None:
    seen = may_see(viewer, classification, named)
    if classification == "public" or (viewer is not None and viewer.secretariat):
        assert seen
    elif viewer is None:
        assert not seen
    elif classification == "restricted":
        assert seen == viewer.member
    else:
        assert seen == (viewer.delegation in named)


def test_an_observer_delegation_does_not_see_restricted_texts() -> None:
    observer = Viewer.of(actor("observer_delegate", "JPN"), OBSERVER_RIGHTS)
    member = Viewer.of(actor("delegate", "IND"), ALL_RIGHTS)
    assert not may_see(observer, "restricted")
    assert may_see(member, "restricted")
    assert not may_see(member, "confidential", {"PAK"})
    assert may_see(member, "confidential", {"PAK", "IND"})


@given(st.lists(st.sampled_from((*CODES, " ind ", "pak"))))
def test_named_delegations_are_stored_in_a_form_a_filter_can_search(codes: list[str]) -> None:
    stored = rules.encode_named(codes)
    assert rules.decode_named(stored) == {code.strip().upper() for code in codes}
    for code in rules.decode_named(stored):
        assert f",{code}," in stored


def test_the_permissions_document_lists_every_action_and_role() -> None:
    document = access_docs.permissions_markdown()
    for action in rules.ACTIONS:
        assert f"| `{action}` |" in document
    for role in ROLES:
        assert role in document
