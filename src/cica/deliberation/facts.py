"""The loaded charter as the deliberation rules need it: competences, delegations, organs, clock.

The registry keeps the charter this database holds as canonical JSON (`charter` table); it is
parsed once per digest and shared read-only, so operations and queries get the same answers the
pure rules were tested with, without a query per fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from types import MappingProxyType
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from cica.charter.schema import Charter
from cica.core import clock
from cica.deliberation import participants, rules, symbols
from cica.registry import snapshot
from cica.registry.snapshot import RegistrySnapshot, SnapshotKey


@dataclass(frozen=True)
class Facts:
    """The charter of this database, with the lookups deliberation makes most."""

    registry: RegistrySnapshot
    charter: Charter
    _organ_cache: dict[tuple[str, date], tuple[rules.Delegation, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def digest(self) -> str:
        return self.registry.digest

    @property
    def time_zone(self) -> str:
        return self.charter.organisation.time_zone

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def day_of(self, moment: datetime) -> date:
        """The calendar day at the seat (the charter's time zone) at `moment`."""
        return clock.day_at(moment, self.zone)

    def competences(self, day: date, lang: str = "en") -> rules.Competences:
        """The organs and their competences on `day`, built once per day and language: lists ask
        for an organ's name on every row."""
        return self.registry.memo(
            ("competences", day, lang),
            lambda: rules.Competences.from_charter(self.charter, on=day, lang=lang),
        )

    def organ_names(self, day: date, lang: str) -> Mapping[str, str]:
        """Every organ's name on `day` in `lang`, derived once per day and language (a list
        names the organ of each row; the charter's answer does not change between them)."""
        return self.registry.memo(
            ("organ names", day, lang),
            lambda: MappingProxyType(
                {organ_id: organ.name for organ_id, organ in self.competences(day, lang).organs.items()}
            ),
        )

    def delegation(self, code: str, day: date) -> rules.Delegation:
        return rules.delegation_on(self.charter, code, day)

    def sitting(self, organ_id: str, day: date) -> tuple[rules.Delegation, ...]:
        """Who sits in the organ on `day` (its composition); cached, as a day's answer never changes."""
        key = (organ_id, day)
        if key not in self._organ_cache:
            self._organ_cache[key] = participants.organ_delegations(self.charter, organ_id, day)
        return self._organ_cache[key]

    def members(self, organ_id: str, day: date) -> tuple[rules.Delegation, ...]:
        """The organ's members on `day`: those who sit in it and may object."""
        return participants.members_of(self.sitting(organ_id, day))

    def participant_names(self, session: Session, day: date, lang: str) -> Mapping[str, str]:
        """Every participant's name on `day` in `lang` (the registry's answer, from its snapshot)."""
        return self.registry.participant_names(day, lang)

    @property
    def quorum(self) -> int | None:
        return self.charter.decision_rule.quorum

    @property
    def symbol_pattern(self) -> str:
        return self.charter.decision_rule.symbol_pattern

    @property
    def default_silence_period(self) -> str:
        return self.charter.silence_procedure.default_period

    @property
    def silence_called_by(self) -> list[str]:
        return list(self.charter.silence_procedure.called_by)

    @property
    def org_code(self) -> str:
        abbreviation = self.charter.organisation.abbreviation
        return abbreviation.get("en") or next(iter(abbreviation.values()), self.charter.organisation.id)

    def organ_code(self, organ_id: str) -> str:
        organ = next((o for o in self.charter.organs if o.id == organ_id), None)
        abbreviation = organ.abbreviation.get("en") if organ is not None else None
        return symbols.organ_code(organ_id, abbreviation)

    def kind_name(self, kind: str, lang: str = "en") -> str:
        found = next((k for k in self.charter.document_kinds if k.id == kind), None)
        if found is None:
            return kind
        return found.name.get(lang) or found.name.get("en") or kind

    @property
    def kinds(self) -> list[str]:
        return [kind.id for kind in self.charter.document_kinds]

    @property
    def organ_ids(self) -> list[str]:
        return [organ.id for organ in sorted(self.charter.organs, key=lambda o: (o.rank, o.id))]


_loaded: dict[SnapshotKey, Facts] = {}


def facts(session: Session) -> Facts:
    """The facts of the charter loaded in this database (parsed once per charter generation)."""
    registry = snapshot.current(session)
    found = _loaded.get(registry.key)
    if found is None:
        found = Facts(registry, Charter.model_validate(registry.document))
        # One body per database: keep only the newest few, so a long-lived process that serves
        # tests or reloads charters does not accumulate them.
        if len(_loaded) >= snapshot.KEEP:
            _loaded.clear()
        _loaded[registry.key] = found
    return found
