"""The only code that writes deliberation's tables: `verb(session, …, *, actor)`.

Every verb authorises against the permission table first (`access.guard.authorize`), applies
the pure rules, writes, and records its audit entry in the same transaction, so a refusal or a
failure changes nothing. Grouped by subject:

- `drafts`: create, revise, circulate, forward, withdraw, reject.
- `amendments`: propose, accept, reject and withdraw amendments.
- `consensus`: open a procedure at a session, record positions, close it.
- `silence`: start a silence procedure, break it, finalise those whose deadline has come.
- `decisions`: writing adopted texts into the register (called by the two above).
- `notifications`: marking one's notices as read.
"""

from cica.deliberation.operations.amendments import (
    accept_amendment,
    propose_amendment,
    reject_amendment,
    withdraw_amendment,
)
from cica.deliberation.operations.consensus import close_consensus, open_consensus, record_position
from cica.deliberation.operations.drafts import circulate, create_draft, forward, reject, revise, withdraw
from cica.deliberation.operations.notifications import mark_all_read, mark_read
from cica.deliberation.operations.silence import break_silence, finalise_due, start_silence

__all__ = [
    "accept_amendment",
    "break_silence",
    "circulate",
    "close_consensus",
    "create_draft",
    "finalise_due",
    "forward",
    "mark_all_read",
    "mark_read",
    "open_consensus",
    "propose_amendment",
    "record_position",
    "reject",
    "reject_amendment",
    "revise",
    "start_silence",
    "withdraw",
    "withdraw_amendment",
]
