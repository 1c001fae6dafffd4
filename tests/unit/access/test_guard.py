"""The permission check's result travels explicitly: a rule refusing after it names the act."""

from __future__ import annotations

import pytest

from cica.access.actors import Actor
from cica.access.guard import Authorization
from cica.core.errors import Conflict, PermissionDenied

INDIA = Actor(7, "head@ind.example", "head_of_delegation", "IND")
AUTHORIZATION = Authorization(INDIA, "draft.withdraw", ("draft:3",))


def test_a_rule_refusing_inside_the_act_is_named_after_it() -> None:
    with pytest.raises(PermissionDenied) as raised, AUTHORIZATION.refusals():
        raise PermissionDenied("only the sponsor may withdraw")
    assert (raised.value.actor, raised.value.action, raised.value.objects) == (
        INDIA,
        "draft.withdraw",
        ("draft:3",),
    )


def test_a_refusal_that_names_its_actor_already_keeps_it() -> None:
    other = Actor(None, "cli:admin@host", "admin")
    with pytest.raises(PermissionDenied) as raised, AUTHORIZATION.refusals():
        raise PermissionDenied("no", actor=other, action="users.manage")
    assert (raised.value.actor, raised.value.action) == (other, "users.manage")


def test_other_errors_pass_unchanged() -> None:
    with pytest.raises(Conflict), AUTHORIZATION.refusals():
        raise Conflict("out of turn")
