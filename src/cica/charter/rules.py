"""Consistency rules of a charter that a schema alone cannot express. Pure: no I/O.

`problems` returns every problem with the key path it concerns, so a person can find and fix
all of them in one pass instead of one per run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

import pycountry
from pydantic import BaseModel

from cica.charter.schema import Charter, Dated, Sourced


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def walk(model: BaseModel, path: str = "") -> Iterator[tuple[str, BaseModel]]:
    """Every model nested in `model`, with its key path (`participants[3].statuses[0]`)."""
    yield path, model
    for name in type(model).model_fields:
        value = getattr(model, name)
        key = type(model).model_fields[name].alias or name
        child_path = f"{path}.{key}" if path else key
        if isinstance(value, BaseModel):
            yield from walk(value, child_path)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk(item, f"{child_path}[{index}]")
        elif isinstance(value, dict):
            for item_key, item in value.items():
                if isinstance(item, BaseModel):
                    yield from walk(item, f"{child_path}.{item_key}")


def is_iso_alpha3(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def problems(charter: Charter) -> list[Problem]:
    found: list[Problem] = []
    found += _duplicates("categories", [c.id for c in charter.categories])
    found += _duplicates("participants", [p.code for p in charter.participants])
    found += _duplicates("organs", [o.id for o in charter.organs])
    found += _duplicates("document_kinds", [k.id for k in charter.document_kinds])
    found += _sources_and_periods(charter)
    found += _participants(charter)
    found += _organs(charter)
    found += _chairmanships(charter)
    found += _catalogue(charter)
    return found


def _duplicates(path: str, ids: Sequence[str]) -> list[Problem]:
    seen: set[str] = set()
    found = []
    for index, value in enumerate(ids):
        if value in seen:
            found.append(Problem(f"{path}[{index}]", f"{value!r} is defined more than once"))
        seen.add(value)
    return found


def _sources_and_periods(charter: Charter) -> list[Problem]:
    found = []
    for path, model in walk(charter):
        if isinstance(model, Sourced):
            found += [
                Problem(f"{path}.source", f"unknown source {source_id!r} (not in [sources])")
                for source_id in model.source
                if source_id not in charter.sources
            ]
        ends_first = (
            isinstance(model, Dated)
            and model.from_ is not None
            and model.to is not None
            and model.to.first_day() <= model.from_.first_day()
        )
        if ends_first:
            assert isinstance(model, Dated)
            found.append(Problem(f"{path}.to", f"ends ({model.to}) before it starts ({model.from_})"))
    return found


def _overlapping(path: str, what: str, items: Sequence[Dated]) -> list[Problem]:
    return [
        Problem(
            f"{path}[{j}]",
            f"{what} overlaps {path}[{i}] "
            f"({items[i].from_ or '…'}–{items[i].to or '…'} and {items[j].from_ or '…'}–{items[j].to or '…'})",
        )
        for (i, first), (j, second) in combinations(enumerate(items), 2)
        if first.period.overlaps(second.period)
    ]


def _participants(charter: Charter) -> list[Problem]:
    categories = {c.id: c for c in charter.categories}
    found = []
    for index, participant in enumerate(charter.participants):
        path = f"participants[{index}]"
        if participant.type == "state" and not is_iso_alpha3(participant.code):
            found.append(Problem(f"{path}.code", f"{participant.code!r} is not an ISO 3166-1 alpha-3 code"))
        if participant.type == "organisation" and not participant.name:
            found.append(Problem(f"{path}.name", "an organisation needs a name"))
        if not participant.statuses:
            found.append(Problem(f"{path}.statuses", "a participant needs at least one status"))
        for s_index, status in enumerate(participant.statuses):
            category = categories.get(status.category)
            if category is None:
                found.append(
                    Problem(f"{path}.statuses[{s_index}].category", f"unknown category {status.category!r}")
                )
            elif category.applies_to != participant.type:
                found.append(
                    Problem(
                        f"{path}.statuses[{s_index}].category",
                        f"category {category.id!r} is for {category.applies_to}s, "
                        f"but {participant.code} is a {participant.type}",
                    )
                )
            if status.from_ is None:
                found.append(Problem(f"{path}.statuses[{s_index}].from", "an admission needs a date"))
        found += _overlapping(
            f"{path}.statuses",
            f"{participant.code} admitted while already a participant:",
            participant.statuses,
        )
        found += _names_overlap(f"{path}.names", participant.names)
    return found


def _names_overlap(path: str, names: Sequence[Dated]) -> list[Problem]:
    by_lang: dict[str, list[tuple[int, Dated]]] = {}
    for index, name in enumerate(names):
        by_lang.setdefault(getattr(name, "lang", ""), []).append((index, name))
    found = []
    for entries in by_lang.values():
        for (i, first), (j, second) in combinations(entries, 2):
            if first.period.overlaps(second.period):
                found.append(Problem(f"{path}[{j}]", f"name overlaps {path}[{i}] in the same language"))
    return found


def _organs(charter: Charter) -> list[Problem]:
    organ_ids = {o.id for o in charter.organs}
    kinds = {k.id for k in charter.document_kinds}
    categories = {c.id for c in charter.categories}
    found = []
    for index, organ in enumerate(charter.organs):
        path = f"organs[{index}]"
        if not organ.names:
            found.append(Problem(f"{path}.names", "an organ needs a name"))
        found += _names_overlap(f"{path}.names", organ.names)
        for field, known, what in (
            ("adopts", kinds, "document kind"),
            ("recommends", kinds, "document kind"),
            ("forwards_to", organ_ids, "organ"),
            ("composition", categories, "category"),
        ):
            found += [
                Problem(f"{path}.{field}", f"unknown {what} {value!r}")
                for value in getattr(organ, field)
                if value not in known
            ]
        if organ.id in organ.forwards_to:
            found.append(Problem(f"{path}.forwards_to", "an organ cannot forward to itself"))
    return found


def _chairmanships(charter: Charter) -> list[Problem]:
    codes = {p.code for p in charter.participants}
    found = [
        Problem(f"chairmanships[{index}].participant", f"unknown participant {term.participant!r}")
        for index, term in enumerate(charter.chairmanships)
        if term.participant not in codes
    ]
    found += [
        Problem(f"chairmanships[{index}].from", "a chair term needs a start date")
        for index, term in enumerate(charter.chairmanships)
        if term.from_ is None
    ]
    return found + _overlapping("chairmanships", "chair term", charter.chairmanships)


def _catalogue(charter: Charter) -> list[Problem]:
    codes = {p.code for p in charter.participants}
    found = []
    for path, model in walk(charter):
        participant = getattr(model, "participant", None)
        if path.startswith("catalogue") and participant is not None and participant not in codes:
            found.append(Problem(f"{path}.participant", f"unknown participant {participant!r}"))
    return found
