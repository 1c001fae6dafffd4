"""Keyset pagination, the one mechanism every list uses: an opaque `cursor` and a bounded `limit`.

A list is ordered newest first by a unique key (e.g. `(updated_at, id)`), and a page continues
strictly after (or before) the key of the last (first) row seen, never at an offset. So rows
inserted between two page requests neither repeat nor shift a row out of the next page, and a
page 100 pages in costs one index seek, like the first. The cursor names its list, so a cursor of
one list given to another is refused instead of silently starting somewhere odd.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Row, Select, func, literal, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from cica.core.errors import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_LENGTH = 500

KeyValue = int | date | datetime
RowT = TypeVar("RowT")


class Direction(StrEnum):
    OLDER = "o"  # the rows after the key, in the list's order (newest first)
    NEWER = "n"  # the rows before it


@dataclass(frozen=True)
class Keyset:
    """A list's order: its name and the columns of its unique key, all descending."""

    name: str
    columns: tuple[InstrumentedAttribute[Any], ...]
    types: tuple[type[KeyValue], ...]
    max_limit: int = MAX_LIMIT

    def key_of(self, row: Any) -> tuple[KeyValue, ...]:
        return tuple(getattr(row, column.key) for column in self.columns)

    def encode(self, direction: Direction, key: Sequence[KeyValue]) -> str:
        values = [value.isoformat() if isinstance(value, date) else value for value in key]
        raw = json.dumps([self.name, direction.value, values], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode(self, token: str) -> tuple[Direction, tuple[KeyValue, ...]]:
        refused = InvalidInput("cursor: not a cursor of this list (follow the list's own links)")
        if len(token) > MAX_CURSOR_LENGTH:
            raise refused
        try:
            name, direction, values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if name != self.name or not isinstance(values, list) or len(values) != len(self.types):
                raise refused
            return Direction(direction), tuple(
                _value(kind, value) for kind, value in zip(self.types, values, strict=True)
            )
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise refused from None


def _value(kind: type[KeyValue], value: object) -> KeyValue:
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is datetime and isinstance(value, str):
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("a cursor's time has its zone")
        return moment
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError(f"not a {kind.__name__}")


@dataclass(frozen=True)
class PageRequest:
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT

    def checked(self, most: int = MAX_LIMIT) -> PageRequest:
        if not 1 <= self.limit <= most:
            raise InvalidInput(f"limit: {self.limit} is not between 1 and {most}")
        return self


def page_or_first(keyset: Keyset, cursor: str | None, limit: int) -> tuple[PageRequest, bool]:
    """For pages: a cursor that is not this list's (a damaged or outdated link) starts the list
    afresh, with its filters, and says so (True), rather than leaving the reader on an error."""
    if cursor:
        try:
            keyset.decode(cursor)
        except InvalidInput:
            return PageRequest(None, limit), True
    return PageRequest(cursor or None, limit), False


class PageLinks(BaseModel):
    """Where the neighbouring pages start: pass one as `cursor` (None: no such page)."""

    limit: int
    next_cursor: str | None = None  # older rows
    prev_cursor: str | None = None  # newer rows


def fetch(
    session: Session, query: Select[RowT], keyset: Keyset, page: PageRequest
) -> tuple[list[RowT], PageLinks]:
    """One page of `query` (filters applied, no order) in the keyset's order, with its links."""
    return _page(query, keyset, page, lambda paged: list(session.scalars(paged)))


def fetch_rows(
    session: Session, query: Select[Any], keyset: Keyset, page: PageRequest
) -> tuple[list[Row[Any]], PageLinks]:
    """As `fetch`, for a query of columns (which must include the keyset's): its rows, which
    cost far less to read than whole ORM objects when a list shows a few columns."""
    return _page(query, keyset, page, lambda paged: list(session.execute(paged)))


def _page(
    query: Select[Any], keyset: Keyset, page: PageRequest, read: Callable[[Select[Any]], list[RowT]]
) -> tuple[list[RowT], PageLinks]:
    page = page.checked(keyset.max_limit)
    columns = keyset.columns
    direction, key = keyset.decode(page.cursor) if page.cursor else (Direction.OLDER, None)
    if key is not None:
        bound = tuple_(*(literal(value, column.type) for column, value in zip(columns, key, strict=True)))
        row: ColumnElement[Any] = tuple_(*columns)
        query = query.where(row < bound if direction is Direction.OLDER else row > bound)
    if direction is Direction.OLDER:
        query = query.order_by(*(column.desc() for column in columns))
    else:
        query = query.order_by(*(column.asc() for column in columns))
    found = read(query.limit(page.limit + 1))
    more = len(found) > page.limit
    rows = found[: page.limit]
    if direction is Direction.NEWER:
        rows.reverse()
    links = PageLinks(limit=page.limit)
    if rows:
        older_exist = more if direction is Direction.OLDER else key is not None
        newer_exist = more if direction is Direction.NEWER else key is not None
        if older_exist:
            links.next_cursor = keyset.encode(Direction.OLDER, keyset.key_of(rows[-1]))
        if newer_exist:
            links.prev_cursor = keyset.encode(Direction.NEWER, keyset.key_of(rows[0]))
    return rows, links


def count(session: Session, query: Select[Any]) -> int:
    """How many rows the (filtered, unpaged) query has."""
    counted = query.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
    return int(session.scalar(counted) or 0)
