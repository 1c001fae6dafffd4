"""A capability's parts at their standard places are named once and found where they stand."""

from __future__ import annotations

from cica.core.capability import Capability


def test_standard_parts_stand_at_their_places_in_the_package() -> None:
    found = Capability(name="notes", standard=("models", "api", "pages", "templates", "wiring"))
    assert found.package == "cica.notes"
    assert found.models == "cica.notes.models"
    assert found.api == "cica.notes.api:router"
    assert found.pages == "cica.notes.pages:router"
    assert found.templates is True
    assert found.wire == "cica.notes.wiring:wire"


def test_a_part_not_named_is_absent_and_a_part_given_explicitly_wins() -> None:
    found = Capability(
        name="notes", package="tests.notes", standard=("api", "models"), models="tests.notes.tables"
    )
    assert found.package == "tests.notes"
    assert found.api == "tests.notes.api:router"
    assert found.models == "tests.notes.tables"
    assert (found.pages, found.templates, found.wire) == (None, False, None)
