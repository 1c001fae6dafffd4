"""The one ordered list of capabilities. The assembly above them (`cica.app`, `cica.cli`,
`cica.models`, `cica.docs`, `cica.commands`) reads it; nothing below it knows the list.

The order is the order of layers, bottom first: a capability may import only those before it
(the import-linter contracts in pyproject.toml check it), and it is the order of routers,
templates, commands in `cica --help`, demo steps and generated documents.
"""

from __future__ import annotations

from collections.abc import Sequence

from cica.access.capability import CAPABILITY as ACCESS
from cica.accounts.capability import CAPABILITY as ACCOUNTS
from cica.audit import vocabulary
from cica.audit.capability import CAPABILITY as AUDIT
from cica.cbm.capability import CAPABILITY as CBM
from cica.charter.capability import CAPABILITY as CHARTER
from cica.core.capability import Capability, load
from cica.deliberation.capability import CAPABILITY as DELIBERATION
from cica.documents.capability import CAPABILITY as DOCUMENTS
from cica.meetings.capability import CAPABILITY as MEETINGS
from cica.minutes.capability import CAPABILITY as MINUTES
from cica.registry.capability import CAPABILITY as REGISTRY
from cica.search.capability import CAPABILITY as SEARCH

# Meetings sit below deliberation: a decision will name the meeting and agenda item it was taken
# under (issue 11), so deliberation imports meetings, never the other way round. Documents sit
# between them: a document names the meeting it was issued for, and deliberation may register the
# texts it adopts as a document's language versions. Minutes sit on top: they run their approval
# by silence through deliberation's engine. Confidence-building measures sit above meetings and
# documents (events and concept papers will name them) and below deliberation. Search sits above
# them all: it reads documents (and may one day read drafts and minutes), and documents tell it
# what changed through a hook.
CAPABILITIES: tuple[Capability, ...] = (
    CHARTER,
    ACCESS,
    AUDIT,
    REGISTRY,
    ACCOUNTS,
    MEETINGS,
    DOCUMENTS,
    CBM,
    DELIBERATION,
    MINUTES,
    SEARCH,
)

_wired: set[str] = set()


def wire(capabilities: Sequence[Capability] = CAPABILITIES) -> None:
    """Runs each capability's `wire` once per process: the hooks layers below it declare."""
    vocabulary.declare(
        action for capability in capabilities for action in (*capability.audited, *capability.actions)
    )
    for capability in capabilities:
        if capability.wire is not None and capability.wire not in _wired:
            load(capability.wire)()
            _wired.add(capability.wire)
