"""Where a refusal goes once the refused unit of work has rolled back.

Core catches `PermissionDenied` at the edges (the CLI group, the problem+json handlers) but
keeps no records itself: the capability that does (the audit trail) registers here through the
assembly, so core imports no capability.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cica.core.errors import PermissionDenied

if TYPE_CHECKING:
    from cica.core.context import Context

Recorder = Callable[["Context", PermissionDenied], None]
_recorders: list[Recorder] = []


def on_denial(recorder: Recorder) -> None:
    """Registers `recorder` (once); each refusal is handed to every registered recorder."""
    if recorder not in _recorders:
        _recorders.append(recorder)


def record_denial(context: Context, error: PermissionDenied) -> None:
    for recorder in _recorders:
        recorder(context, error)
