"""Start-up and shut-down of the bot process: endpoints, knowledge, signals.

SIGINT/SIGTERM close the gateway connection cleanly (discord.py's `Client.run` only
handles KeyboardInterrupt); SIGHUP re-reads the knowledge file, the Unix convention
for "reload your configuration".
"""

from __future__ import annotations

import asyncio
import functools
import logging
import signal
import sys

import aiohttp
import discord
import yarl

from bot.core.knowledge import KnowledgeError
from bot.discord_app.client import ArticleBot
from bot.settings import Settings
from bot.wiring import open_knowledge_base

log = logging.getLogger(__name__)

SHARDING_REQUIRED = 4011
"""Gateway close code: a shard holds more servers than Discord allows (2,500)."""


def start(settings: Settings, token: str) -> int:
    """Build the knowledge base, connect, serve until a signal; the exit code."""
    point_at_api(settings)
    try:
        knowledge = open_knowledge_base(settings)
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        return asyncio.run(serve(ArticleBot(settings, knowledge), token))
    except discord.LoginFailure:
        print(
            "error: Discord rejected DISCORD_TOKEN; check it (Bot → Reset Token)", file=sys.stderr
        )
    except (discord.HTTPException, discord.GatewayNotFound, aiohttp.ClientError, OSError) as exc:
        print(f"error: could not connect to Discord: {exc}", file=sys.stderr)
    except discord.ConnectionClosed as exc:
        print(f"error: {gateway_closed(exc)}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    return 1


def gateway_closed(exc: discord.ConnectionClosed) -> str:
    """Why Discord ended the session for good, with the fix when it is a setting."""
    reason = f"Discord closed the gateway connection ({f'{exc.code} {exc.reason}'.strip()})"
    if exc.code == SHARDING_REQUIRED:
        return f"{reason}: too many servers per shard; raise SHARD_COUNT, or leave it empty"
    return reason


def point_at_api(settings: Settings) -> None:
    """Aim discord.py at DISCORD_API_URL / DISCORD_GATEWAY_URL (a proxy or a stand-in).

    Both are class attributes read at request/connect time; a plain Client never asks
    the API for the gateway URL, so both must be set.
    """
    discord.http.Route.BASE = settings.discord_api_url.rstrip("/")
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


async def serve(bot: ArticleBot, token: str) -> int:
    """Run the bot until closed; SIGINT/SIGTERM close it cleanly, SIGHUP reloads."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, functools.partial(_stop, bot, sig))
    loop.add_signal_handler(signal.SIGHUP, functools.partial(_reload, bot))
    try:
        async with bot:
            await bot.start(token)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(sig)
    log.info("stopped")
    return 0


def _stop(bot: ArticleBot, sig: signal.Signals) -> None:
    log.info("%s received: closing", sig.name)
    bot.spawn(bot.close())


def _reload(bot: ArticleBot) -> None:
    log.info("SIGHUP received: reloading %s", bot.knowledge.path)
    bot.spawn(bot.reload_from_disk("sighup"))
