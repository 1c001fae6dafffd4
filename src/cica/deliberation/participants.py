"""Who takes part: the delegations that sit in an organ on a day, who was present at a session,
and who sponsors a draft. Pure: charter values in, values out.

- `organ_delegations`: the participants whose category on the day is in the organ's composition,
  each with its category's rights (`rules.Delegation`); `members_of` keeps those who may object.
- `delegations_present`: a session's attendance, checked against the organ's composition.
- `Sponsor`: a delegation, the Chair or the Secretariat; a delegation sponsors only if its
  category may propose (`check_sponsor`), and only the sponsor withdraws a draft
  (`check_withdrawal`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cica.charter.schema import Charter
from cica.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from cica.deliberation.rules import Competences, Delegation
from cica.registry.rules import one_in_force

# --- Who sits in an organ ---------------------------------------------------------------------


def organ_delegations(charter: Charter, organ_id: str, day: date) -> tuple[Delegation, ...]:
    """The delegations that sit in the organ on `day`, by code.

    A participant sits in an organ when its category that day is in the organ's composition; an
    organ whose composition the charter leaves empty seats every participant of the day.
    """
    organ = next((o for o in charter.organs if o.id == organ_id), None)
    if organ is None:
        raise NotFound(f"{organ_id!r} is not an organ of the charter (charter: organs)")
    categories = {category.id: category for category in charter.categories}
    seated = set(organ.composition)
    found = []
    for participant in charter.participants:
        status = one_in_force(participant.statuses, day)
        if status is None or (seated and status.category not in seated):
            continue
        found.append(Delegation.of(participant.code, categories[status.category]))
    return tuple(sorted(found, key=lambda d: d.code))


def members_of(delegations: Iterable[Delegation]) -> tuple[Delegation, ...]:
    """Those whose category may object: the members, who make or block a consensus."""
    return tuple(d for d in delegations if d.may_object)


def delegations_present(
    charter: Charter, organ_id: str, day: date, codes: Iterable[str] | None = None
) -> tuple[Delegation, ...]:
    """The delegations recorded as present at a session of the organ on `day` (all who sit in it
    when `codes` is None). Refuses a code named twice and one that does not sit in the organ."""
    sitting = {d.code: d for d in organ_delegations(charter, organ_id, day)}
    if codes is None:
        return tuple(sitting.values())
    present: dict[str, Delegation] = {}
    for raw in codes:
        code = raw.strip().upper()
        if code in present:
            raise InvalidInput(f"{code} is listed as present twice")
        if code not in sitting:
            name = f"the {Competences.from_charter(charter, on=day).organ(organ_id).name}"
            raise Conflict(
                f"{code} does not sit in {name} on {day.isoformat()}: no participant of that code "
                f"has a category in its composition that day (charter: organs.{organ_id}.composition)"
            )
        present[code] = sitting[code]
    if not present:
        raise InvalidInput("present: a session needs at least one delegation present", code="none_present")
    return tuple(sorted(present.values(), key=lambda d: d.code))


# --- Sponsors --------------------------------------------------------------------------------


class SponsorKind(StrEnum):
    DELEGATION = "delegation"
    CHAIR = "chair"
    SECRETARIAT = "secretariat"


_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")


@dataclass(frozen=True)
class Sponsor:
    """Who puts a draft forward: a delegation (by participant code), the Chair or the Secretariat."""

    kind: SponsorKind
    code: str | None = None

    def __post_init__(self) -> None:
        if (self.kind is SponsorKind.DELEGATION) != (self.code is not None):
            raise ValueError("a delegation sponsor, and only one, has a participant code")

    @classmethod
    def parse(cls, value: str) -> Sponsor:
        """`chair`, `secretariat`, or a participant code such as `IND`."""
        text = value.strip()
        if text.lower() in (SponsorKind.CHAIR.value, SponsorKind.SECRETARIAT.value):
            return cls(SponsorKind(text.lower()))
        if not _CODE.match(text.upper()):
            raise InvalidInput(
                f"{value!r} is not a sponsor: give chair, secretariat or a participant code such as IND"
            )
        return cls(SponsorKind.DELEGATION, text.upper())

    @property
    def value(self) -> str:
        """The stored form: the code, or `chair` / `secretariat`."""
        return self.code if self.code is not None else self.kind.value

    @property
    def label(self) -> str:
        return self.code if self.code is not None else f"the {self.kind.value.capitalize()}"


def check_sponsor(sponsor: Sponsor, delegation: Delegation | None) -> None:
    """A delegation sponsors a draft only if its category may propose texts; `delegation` is the
    sponsor's delegation with the rights of its category on the day (None for Chair or Secretariat)."""
    if sponsor.kind is not SponsorKind.DELEGATION:
        return
    if delegation is None or delegation.code != sponsor.code:
        raise ValueError("the sponsoring delegation's rights are needed to check it")
    if not delegation.may_propose:
        raise Conflict(
            f"{delegation.code} may not sponsor a draft: its category {delegation.category!r} does "
            f"not give the right to propose texts (charter: categories.{delegation.category}.may_propose)"
        )


def check_withdrawal(sponsor: Sponsor, acting_for: Iterable[Sponsor]) -> None:
    """Only the sponsor withdraws a draft: `acting_for` is every capacity the actor holds
    (its own delegation, the Chair while its delegation chairs, the Secretariat)."""
    capacities = list(acting_for)
    if sponsor in capacities:
        return
    labels = [c.label for c in capacities]
    held = (
        ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else "".join(labels)
    ) or "no sponsor"
    raise PermissionDenied(
        f"only the draft's sponsor, {sponsor.label}, may withdraw it; you act for {held} "
        "(rule: the sponsor withdraws a draft)"
    )
