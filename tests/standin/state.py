"""State shared by the stand-in's parts (declarations for the mixins).

The server is split into mixins (builders, composer, responses); this base
declares the attributes they share so each module type-checks on its own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import quote

from aiohttp import web

from .errors import UNAUTHORIZED, JSONDict, api_error
from .guild import GuildSpec, MemberSpec
from .records import InteractionRecord, SentMessage, UploadedFile
from .snowflakes import SnowflakeFactory


@dataclass
class StoredFile:
    """Bytes served on the CDN route."""

    filename: str
    data: bytes
    content_type: str | None
    delay: float = 0.0


class StandInState:
    """Attributes set by :class:`DiscordStandIn.__init__`."""

    ids: SnowflakeFactory
    token: str
    application_id: int
    bot_user_id: int
    bot: MemberSpec
    guild: GuildSpec
    guilds: list[GuildSpec]
    dm_user: MemberSpec
    ack_deadline: float
    token_lifetime: float
    attachment_size_limit: int
    app_permissions: int
    interactions: dict[int, InteractionRecord]
    channel_messages: list[SentMessage]
    _port: int
    _commands: dict[int | None, list[JSONDict]]
    _files: dict[int, StoredFile]
    _uploads: dict[int, UploadedFile]
    _attachments_by_id: dict[int, JSONDict]
    _dm_channels: dict[int, int]
    _messages: dict[int, JSONDict]
    _by_token: dict[str, InteractionRecord]

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        if not self._port:
            raise RuntimeError("stand-in not started")
        return f"http://127.0.0.1:{self._port}"

    def _cdn_url(self, attachment_id: int, filename: str) -> str:
        """A CDN url with Discord-like signed query parameters."""
        now = int(time.time())
        return (
            f"{self.base_url}/attachments/{attachment_id}/{quote(filename)}"
            f"?ex={now + 86400:x}&is={now:x}&hm={attachment_id:x}&"
        )

    def _require_auth(self, request: web.Request) -> None:
        if request.headers.get("Authorization") != f"Bot {self.token}":
            raise api_error(UNAUTHORIZED)
