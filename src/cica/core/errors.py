"""Domain errors. Rules and operations raise them; the edges (CLI, API, pages) map them.

Each error names the rule it enforces so that the person who hit it knows what to change.
"""

from __future__ import annotations

from collections.abc import Sequence


class CicaError(Exception):
    """Base of every error a user can cause. `status` is the HTTP status the API answers with."""

    status: int = 400
    title: str = "Bad request"
    # What the reader is told, in words and language of their own (`core.forms.explain`); the
    # message stays the rule's own statement, which the CLI and the API give as is.
    code: str = "refused"
    # The field of the request the refusal concerns (its message goes beside that field of a
    # page form); None when it concerns the request as a whole.
    field: str | None = None

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if field is not None:
            self.field = field


class InvalidInput(CicaError):
    status = 422
    title = "Invalid input"


class NotFound(CicaError):
    status = 404
    title = "Not found"
    code = "not_found"


class Conflict(CicaError):
    """The request breaks a rule given the current state (out of turn, stale, duplicate)."""

    status = 409
    title = "Conflict"
    code = "conflict"


class PermissionDenied(CicaError):
    """The actor may not do this. It carries who tried what on which objects, for the audit trail.

    `actor` is the permission layer's `access.actors.Actor`; core, below every capability, keeps
    it as it comes and the audit trail checks what it got.
    """

    status = 403
    title = "Forbidden"
    code = "not_allowed"

    def __init__(
        self,
        message: str,
        *,
        actor: object | None = None,
        action: str = "",
        objects: Sequence[str] = (),
        code: str | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.actor = actor
        self.action = action
        self.objects = tuple(objects)


class NotAuthenticated(CicaError):
    status = 401
    title = "Not authenticated"
    code = "sign_in"


class Throttled(CicaError):
    """Too many failed attempts: try again later (sign-in is limited per account and address)."""

    status = 429
    title = "Too many attempts"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
