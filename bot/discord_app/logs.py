"""discord.py's own log records: no interaction payloads or tokens, no needless tracebacks.

At DEBUG, discord.py logs every gateway event (interactions with their question text
and interaction token) and every REST request body; a 429 warning names the webhook
URL, which holds the interaction token. So unless DISCORD_DEBUG asks for exactly that,
the `discord` loggers stay at INFO or above whatever LOG_LEVEL says, tokens in URLs are
masked, and a network failure discord.py recovers from (a reconnect) is one line with
the reason instead of a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import re

import aiohttp
import discord

TOKEN_IN_URL = re.compile(r"(/(?:webhooks|interactions)/\d+/)[^/?\s'\"]+")
RECOVERABLE = (
    OSError,
    aiohttp.ClientError,
    asyncio.TimeoutError,
    discord.GatewayNotFound,
    discord.ConnectionClosed,
    discord.DiscordServerError,
)


class DiscordRecords(logging.Filter):
    """Masks tokens in discord.py's records and shortens recoverable network tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops one."""
        if not record.name.startswith("discord"):
            return True
        message = record.getMessage()
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, RECOVERABLE):
            message = f"{message} ({type(exc).__name__}: {exc})"
            record.exc_info = None
            record.exc_text = None
        record.msg = TOKEN_IN_URL.sub(r"\1<token>", message)
        record.args = ()
        return True


def configure_discord_logging(level: int, *, debug: bool) -> None:
    """Apply the rules above to the root handlers; `debug` (DISCORD_DEBUG) lifts them."""
    discord_logger = logging.getLogger("discord")
    if debug:
        discord_logger.setLevel(level)
        return
    discord_logger.setLevel(max(level, logging.INFO))
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, DiscordRecords) for f in handler.filters):
            handler.addFilter(DiscordRecords())
