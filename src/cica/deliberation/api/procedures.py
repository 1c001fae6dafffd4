"""API of procedures: consensus in session (open, positions, statements, close) and the silence
procedure (start, break, list, tick).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel, Field

from cica.access.actors import Actor
from cica.access.web import public, signed_in
from cica.core.answers import keep_answer, next_minute
from cica.core.deps import Integer, Line, RecordId, SessionDep, Text
from cica.deliberation import operations, queries
from cica.deliberation.api.common import Body, Lang, Zone
from cica.deliberation.consensus import Stance
from cica.deliberation.edges import PROCEDURE, Step
from cica.deliberation.queries import reader
from cica.deliberation.silence import BreakKind

router = APIRouter()


class OpenConsensus(Body):
    held_on: date | None = Field(None, description="The session's date (default: today at the seat).")
    present: list[Line] | None = Field(
        None, description="Delegations present (default: all who sit in the organ)."
    )
    recommend_to: Line | None = Field(None, description="Recommend to this organ instead of adopting.")
    expected_version: Integer | None = None


opening = Step(
    "/drafts/{draft_id}/consensus", "consensus.open", operations.open_consensus, PROCEDURE, created=True
)
opening.api_route(
    router, "Put the current revision to adoption by consensus at a session (the Chair).", OpenConsensus
)


class StartSilence(Body):
    deadline: AwareDatetime | None = Field(
        None, description="With its offset, e.g. 2026-12-11T18:00:00+05:00."
    )
    period: Line | None = Field(
        None, description="ISO 8601 duration such as P14D or P2W (default: the charter's)."
    )
    recommend_to: Line | None = None


starting = Step(
    "/drafts/{draft_id}/silence",
    "silence.start",
    operations.start_silence,
    PROCEDURE,
    created=True,
    zone=True,
)
starting.api_route(
    router, "Circulate the current revision under silence procedure; members are notified.", StartSilence
)


@router.get("/procedures/{procedure_id}", response_model=queries.ProcedureDetail)
def procedure(
    session: SessionDep,
    procedure_id: RecordId,
    lang: Lang = "en",
    tz: Zone = None,
    actor: Actor | None = public("draft.read"),
) -> queries.ProcedureDetail:
    """A procedure, with its consensus board or its silence deadline."""
    return queries.procedure_detail(session, reader(session, actor, lang, tz), procedure_id)


# Kept at the edge until the next minute or a commit (a position bumps it): cica.core.answers.
@router.get(
    "/procedures/{procedure_id}/board",
    response_model=queries.BoardView,
    dependencies=[keep_answer(next_minute)],
)
def board(
    session: SessionDep, procedure_id: RecordId, lang: Lang = "en", actor: Actor | None = public("draft.read")
) -> queries.BoardView:
    """The live consensus board: one row per delegation present with its position and version."""
    return queries.board(session, reader(session, actor, lang), procedure_id)


class NewPosition(Body):
    stance: Stance
    text: Text = Field(
        "", max_length=20_000, description="The objection's reason, the reservation or statement."
    )
    paragraphs: list[Integer] = Field(default_factory=list, description="Paragraphs a reservation concerns.")
    delegation: Line | None = Field(None, description="Your delegation (the default).")
    expected_version: Integer | None = Field(
        None, description="The position version you saw (0: none yet); left out, the current one is replaced."
    )


positioning = Step(
    "/procedures/{procedure_id}/positions", "consensus.position", operations.record_position, PROCEDURE
)
positioning.api_route(router, "Join, object or join with a reservation, for your delegation.", NewPosition)


class NewStatement(Body):
    text: Text = Field(max_length=20_000)
    delegation: Line | None = None
    expected_version: Integer | None = None

    def arguments(self) -> dict[str, Any]:
        return super().arguments() | {"stance": "statement"}


stating = Step(
    "/procedures/{procedure_id}/statements",
    "consensus.statement",
    operations.record_position,
    PROCEDURE,
    "make_statement",
)
stating.api_route(
    router, "Make an interpretative statement for your delegation (observers too).", NewStatement
)

closing = Step("/procedures/{procedure_id}/close", "consensus.close", operations.close_consensus, PROCEDURE)
closing.api_route(
    router, "Close the consensus procedure (the Chair): adopted unless a member present objected."
)


class BreakSilence(Body):
    kind: BreakKind
    text: Text = Field(max_length=20_000)
    delegation: Line | None = None


breaking = Step("/procedures/{procedure_id}/break", "silence.break", operations.break_silence, PROCEDURE)
breaking.api_route(
    router,
    "Break silence for your delegation, in writing, before the deadline (the server's clock).",
    BreakSilence,
)


@router.get("/silence", response_model=queries.SilenceList)
def silence(
    session: SessionDep,
    all: bool = Query(False, description="Include procedures that have ended."),
    lang: Lang = "en",
    tz: Zone = None,
    actor: Actor | None = public("draft.read"),
) -> queries.SilenceList:
    """Silence procedures, soonest deadline first (open ones only by default); how each ended in `lang`."""
    return queries.silence_procedures(session, reader(session, actor, lang, tz), open_only=not all)


class TickResult(BaseModel):
    finalised: list[str]


@router.post("/silence/tick", response_model=TickResult)
def tick(session: SessionDep, actor: Actor = signed_in("silence.close")) -> TickResult:
    """Finalise the silence procedures whose deadline has passed, now (the scheduler does it too)."""
    done = operations.finalise_due(session, actor=actor)
    return TickResult(finalised=[item.describe() for item in done])
