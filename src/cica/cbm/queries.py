"""Reads of confidence-building measures: the catalogue and the coordinators on a day."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cica.cbm import rules
from cica.cbm.models import CatalogueVersion, Dimension, PriorityArea
from cica.core.errors import NotFound
from cica.registry import snapshot
from cica.registry.snapshot import localized


class MeasureItem(BaseModel):
    number: str
    text: str
    items: list[str]
    sources: list[str]


class AreaItem(BaseModel):
    key: str
    name: str
    certainty: str
    measures: list[MeasureItem]


class DimensionItem(BaseModel):
    key: str
    name: str
    areas: list[AreaItem]


class VersionItem(BaseModel):
    id: str
    title: str
    adopted: str
    dimensions: list[DimensionItem]


class Catalogue(BaseModel):
    versions: list[VersionItem]


def _text(values: dict[str, str], lang: str) -> str:
    return localized(values, lang) or next(iter(values.values()), "")


def catalogue(
    session: Session, *, version: str | None = None, dimension: str | None = None, lang: str = "en"
) -> Catalogue:
    """The catalogue, every version (or one), every dimension (or one), in `lang` where it has it."""
    statement = select(CatalogueVersion).order_by(CatalogueVersion.id)
    if version is not None:
        statement = statement.where(CatalogueVersion.id == version)
    rows = list(
        session.scalars(
            statement.options(
                selectinload(CatalogueVersion.dimensions)
                .selectinload(Dimension.areas)
                .selectinload(PriorityArea.measures)
            )
        )
    )
    if version is not None and not rows:
        raise NotFound(f"no catalogue version {version!r}")
    versions = [
        VersionItem(
            id=row.id,
            title=_text(row.title, lang),
            adopted=row.adopted,
            dimensions=[
                DimensionItem(
                    key=d.key,
                    name=_text(d.name, lang),
                    areas=[
                        AreaItem(
                            key=a.key,
                            name=_text(a.name, lang),
                            certainty=a.certainty,
                            measures=[
                                MeasureItem(
                                    number=m.number,
                                    text=_text(m.text, lang),
                                    items=[f"({i['label']}) {_text(i['text'], lang)}" for i in m.items],
                                    sources=m.sources,
                                )
                                for m in a.measures
                            ],
                        )
                        for a in d.areas
                    ],
                )
                for d in row.dimensions
                if dimension is None or d.key == dimension
            ],
        )
        for row in rows
    ]
    if dimension is not None and not any(v.dimensions for v in versions):
        raise NotFound(f"no dimension {dimension!r}")
    return Catalogue(versions=versions)


class TermItem(BaseModel):
    area: str
    area_name: str
    dimension: str
    participant: str
    name: str
    role: rules.Role
    starts: str | None
    ends: str | None
    dates_unconfirmed: bool
    certainty: str
    sources: list[str]


class Coordinators(BaseModel):
    on: date
    version: str
    terms: list[TermItem]


def coordinators(session: Session, day: date, *, lang: str = "en") -> Coordinators:
    """The coordinators and co-coordinators on `day`, by the latest catalogue adopted by then.
    Terms the sources give no dates for are included and flagged (`rules.term_on`)."""
    versions = list(session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.adopted)))
    chosen = [v for v in versions if (rules.first_day(v.adopted) or date.min) <= day] or versions
    if not chosen:
        raise NotFound("no catalogue is loaded: run cica init")
    version = chosen[-1]
    names = snapshot.current(session).participant_names(day, lang)
    terms: list[TermItem] = []
    for d in version.dimensions:
        for a in d.areas:
            for t in a.terms:
                on = rules.term_on(t.starts, t.ends, day)
                if not on.holds:
                    continue
                terms.append(
                    TermItem(
                        area=a.key,
                        area_name=_text(a.name, lang),
                        dimension=d.key,
                        participant=t.participant_code,
                        name=names.get(t.participant_code, t.participant_code),
                        role=t.role,
                        starts=t.starts,
                        ends=t.ends,
                        dates_unconfirmed=on.dates_unconfirmed,
                        certainty=t.certainty,
                        sources=t.sources,
                    )
                )
    return Coordinators(on=day, version=version.id, terms=terms)
