"""Factories: small valid objects with sensible defaults, changed per test as needed."""

from __future__ import annotations

import copy
import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import tomli_w
from sqlalchemy.orm import Session

from cica.access.actors import Actor, as_role
from cica.accounts.models import User
from cica.accounts.operations import add_user, create_token
from cica.accounts.passwords import Passwords
from cica.core.context import Context
from cica.deliberation import operations
from cica.deliberation.demo import load_example
from cica.deliberation.models import Draft, Procedure
from cica.deliberation.operations import circulate as circulate_draft
from cica.deliberation.operations import create_draft, start_silence
from cica.deliberation.texts import LanguageVersion
from cica.documents import operations as document_operations
from cica.documents.models import Document
from cica.documents.rules import NewVersion
from cica.meetings import inputs as meeting_inputs
from cica.meetings import operations as meeting_operations
from cica.meetings.models import Meeting

_MINIMAL: dict[str, Any] = {
    "organisation": {
        "id": "testbody",
        "name": {"en": "Test Body", "fr": "Organe d'essai"},
        "abbreviation": {"en": "TB"},
        "time_zone": "Europe/Paris",
        "languages": {"official": ["en", "fr"], "working": ["en"]},
    },
    "sources": {"T1": {"title": "Test source"}},
    "categories": [
        {
            "id": "member_state",
            "kind": "member",
            "applies_to": "state",
            "name": {"en": "Member state"},
            "may_propose": True,
            "may_object": True,
            "may_break_silence": True,
        },
        {
            "id": "observer_state",
            "kind": "observer",
            "applies_to": "state",
            "name": {"en": "Observer"},
        },
    ],
    "participants": [
        {
            "code": "FRA",
            "type": "state",
            "statuses": [{"category": "member_state", "from": "2000", "source": ["T1"]}],
        },
        {
            "code": "DEU",
            "type": "state",
            "statuses": [{"category": "member_state", "from": "2001-05-01"}],
        },
        {
            "code": "ITA",
            "type": "state",
            "statuses": [
                {"category": "observer_state", "from": "2000", "to": "2003-01-01"},
                {"category": "member_state", "from": "2003-01-01"},
            ],
        },
    ],
    "document_kinds": [{"id": "decision", "name": {"en": "Decision"}}],
    "organs": [
        {
            "id": "council",
            "kind": "deliberative",
            "rank": 1,
            "names": [{"lang": "en", "name": "Council"}],
            "composition": ["member_state"],
            "adopts": ["decision"],
        },
        {
            "id": "committee",
            "kind": "subsidiary",
            "rank": 2,
            "names": [{"lang": "en", "name": "Committee"}],
            "recommends": ["decision"],
            "forwards_to": ["council"],
        },
    ],
    "decision_rule": {"method": "consensus"},
    "silence_procedure": {"default_period": "P14D", "called_by": ["chair"]},
    "chairmanships": [
        {"participant": "FRA", "from": "2000", "to": "2002"},
        {"participant": "DEU", "from": "2002"},
    ],
}


def charter_data(**sections: Any) -> dict[str, Any]:
    """A small valid charter as plain data; keyword arguments replace whole sections."""
    data = copy.deepcopy(_MINIMAL)
    data.update(copy.deepcopy(sections))
    return data


def write_charter(directory: Path, data: dict[str, Any], name: str = "charter.toml") -> Path:
    path = directory / name
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


# --- Access: accounts, tokens, sessions -----------------------------------------------------

PASSWORD = "correct horse battery staple"
_FAST = Passwords(time_cost=1, memory_kib=8, parallelism=1)
_counter = itertools.count(1)


def make_user(
    session: Session,
    *,
    email: str | None = None,
    role: str = "delegate",
    delegation: str | None = "IND",
    password: str = PASSWORD,
    actor: Actor | None = None,
) -> User:
    """An account through the real operation (so it is audited), by the CLI administrator."""
    if role in ("admin", "secretariat"):
        delegation = None
    address = (
        email or f"{role.replace('_', '-')}{next(_counter)}@{(delegation or 'secretariat').lower()}.example"
    )
    return add_user(
        session,
        email=address,
        role=role,
        delegation=delegation,
        password_hash=_FAST.hash(password),
        actor=actor or Actor.command_line(),
    )


def make_token(session: Session, user: User, *, name: str = "test") -> str:
    """A live API token of `user`; returns the secret to send as `Authorization: Bearer`."""
    return create_token(session, user_id=user.id, name=name, actor=Actor.command_line()).secret


# --- Deliberation: actors, drafts, procedures -------------------------------------------------

# Actors as operations see them. The CICA charter's chair today is Azerbaijan (from 2024-12-17),
# so AZE's head of delegation presides; India, China and Pakistan are member states, Japan and
# the United States observer states.
SECRETARIAT = Actor(None, "secretariat@cica.example", "secretariat")
CHAIR = Actor(None, "head@aze.example", "head_of_delegation", "AZE")


def delegate(code: str = "IND", role: str = "delegate") -> Actor:
    """A delegate (or, with `role`, the head or an observer delegate) of `code`."""
    return Actor(None, f"{role.replace('_', '-')}@{code.lower()}.example", as_role(role), code)


DEFAULT_TEXT = (
    "Reaffirming the Declaration on Principles Guiding Relations among CICA Member States,\n\n"
    "Welcoming the progress made in implementing confidence building measures,\n\n"
    "Decide to continue the dialogue on security in Asia."
)


def make_draft(
    session: Session,
    *,
    kind: str = "declaration",
    organ: str = "swg",
    title: str = "Draft Declaration on Dialogue",
    text: str = DEFAULT_TEXT,
    texts: dict[str, tuple[str, str]] | None = None,
    sponsor: str = "secretariat",
    classification: str = "public",
    named: tuple[str, ...] = (),
    circulate: bool = True,
    actor: Actor = SECRETARIAT,
    now: datetime | None = None,
) -> Draft:
    """A draft through the real operations: created and (by default) circulated for negotiation.

    `texts` adds other languages, as {lang: (title, body)}; English is the original."""
    versions = [LanguageVersion("en", title, text)] + [
        LanguageVersion(lang, version_title, body) for lang, (version_title, body) in (texts or {}).items()
    ]
    draft = create_draft(
        session, kind=kind, organ=organ, texts=versions, original_lang="en", sponsor=sponsor,
        classification=classification, named=named, actor=actor, now=now,
    )  # fmt: skip
    if circulate:
        circulate_draft(session, draft.id, actor=actor, now=now)
    return draft


def make_silence(
    session: Session,
    *,
    started: datetime,
    period: str = "P14D",
    organ: str = "soc",
    kind: str = "report",
    title: str = "Annual report",
    actor: Actor = SECRETARIAT,
) -> Procedure:
    """A draft circulated in `organ` and put under silence at `started` for `period`."""
    draft = make_draft(session, kind=kind, organ=organ, title=title, now=started, actor=actor)
    return start_silence(session, draft.id, period=period, actor=actor, now=started)


def make_every_event(context: Context) -> dict[str, int]:
    """The demo's history plus the steps it does not take, through the real operations, so that
    every kind of history step, procedure ending and notice exists; returns ids to open pages of."""
    load_example(context)
    india, pakistan = delegate("IND"), delegate("PAK")
    now = datetime.now(UTC).replace(microsecond=0)
    with context.unit_of_work() as session:
        amended = make_draft(session, title="Draft on amendments")
        first = operations.propose_amendment(
            session, amended.id, kind="replace", paragraphs=[2], text="Welcoming the progress,",
            justification="style", actor=india,
        )  # fmt: skip
        operations.reject_amendment(session, first.id, actor=CHAIR)
        second = operations.propose_amendment(
            session, amended.id, kind="insert", after=0, text="Recalling the Almaty Act,",
            justification="context", actor=india,
        )  # fmt: skip
        operations.withdraw_amendment(session, second.id, actor=india)
        third = operations.propose_amendment(
            session,
            amended.id,
            kind="delete",
            paragraphs=[1, 2],
            text="",
            justification="length",
            actor=india,
        )
        operations.accept_amendment(session, third.id, actor=CHAIR)
        operations.withdraw(session, amended.id, actor=SECRETARIAT)
        operations.reject(session, make_draft(session, title="Draft not adopted").id, actor=CHAIR)
        objected = make_draft(session, organ="ministerial_council", title="Draft objected to")
        procedure = operations.open_consensus(session, objected.id, present=["IND", "PAK"], actor=CHAIR)
        operations.record_position(session, procedure.id, stance="object", text="No", actor=pakistan)
        operations.close_consensus(session, procedure.id, actor=CHAIR)
        broken = make_silence(session, started=now - timedelta(days=1), title="Report under silence")
        operations.break_silence(session, broken.id, kind="objection", text="We object", actor=india)
        running = make_silence(session, started=now, title="Report still under silence")
        return {"draft": objected.id, "consensus": procedure.id, "silence": running.id, "broken": broken.id}


def make_meeting(
    session: Session,
    *,
    organ: str = "soc",
    day: str = "2030-06-04",
    last_day: str | None = None,
    time_zone: str = "Asia/Almaty",
    city: str = "Astana",
    host: str | None = "KAZ",
    kind: str = "regular",
    chair: str | None = None,
    actor: Actor | None = None,
) -> Meeting:
    """A meeting scheduled through the operation (as the system unless told otherwise)."""
    plan = meeting_inputs.plan(
        organ=organ, kind=kind, starts=day, ends=last_day, time_zone=time_zone, seat_zone="Asia/Almaty",
        city=city, host=host, chair=chair,
    )  # fmt: skip
    return meeting_operations.schedule(session, plan, actor=actor or Actor.system())


# --- Documents ----------------------------------------------------------------------------------

SAMPLE_FR = (
    "La Conférence pour l'interaction et les mesures de confiance en Asie",
    "La CICA observe les buts et principes de la Charte des Nations unies. Elle renforce la coopération.",
)
SAMPLE_ZH = ("亚信会议", "亚信会议恪守《联合国宪章》宗旨和原则。加强成员国安全合作。")


def make_document(
    session: Session,
    *,
    versions: dict[str, tuple[str, ...]] | None = None,
    symbol: str | None = None,
    classification: str = "public",
    named: tuple[str, ...] = (),
    actor: Actor = SECRETARIAT,
    now: datetime | None = None,
) -> Document:
    """A document through the real operation: by default a French original and a Chinese
    translation, two paragraphs each."""
    chosen = versions or {"fr": SAMPLE_FR, "zh": SAMPLE_ZH}
    details = document_operations.Details(symbol=symbol, classification=classification, named=named)
    return document_operations.import_document(
        session,
        [NewVersion(lang, paragraphs, f"{lang}.txt") for lang, paragraphs in chosen.items()],
        details=details,
        actor=actor,
        now=now,
    )
