"""What the deliberation API routes share: request bodies' base, texts, the reader."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from cica.core.deps import Line, Text
from cica.core.i18n import Language
from cica.deliberation.texts import LanguageVersion

Lang = Annotated[Language, Query(description="Language of organ, kind and participant names.")]
Zone = Annotated[Line | None, Query(description="Your IANA time zone, to show deadlines in it too.")]


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
