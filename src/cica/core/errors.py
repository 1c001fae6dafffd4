"""Domain errors. Rules and operations raise them; the edges (CLI, API, pages) map them.

Each error names the rule it enforces so that the person who hit it knows what to change.
"""

from __future__ import annotations


class CicaError(Exception):
    """Base of every error a user can cause. `status` is the HTTP status the API answers with."""

    status: int = 400
    title: str = "Bad request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(CicaError):
    status = 422
    title = "Invalid input"


class NotFound(CicaError):
    status = 404
    title = "Not found"


class Conflict(CicaError):
    """The request breaks a rule given the current state (out of turn, stale, duplicate)."""

    status = 409
    title = "Conflict"


class PermissionDenied(CicaError):
    status = 403
    title = "Forbidden"


class NotAuthenticated(CicaError):
    status = 401
    title = "Not authenticated"
