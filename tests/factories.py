"""Factories: small valid objects with sensible defaults, changed per test as needed."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path
from typing import Any

import tomli_w
from sqlalchemy.orm import Session

from cica.access.actors import Actor
from cica.access.models import User
from cica.access.operations import add_user, create_token
from cica.access.passwords import Passwords

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
