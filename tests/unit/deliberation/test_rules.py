"""A draft moves along the charter's path; organ competences and out-of-turn acts are refused."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cica.core.errors import CicaError, Conflict, InvalidInput, NotFound, PermissionDenied
from cica.deliberation.rules import (
    CloseProcedure,
    Competences,
    Delegation,
    DraftState,
    Event,
    Forward,
    OpenNegotiation,
    OpenProcedure,
    OrganCompetence,
    PendingProcedure,
    ProcedureKind,
    ProposeAmendment,
    Reject,
    Revise,
    Stage,
    Withdraw,
    check_session_day,
    delegation_on,
    new_draft,
    permits,
    refuse_second_procedure,
    transition,
)
from tests.unit.deliberation.builders import (
    cica_charter,
    cica_competences,
    observer,
    pacifica_charter,
    pacifica_competences,
)

CONSENSUS = ProcedureKind.CONSENSUS
SILENCE = ProcedureKind.SILENCE


def run(state: DraftState, *events: Event, competences: Competences | None = None) -> DraftState:
    for event in events:
        state = transition(state, event, competences or cica_competences())
    return state


def negotiating(kind: str, organ: str) -> DraftState:
    return run(new_draft(kind, organ, cica_competences()), OpenNegotiation())


# --- Charter facts ----------------------------------------------------------------------------


def test_competences_come_from_the_charters_organs() -> None:
    soc = cica_competences().organ("soc")
    assert soc.name == "Senior Officials Committee"
    assert "concept_paper" in soc.adopts
    assert "declaration" in soc.recommends and "declaration" not in soc.adopts
    assert soc.forwards_to == {"ministerial_council", "summit"}


def test_organ_names_in_messages_are_those_in_force_on_the_day() -> None:
    before = Competences.from_charter(cica_charter(), on=date(2020, 1, 1)).organ("ministerial_council")
    after = Competences.from_charter(cica_charter(), on=date(2023, 1, 1)).organ("ministerial_council")
    assert (before.name, after.name) == ("Ministerial Meeting", "Council of Ministers of Foreign Affairs")


def test_an_unknown_organ_is_not_found() -> None:
    with pytest.raises(NotFound, match="'assembly' is not an organ of the charter"):
        cica_competences().organ("assembly")


def test_a_delegation_carries_the_rights_of_its_category_on_the_day() -> None:
    kazakhstan = delegation_on(cica_charter(), "KAZ", date(2026, 1, 1))
    usa = delegation_on(cica_charter(), "USA", date(2026, 1, 1))
    assert (kazakhstan.category, kazakhstan.may_object, kazakhstan.may_break_silence) == (
        "member_state",
        True,
        True,
    )
    assert (usa.category, usa.may_object, usa.may_break_silence, usa.may_propose) == (
        "observer_state",
        False,
        False,
        False,
    )


def test_a_delegation_s_rights_follow_its_admission_as_a_member() -> None:
    assert not delegation_on(pacifica_charter(), "NZL", date(2005, 1, 1)).may_object
    assert delegation_on(pacifica_charter(), "NZL", date(2012, 1, 1)).may_object


def test_a_participant_without_a_status_that_day_takes_no_part() -> None:
    with pytest.raises(Conflict, match="SLB has no status in force on 2019-01-01"):
        delegation_on(pacifica_charter(), "SLB", date(2019, 1, 1))
    with pytest.raises(NotFound, match="'XYZ' is not a participant"):
        delegation_on(pacifica_charter(), "XYZ", date(2019, 1, 1))


def test_an_observer_may_not_propose_amendments() -> None:
    with pytest.raises(PermissionDenied, match=r"charter: categories\.observer_state\.may_propose"):
        observer("USA").check_may_propose()
    Delegation("KAZ", "member_state", may_propose=True).check_may_propose()


# --- Starting a draft -------------------------------------------------------------------------


def test_a_draft_starts_in_drafting_in_an_organ_that_can_act_on_its_kind() -> None:
    assert new_draft("declaration", "swg", cica_competences()) == DraftState(
        "declaration", Stage.DRAFTING, "swg"
    )


def test_a_draft_cannot_start_in_an_organ_that_neither_adopts_nor_recommends_its_kind() -> None:
    with pytest.raises(Conflict) as caught:
        new_draft("budget", "summit", cica_competences())
    assert caught.value.message == (
        "the Council of Heads of State or Government neither adopts nor recommends a budget, so such a "
        "draft cannot start there (charter: organs.summit.adopts, organs.summit.recommends)"
    )


def test_a_draft_of_an_unknown_kind_is_refused() -> None:
    with pytest.raises(
        NotFound, match=r"'treaty' is not a document kind of the charter \(charter: document_kinds\)"
    ):
        new_draft("treaty", "swg", cica_competences())


# --- The path ---------------------------------------------------------------------------------


def test_a_declaration_goes_from_the_working_group_through_the_soc_to_the_council() -> None:
    state = negotiating("declaration", "swg")
    assert state == DraftState("declaration", Stage.UNDER_NEGOTIATION, "swg")
    state = run(state, Forward("soc"))
    assert state == DraftState("declaration", Stage.FORWARDED, "soc", forwarded_by="swg")
    state = run(state, OpenNegotiation(), OpenProcedure(SILENCE, recommend_to="ministerial_council"))
    assert state.procedure == PendingProcedure(SILENCE, "ministerial_council")
    state = run(state, CloseProcedure(adopted=True))
    assert state == DraftState(
        "declaration", Stage.FORWARDED, "ministerial_council", forwarded_by="soc", recommended=True
    )
    state = run(state, OpenNegotiation(), OpenProcedure(CONSENSUS), CloseProcedure(adopted=True))
    assert state == DraftState("declaration", Stage.ADOPTED, "ministerial_council")


def test_the_soc_may_only_recommend_a_declaration_not_adopt_it() -> None:
    with pytest.raises(Conflict) as caught:
        run(negotiating("declaration", "soc"), OpenProcedure(CONSENSUS))
    assert caught.value.message == (
        "the Senior Officials Committee may only recommend a declaration, not adopt it "
        "(charter: organs.soc.adopts)"
    )


def test_the_soc_adopts_a_concept_paper_itself() -> None:
    state = run(negotiating("concept_paper", "soc"), OpenProcedure(CONSENSUS), CloseProcedure(adopted=True))
    assert state.stage is Stage.ADOPTED and state.organ == "soc"


def test_an_organ_may_not_recommend_a_kind_it_only_adopts() -> None:
    with pytest.raises(
        Conflict, match=r"may not recommend a concept paper \(charter: organs\.soc\.recommends\)"
    ):
        run(negotiating("concept_paper", "soc"), OpenProcedure(CONSENSUS, recommend_to="ministerial_council"))


def test_forwarding_where_the_charter_does_not_allow_is_refused() -> None:
    with pytest.raises(Conflict) as caught:
        run(negotiating("declaration", "swg"), Forward("ministerial_council"))
    assert caught.value.message == (
        "the Special Working Group may not forward drafts to the Council of Ministers of Foreign Affairs; "
        "it forwards only to the Senior Officials Committee (charter: organs.swg.forwards_to)"
    )


def test_forwarding_to_an_organ_that_cannot_act_on_the_kind_is_refused() -> None:
    with pytest.raises(Conflict, match=r"neither adopts nor recommends a road map.*organs\.summit\.adopts"):
        run(negotiating("road_map", "soc"), Forward("summit"))


def test_a_recommendation_follows_the_forwarding_path() -> None:
    with pytest.raises(Conflict, match=r"charter: organs\.swg\.forwards_to"):
        run(negotiating("declaration", "swg"), OpenProcedure(CONSENSUS, recommend_to="summit"))


def test_the_council_may_adopt_what_it_received_or_forward_it_to_the_summit() -> None:
    state = run(negotiating("declaration", "soc"), Forward("ministerial_council"), OpenNegotiation())
    assert run(state, Forward("summit")).organ == "summit"
    assert run(state, OpenProcedure(CONSENSUS), CloseProcedure(adopted=True)).stage is Stage.ADOPTED


def test_a_procedure_that_fails_returns_the_draft_to_negotiation() -> None:
    state = run(negotiating("concept_paper", "soc"), OpenProcedure(SILENCE), CloseProcedure(adopted=False))
    assert state == DraftState("concept_paper", Stage.UNDER_NEGOTIATION, "soc")


def test_the_rules_hold_for_another_charter() -> None:
    pacifica = pacifica_competences()
    state = run(new_draft("communique", "officials", pacifica), OpenNegotiation(), competences=pacifica)
    state = run(
        state, OpenProcedure(CONSENSUS, recommend_to="ministers"), CloseProcedure(True), competences=pacifica
    )
    state = run(state, OpenNegotiation(), competences=pacifica)
    with pytest.raises(
        Conflict, match=r"the Council of Ministers may only recommend a communiqué, not adopt it"
    ):
        run(state, OpenProcedure(CONSENSUS), competences=pacifica)
    state = run(
        state,
        Forward("leaders"),
        OpenNegotiation(),
        OpenProcedure(SILENCE),
        CloseProcedure(True),
        competences=pacifica,
    )
    assert state == DraftState("communique", Stage.ADOPTED, "leaders")


# --- Out of turn ------------------------------------------------------------------------------


def test_a_withdrawn_draft_cannot_be_adopted() -> None:
    withdrawn = run(negotiating("concept_paper", "soc"), Withdraw())
    with pytest.raises(Conflict) as caught:
        run(withdrawn, CloseProcedure(adopted=True))
    assert caught.value.message == (
        "the draft is withdrawn: it cannot be adopted (rule: adopted, not adopted and withdrawn drafts are final)"
    )
    with pytest.raises(Conflict, match="withdrawn: it cannot be put to adoption by consensus procedure"):
        run(withdrawn, OpenProcedure(CONSENSUS))


def test_a_second_open_procedure_on_a_draft_is_refused() -> None:
    state = run(negotiating("concept_paper", "soc"), OpenProcedure(SILENCE))
    with pytest.raises(Conflict) as caught:
        run(state, OpenProcedure(CONSENSUS))
    assert caught.value.message == (
        "the draft already has a silence procedure open; close it before opening a consensus procedure "
        "(rule: one open procedure per draft)"
    )


def test_a_second_procedure_is_refused_whatever_the_storage_says_is_open() -> None:
    refuse_second_procedure([], CONSENSUS)
    with pytest.raises(Conflict, match="already has a consensus procedure open"):
        refuse_second_procedure([CONSENSUS], SILENCE)


@pytest.mark.parametrize(
    "event",
    [Withdraw(), Revise(), ProposeAmendment(), Forward("ministerial_council"), Reject()],
    ids=["withdraw", "revise", "amend", "forward", "reject"],
)
def test_nothing_changes_under_an_open_procedure(event: Event) -> None:
    state = run(negotiating("concept_paper", "soc"), OpenProcedure(SILENCE))
    with pytest.raises(Conflict, match="under an open silence procedure: it cannot be"):
        run(state, event)


def test_only_an_open_procedure_can_be_closed() -> None:
    with pytest.raises(Conflict, match="no open procedure to close; it is under negotiation in the Senior"):
        run(negotiating("concept_paper", "soc"), CloseProcedure(adopted=True))


def test_a_draft_in_drafting_is_revised_but_not_amended_forwarded_or_put_to_a_procedure() -> None:
    state = new_draft("declaration", "swg", cica_competences())
    assert run(state, Revise()) == state
    with pytest.raises(Conflict, match="amendments are proposed while the draft is under negotiation"):
        run(state, ProposeAmendment())
    with pytest.raises(Conflict, match="being drafted in the Special Working Group: it cannot be forwarded"):
        run(state, Forward("soc"))
    with pytest.raises(Conflict, match="before the organ holding it has negotiated it"):
        run(state, OpenProcedure(CONSENSUS, recommend_to="soc"))


def test_a_forwarded_draft_is_taken_up_before_anything_else_is_done_with_it() -> None:
    state = run(negotiating("declaration", "swg"), Forward("soc"))
    with pytest.raises(
        Conflict, match="forwarded to the Senior Officials Committee, which has not yet taken it up"
    ):
        run(state, OpenProcedure(CONSENSUS, recommend_to="ministerial_council"))
    with pytest.raises(Conflict, match="receiving organ takes it up"):
        run(state, Revise())
    assert run(state, Withdraw()).stage is Stage.WITHDRAWN


def test_negotiation_does_not_open_twice() -> None:
    with pytest.raises(Conflict, match="already under negotiation"):
        run(negotiating("declaration", "swg"), OpenNegotiation())


def test_a_rejected_draft_is_not_adopted_and_final() -> None:
    state = run(negotiating("declaration", "swg"), Reject())
    assert state == DraftState("declaration", Stage.NOT_ADOPTED, "swg")
    with pytest.raises(Conflict, match="the draft is not adopted: it cannot be withdrawn"):
        run(state, Withdraw())


def test_a_draft_state_refuses_impossible_combinations() -> None:
    with pytest.raises(ValueError, match="only a draft under negotiation"):
        DraftState("decision", Stage.DRAFTING, "soc", procedure=PendingProcedure(CONSENSUS))
    with pytest.raises(ValueError, match="records the organ that forwarded it"):
        DraftState("decision", Stage.FORWARDED, "soc")


# --- Properties over any sequence of events ---------------------------------------------------

organs = st.sampled_from(["summit", "ministerial_council", "soc", "swg", "secretariat"])
events: st.SearchStrategy[Event] = st.one_of(
    st.just(OpenNegotiation()),
    st.just(Revise()),
    st.just(ProposeAmendment()),
    st.builds(Forward, organs),
    st.builds(OpenProcedure, st.sampled_from(list(ProcedureKind)), st.none() | organs),
    st.builds(CloseProcedure, st.booleans()),
    st.just(Reject()),
    st.just(Withdraw()),
)
starts = st.tuples(
    st.sampled_from(["declaration", "decision", "concept_paper", "report", "road_map", "budget"]), organs
)


@settings(max_examples=300)
@given(starts, st.lists(events, max_size=25))
def test_any_sequence_of_events_keeps_to_the_charter(start: tuple[str, str], sequence: list[Event]) -> None:
    competences = cica_competences()
    try:
        state = new_draft(*start, competences)
    except Conflict:
        return
    for event in sequence:
        was_closed = state.stage.closed
        try:
            after = transition(state, event, competences)
        except CicaError:
            continue
        # A closed draft never accepts anything.
        assert not was_closed
        if after.stage is Stage.ADOPTED:
            assert after.kind in competences.organ(after.organ).adopts
            assert isinstance(event, CloseProcedure) and event.adopted
        if after.stage is Stage.FORWARDED and state.stage is not Stage.FORWARDED:
            assert after.organ in competences.organ(state.organ).forwards_to
            assert after.forwarded_by == state.organ
        if after.recommended:
            assert after.kind in competences.organ(state.organ).recommends
        if after.organ != state.organ:
            # Only forwarding (or recommending, which forwards) moves a draft between organs.
            assert after.stage is Stage.FORWARDED
        state = after


@given(st.sampled_from([Stage.ADOPTED, Stage.NOT_ADOPTED, Stage.WITHDRAWN]), events)
def test_a_closed_draft_refuses_every_event(stage: Stage, event: Event) -> None:
    with pytest.raises(Conflict, match="drafts are final"):
        transition(DraftState("decision", stage, "soc"), event, cica_competences())


def test_competences_can_be_built_from_plain_values() -> None:
    competences = Competences(
        {
            "board": OrganCompetence("board", "Board", adopts=frozenset({"note"})),
            "staff": OrganCompetence(
                "staff", "Staff", recommends=frozenset({"note"}), forwards_to=frozenset({"board"})
            ),
        }
    )
    state = run(new_draft("note", "staff", competences), OpenNegotiation(), competences=competences)
    state = run(
        state,
        Forward("board"),
        OpenNegotiation(),
        OpenProcedure(CONSENSUS),
        CloseProcedure(True),
        competences=competences,
    )
    assert state == DraftState("note", Stage.ADOPTED, "board")
    with pytest.raises(Conflict, match="the Staff may only recommend a note, not adopt it"):
        run(
            new_draft("note", "staff", competences),
            OpenNegotiation(),
            OpenProcedure(SILENCE),
            competences=competences,
        )


def test_messages_name_kinds_in_running_text() -> None:
    competences = cica_competences()
    assert competences.a_kind("action_plan") == "a priority-area action plan"
    assert competences.a_kind("catalogue") == "a catalogue of CBMs"
    assert competences.a_kind("rules_of_procedure") == "rules of procedure"
    with pytest.raises(Conflict, match="may only recommend rules of procedure, not adopt them"):
        run(negotiating("rules_of_procedure", "soc"), OpenProcedure(CONSENSUS))


def test_permits_says_whether_a_step_can_be_taken_now() -> None:
    state = negotiating("declaration", "swg")
    assert permits(state, Forward("soc"), cica_competences())
    assert not permits(state, Forward("summit"), cica_competences())
    assert not permits(state, OpenProcedure(CONSENSUS), cica_competences())  # the SWG only recommends
    assert permits(state, OpenProcedure(CONSENSUS, recommend_to="soc"), cica_competences())


def test_a_session_is_recorded_on_a_day_that_has_come_and_after_its_text_existed() -> None:
    check_session_day(date(2024, 3, 19), today=date(2024, 3, 19), text_of=date(2024, 3, 1))
    with pytest.raises(InvalidInput, match="has not been held yet"):
        check_session_day(date(2099, 1, 1), today=date(2024, 3, 19), text_of=date(2024, 3, 1))
    with pytest.raises(InvalidInput, match="before the text put to it existed"):
        check_session_day(date(1999, 1, 1), today=date(2024, 3, 19), text_of=date(2024, 3, 1))


_ORGANS = st.frozensets(st.sampled_from(["soc", "mc", "swg", "summit"]))
_KINDS = st.frozensets(st.sampled_from(["declaration", "decision", "report"]))


@given(_ORGANS, _KINDS, st.sampled_from(["declaration", "decision", "report"]))
def test_an_organ_recommends_a_kind_to_the_organs_it_forwards_to(
    forwards_to: frozenset[str], recommends: frozenset[str], kind: str
) -> None:
    organ = OrganCompetence("x", "X", recommends=recommends, forwards_to=forwards_to)
    assert organ.recommends_to(kind) == (sorted(forwards_to) if kind in recommends else [])
