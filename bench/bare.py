"""The baseline server: a bare Starlette app that sends recorded answers again, byte for byte.

`python -m bench.bare ANSWERS.json --port P` serves each recorded path with its status,
content-type and body, under uvicorn with the same defaults as `cica serve` (one worker).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def app_for(answers: list[dict[str, str | int]]) -> Starlette:
    # Keyed by path and query: one path may be recorded with several queries.
    by_target = {
        str(a["path"]): (int(a["status"]), a["type"], bytes.fromhex(str(a["body"]))) for a in answers
    }

    async def answer(request: Request) -> Response:
        query = request.url.query
        status, media_type, body = by_target[request.url.path + (f"?{query}" if query else "")]
        return Response(body, status_code=status, media_type=str(media_type) if media_type else None)

    return Starlette(routes=[Route("/{path:path}", answer)])


def main(arguments: list[str]) -> None:
    answers = json.loads(Path(arguments[0]).read_text())
    port = int(arguments[arguments.index("--port") + 1])
    uvicorn.run(app_for(answers), host="127.0.0.1", port=port, workers=1)


if __name__ == "__main__":
    main(sys.argv[1:])
