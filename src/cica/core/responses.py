"""Answers serialised once: the result model, already validated when the query built it, is
written to JSON bytes by Pydantic's serialiser and sent as they are. (Returned through
`response_model`, FastAPI would validate the same data again and serialise it a second way.)
Routes keep `response_model` for the OpenAPI document, which then describes these bytes exactly.
"""

from __future__ import annotations

from pydantic import BaseModel
from starlette.responses import Response


class JSONBytes(Response):
    media_type = "application/json"


def json_answer(result: BaseModel, *, by_alias: bool = False, etag: str | None = None) -> JSONBytes:
    return JSONBytes(result.model_dump_json(by_alias=by_alias), headers={"ETag": etag} if etag else None)
