"""What the layers below need from access: pages offer only the links the table allows."""

from cica.access.rules import may_take
from cica.core import templating


def wire() -> None:
    # `may(user, "audit.read")`: whether the permission table gives the user's role an action, so
    # that a page offers only links that lead somewhere (the operations still decide).
    templating.environment.globals["may"] = may_take
