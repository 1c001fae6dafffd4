"""What the layers below need from access: pages offer only the links the table allows."""

from cica.access.actors import Actor
from cica.access.rules import may_take
from cica.core import forms, templating


def _reads_rules(user: object) -> bool:
    return isinstance(user, Actor) and user.is_secretariat


def wire() -> None:
    # `may(user, "audit.read")`: whether the permission table gives the user's role an action, so
    # that a page offers only links that lead somewhere (the operations still decide).
    templating.environment.globals["may"] = may_take
    # The charter key of a refused step, in small print, is for the Secretariat only.
    forms.on_rule_readers(_reads_rules)
