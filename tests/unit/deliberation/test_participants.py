"""Who sits in an organ, who may be recorded as present, and who sponsors and withdraws a draft."""

from __future__ import annotations

from datetime import date

import pytest

from cica.core.errors import CicaError, Conflict, PermissionDenied
from cica.deliberation.participants import (
    Sponsor,
    SponsorKind,
    check_sponsor,
    check_withdrawal,
    delegations_present,
    members_of,
    organ_delegations,
)
from tests.unit.deliberation.builders import cica_charter, observer

# --- Who sits in an organ, and who was present -------------------------------------------------


def test_an_organ_seats_the_categories_of_its_composition() -> None:
    council = organ_delegations(cica_charter(), "ministerial_council", date(2026, 1, 1))
    soc = organ_delegations(cica_charter(), "soc", date(2026, 1, 1))
    assert "USA" in {d.code for d in council} and "USA" not in {d.code for d in soc}
    assert all(d.may_object for d in soc)
    assert {d.code for d in members_of(council)} == {d.code for d in soc}


def test_an_organ_without_a_composition_seats_every_participant_of_the_day() -> None:
    everyone = organ_delegations(cica_charter(), "secretariat", date(2026, 1, 1))
    assert {"KAZ", "USA"} <= {d.code for d in everyone}


def test_attendance_defaults_to_everyone_who_sits_in_the_organ() -> None:
    day = date(2026, 1, 1)
    assert delegations_present(cica_charter(), "soc", day) == organ_delegations(cica_charter(), "soc", day)


def test_a_delegation_that_does_not_sit_in_the_organ_cannot_be_present() -> None:
    with pytest.raises(
        Conflict, match=r"USA does not sit in the Senior Officials Committee .*organs\.soc\.composition"
    ):
        delegations_present(cica_charter(), "soc", date(2026, 1, 1), ["KAZ", "usa"])


def test_a_delegation_cannot_be_present_twice() -> None:
    with pytest.raises(CicaError, match="KAZ is listed as present twice"):
        delegations_present(cica_charter(), "soc", date(2026, 1, 1), ["KAZ", "kaz"])


# --- Sponsors ----------------------------------------------------------------------------------


def test_a_sponsor_is_the_chair_the_secretariat_or_a_participant_code() -> None:
    assert Sponsor.parse("Chair") == Sponsor(SponsorKind.CHAIR)
    assert Sponsor.parse("secretariat").label == "the Secretariat"
    assert Sponsor.parse("ind") == Sponsor(SponsorKind.DELEGATION, "IND")
    with pytest.raises(CicaError, match="is not a sponsor"):
        Sponsor.parse("the chair")


def test_an_observer_cannot_sponsor_a_draft() -> None:
    with pytest.raises(
        Conflict, match=r"USA may not sponsor a draft: .*categories\.observer_state\.may_propose"
    ):
        check_sponsor(Sponsor.parse("USA"), observer("USA"))


def test_only_the_sponsor_withdraws_a_draft() -> None:
    check_withdrawal(Sponsor.parse("IND"), [Sponsor.parse("IND")])
    check_withdrawal(Sponsor.parse("chair"), [Sponsor.parse("AZE"), Sponsor.parse("chair")])
    with pytest.raises(
        PermissionDenied, match="only the draft's sponsor, IND, may withdraw it; you act for the Secretariat"
    ):
        check_withdrawal(Sponsor.parse("IND"), [Sponsor.parse("secretariat")])
