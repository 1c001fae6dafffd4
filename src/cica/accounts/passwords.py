"""Password hashing with Argon2id (argon2-cffi), with parameters from the settings.

The production parameters make one verification cost 100-150 ms on a 2-core server (measured
by `make bench`); the test suite passes cheap ones, since it hashes hundreds of passwords.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from cica.core.settings import Settings

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@dataclass(frozen=True)
class Passwords:
    time_cost: int
    memory_kib: int
    parallelism: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Passwords:
        return _shared(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)

    @cached_property
    def hasher(self) -> PasswordHasher:
        # argon2-cffi is imported by the first sign-in or new password, not by every idle worker.
        from argon2 import PasswordHasher

        return PasswordHasher(
            time_cost=self.time_cost, memory_cost=self.memory_kib, parallelism=self.parallelism
        )

    @cached_property
    def _decoy(self) -> str:
        # Verified against when the account does not exist, so that an unknown e-mail costs
        # as much time as a wrong password and the two cannot be told apart.
        return self.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """Constant-time verification (inside argon2); `stored=None` still spends the time."""
        from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

        try:
            return self.hasher.verify(stored or self._decoy, password) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self.hasher.check_needs_rehash(stored)


@lru_cache(maxsize=8)
def _shared(time_cost: int, memory_kib: int, parallelism: int) -> Passwords:
    # One instance per parameter set, so that the decoy hash is computed once per process.
    return Passwords(time_cost, memory_kib, parallelism)


def generate_password() -> str:
    """A password for an account created without one: 120 bits, printed once, never stored."""
    return secrets.token_urlsafe(15)
