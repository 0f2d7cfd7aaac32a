"""HTTP helpers: request bodies (JSON or multipart) and JSON responses.

discord.py switches to multipart (``payload_json`` plus ``files[n]``) whenever
a message carries files, for callbacks and webhooks alike, so every message
route accepts both.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from .errors import INVALID_JSON, APIError, api_error

_FILE_FIELD = re.compile(r"^files\[(\d+)\]$|^file(\d*)$")


@dataclass
class FilePart:
    """One uploaded file part; ``index`` is n from ``files[n]``."""

    index: int
    filename: str
    data: bytes
    content_type: str | None


@dataclass
class Body:
    """Parsed request body."""

    json: Any = None
    files: list[FilePart] = field(default_factory=list)
    multipart: bool = False


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise api_error(INVALID_JSON) from None


async def read_body(request: web.Request) -> Body:
    """Parse JSON or multipart; invalid JSON is Discord's 50109."""
    if not request.body_exists:
        return Body()
    ctype = request.content_type
    if ctype.startswith("multipart/"):
        body = Body(multipart=True)
        reader = await request.multipart()
        position = 0
        while True:
            part = await reader.next()
            if part is None:
                break
            if not isinstance(part, BodyPartReader):
                continue
            name = part.name or ""
            if name == "payload_json":
                body.json = _loads(await part.text())
                continue
            match = _FILE_FIELD.match(name)
            if match is None:
                continue
            index = int(match.group(1) or match.group(2) or position)
            position += 1
            data = bytes(await part.read(decode=False))
            content_type = part.headers.get("Content-Type")
            body.files.append(FilePart(index, part.filename or f"file{index}", data, content_type))
        return body
    text = await request.text()
    if not text:
        return Body()
    return Body(json=_loads(text))


def json_response(data: Any, status: int = 200) -> web.Response:
    """JSON with exactly ``Content-Type: application/json``: discord.py compares
    the header verbatim and treats anything else (even ``; charset=utf-8``) as text."""
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def redact(request: web.Request) -> str:
    token = request.match_info.get("token")
    path = request.path_qs
    return path.replace(token, "<token>") if token else path


def describe(request: web.Request, exc: APIError) -> str:
    return f"{request.method} {redact(request)}: {exc.describe()}"
