"""Registry queries: `members_on` for a day, against reading the same rows with no rules applied."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bench.common import Figure, Report, median, p95, sqlite_context, timings
from cica.registry import queries
from cica.registry.models import Participant, ParticipantName, ParticipantStatus


def run(report: Report) -> None:
    with sqlite_context() as context:

        def raw_rows() -> None:
            with context.unit_of_work(write=False) as session:
                session.scalars(select(ParticipantStatus)).all()
                session.scalars(select(Participant)).all()
                session.scalars(select(ParticipantName)).all()

        def members() -> None:
            with context.unit_of_work(write=False) as session:
                queries.members_on(session, date(2014, 5, 21), "all", "zh")

        baseline = timings(raw_rows, 200)
        measured = timings(members, 200)
        report.add(Figure("members_on (CICA, all kinds, zh) p95", p95(measured) * 1000, "ms"))
        report.add(
            Figure(
                "members_on median",
                median(measured) * 1000,
                "ms",
                baseline="reading the same rows without rules",
                ratio=median(measured) / median(baseline),
            )
        )
