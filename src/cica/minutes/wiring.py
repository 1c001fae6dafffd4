"""What the layers below need from minutes: the audit trail's digest of minutes, the deliberation engine tells it when a silence
procedure ends (minutes under silence are then approved and frozen, or sent back), and the
templates get its vocabulary."""

from cica.core import templating
from cica.deliberation import endings
from cica.minutes.rules import Approval, MinutesAct, MinutesState


def wire() -> None:
    # Importing the module registers its digester with `audit.content`.
    from cica.minutes import digests  # noqa: F401
    from cica.minutes.operations import settle

    endings.on_procedure_ended(settle)
    templating.environment.globals.update(
        {"MinutesState": MinutesState, "MinutesAct": MinutesAct, "Approval": Approval}
    )
