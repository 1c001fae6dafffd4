"""Access and audit: the cost of a sign-in with the production Argon2 parameters, and of an audited
write (keyed HMAC-SHA-256 chain with content digests) against the same write with its audit entry
left out (target: at most 1.3×), and against the same write with the unkeyed chain of before."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from sqlalchemy.orm import Session

from bench.common import Figure, Report, median, p95, sqlite_context, timings
from cica.access.actors import Actor
from cica.accounts import operations
from cica.accounts.passwords import Passwords
from cica.audit import keys as audit_keys
from cica.audit import operations as audit_operations
from cica.core.context import Context

PASSWORD = "correct horse battery staple"


def _no_entry(*args: object, **kwargs: object) -> None:
    return None


@contextmanager
def _unaudited() -> Iterator[None]:
    # Only here: every real write path records its entry; the baseline is the same write without.
    with mock.patch.object(operations, "record", _no_entry):
        yield


@contextmanager
def _unkeyed() -> Iterator[None]:
    # The chain as it was before the key: plain SHA-256, no content digests.
    def old_keys(session: Session) -> audit_keys.AuditKeys:
        keys = audit_keys.of_session(session)
        chain = keys.require_chain()
        return dataclasses.replace(keys, chain=dataclasses.replace(chain, keyed_from=2**62))

    with (
        mock.patch.object(audit_operations, "of_session", old_keys),
        mock.patch.object(audit_operations.content, "digests", lambda session, objects: ()),
    ):
        yield


def _sign_in(context: Context, report: Report) -> None:
    passwords = Passwords.from_settings(context.settings)
    stored = passwords.hash(PASSWORD)
    with context.unit_of_work() as session:
        operations.add_user(
            session,
            email="head@ind.example",
            role="head_of_delegation",
            delegation="IND",
            password_hash=stored,
            actor=Actor.command_line(),
        )

    def sign_in() -> None:
        operations.sign_in(context, email="head@ind.example", password=PASSWORD, client="127.0.0.1")

    def verify_only() -> None:
        passwords.verify(stored, PASSWORD)

    baseline: list[float] = []
    measured: list[float] = []
    for _ in range(4):
        baseline += timings(verify_only, 6, warmup=1)
        measured += timings(sign_in, 6, warmup=1)
    parameters = f"t={passwords.time_cost}, m={passwords.memory_kib} KiB, p={passwords.parallelism}"
    report.add(
        Figure(
            f"argon2id verification ({parameters}) median", median(baseline) * 1000, "ms", target="50-250 ms"
        )
    )
    report.add(
        Figure("sign-in (throttle check, verification, session, audit) p95", p95(measured) * 1000, "ms")
    )
    report.add(
        Figure(
            "sign-in median",
            median(measured) * 1000,
            "ms",
            baseline="the password verification alone",
            ratio=median(measured) / median(baseline),
            target="50-250 ms",
        )
    )


def _audited_write(context: Context, report: Report) -> None:
    head = Actor(None, "bench", "secretariat")
    counter = itertools.count()

    def write() -> None:
        with context.unit_of_work() as session:
            operations.set_delegation_profile(
                session, "IND", {"address": f"Street {next(counter)}"}, actor=head
            )

    # Interleaved short rounds, so that a slow moment of the machine (shared with other work)
    # falls on all three alike. The audit call is switched off around a whole round, so the
    # switch itself is not timed.
    audited_samples: list[float] = []
    baseline_samples: list[float] = []
    unkeyed_samples: list[float] = []
    for _ in range(30):
        with _unaudited():
            baseline_samples += timings(write, 10, warmup=2)
        audited_samples += timings(write, 10, warmup=2)
        with _unkeyed():
            unkeyed_samples += timings(write, 10, warmup=2)
    report.add(Figure("delegation.update with its audit entry p95", p95(audited_samples) * 1000, "ms"))
    report.add(
        Figure(
            "audited write median",
            median(audited_samples) * 1000,
            "ms",
            baseline="the same write unaudited",
            ratio=median(audited_samples) / median(baseline_samples),
            target="≤ 1.3×",
        )
    )
    report.add(
        Figure(
            "audited write median, keyed chain with content digests",
            median(audited_samples) * 1000,
            "ms",
            baseline="the same write with the unkeyed chain",
            ratio=median(audited_samples) / median(unkeyed_samples),
        )
    )


def run(report: Report) -> None:
    with sqlite_context() as context:
        _sign_in(context, report)
        _audited_write(context, report)
