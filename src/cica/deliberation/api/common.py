"""What the deliberation API routes share: request bodies' base, texts, the reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from cica.core.deps import Integer, Line, Text
from cica.core.i18n import Language
from cica.deliberation.queries.decisions import DecisionFilter
from cica.deliberation.texts import LanguageVersion

Lang = Annotated[Language, Query(description="Language of organ, kind and participant names.")]
Zone = Annotated[Line | None, Query(description="Your IANA time zone, to show deadlines in it too.")]


@dataclass(frozen=True)
class DraftFilters:
    """The `?organ=`, `?stage=` and `?kind=` of the list of drafts, as the API and the page take
    them (the page reads a blank field as no filter; the API refuses a blank stage)."""

    organ: str | None
    stage: str | None
    kind: str | None

    def blank_as_none(self) -> DraftFilters:
        return DraftFilters(self.organ or None, self.stage or None, self.kind or None)


def draft_filters(
    organ: Line | None = None, stage: Line | None = None, kind: Line | None = None
) -> DraftFilters:
    return DraftFilters(organ, stage, kind)


DraftFilterParams = Annotated[DraftFilters, Depends(draft_filters)]


def register_filter(
    organ: Line | None = None,
    year: Integer | None = None,
    kind: Line | None = None,
    procedure: Line | None = Query(None, description="consensus or silence"),
) -> DecisionFilter:
    """The register's `?organ=`, `?year=`, `?kind=` and `?procedure=`, as its list and its export
    take them."""
    return DecisionFilter(organ=organ, year=year, kind=kind, procedure=procedure)


RegisterFilterParams = Annotated[DecisionFilter, Depends(register_filter)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def arguments(self) -> dict[str, Any]:
        """The operation's keyword arguments: the fields, by the same names."""
        return dict(self)


class TextIn(Body):
    lang: Line = Field(max_length=35, description="BCP 47 tag: en, ru, zh-Hans…")
    title: Line = Field(max_length=500)
    body: Text = Field(max_length=200_000, description="Paragraphs separated by blank lines.")


def versions(texts: list[TextIn]) -> list[LanguageVersion]:
    return [LanguageVersion(t.lang, t.title, t.body) for t in texts]
